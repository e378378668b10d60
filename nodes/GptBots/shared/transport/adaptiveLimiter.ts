/**
 * Bounds the requests in flight, and adapts the bound to GPTBots' rate limit: every 429 means
 * one request too many was in flight, so the bound drops by one (never below 1); after a clean
 * stretch it climbs back by one, up to the configured maximum. Each rate-limit episode doubles
 * the clean stretch needed before the next step up (at most 64 rounds), so a server with a fixed
 * limit is probed rarely rather than every round. Waiting for Retry-After happens outside the
 * limiter, so a rejected request does not hold a slot while it sleeps.
 */
export class AdaptiveLimiter {
	private inFlight = 0;

	private current: number;

	private cleanSinceChange = 0;

	/** Rounds of clean answers (of `current` each) needed before the bound steps up. */
	private probePenalty = 1;

	/** Answers since the penalty last doubled: a burst of 429s is one episode, not many. */
	private answersSincePenalty = Infinity;

	private episodeLength = 0;

	static readonly MAX_PROBE_PENALTY = 64;

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
		this.answersSincePenalty++;
		if (rateLimited) {
			// The answers to what was in flight when the episode began belong to that episode.
			if (this.answersSincePenalty >= this.episodeLength) {
				this.probePenalty = Math.min(AdaptiveLimiter.MAX_PROBE_PENALTY, this.probePenalty * 2);
				this.answersSincePenalty = 0;
				this.episodeLength = this.current;
			}
			this.current = Math.max(1, this.current - 1);
			this.cleanSinceChange = 0;
		} else if (this.current < this.max) {
			this.cleanSinceChange++;
			if (this.cleanSinceChange >= this.current * this.probePenalty) {
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
