/**
 * Bounds the requests in flight, and adapts the bound to GPTBots' rate limit: every 429 means
 * one request too many was in flight, so the bound drops by one (never below 1); after a clean
 * stretch it climbs back by one, up to the configured maximum. Waiting for Retry-After happens
 * outside the limiter, so a rejected request does not hold a slot while it sleeps.
 */
export class AdaptiveLimiter {
	private inFlight = 0;

	private current: number;

	private cleanSinceChange = 0;

	private rateLimitedBefore = false;

	private readonly waiting: Array<() => void> = [];

	constructor(readonly max: number) {
		this.current = Math.max(1, Math.floor(max));
	}

	get limit(): number {
		return this.current;
	}

	get active(): number {
		return this.inFlight;
	}

	async acquire(): Promise<void> {
		if (this.inFlight < this.current && this.waiting.length === 0) {
			this.inFlight++;
			return;
		}
		await new Promise<void>((resolve) => this.waiting.push(resolve));
	}

	/** Frees a slot. `rateLimited`: the request was answered 429. */
	release(rateLimited: boolean): void {
		this.inFlight--;
		if (rateLimited) {
			this.current = Math.max(1, this.current - 1);
			this.cleanSinceChange = 0;
			this.rateLimitedBefore = true;
		} else if (this.current < this.max) {
			this.cleanSinceChange++;
			// Probe upwards more cautiously once the server has shown where its limit is.
			const needed = this.rateLimitedBefore ? this.current * 4 : this.current;
			if (this.cleanSinceChange >= needed) {
				this.current++;
				this.cleanSinceChange = 0;
			}
		}
		this.wakeWaiting();
	}

	private wakeWaiting(): void {
		while (this.waiting.length > 0 && this.inFlight < this.current) {
			this.inFlight++;
			this.waiting.shift()!();
		}
	}
}
