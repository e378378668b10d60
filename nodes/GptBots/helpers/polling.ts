/** Polls start at the user's interval and grow by this factor, so long runs cost few requests. */
export const POLL_GROWTH = 1.2;

export const MAX_POLL_INTERVAL_MS = 30_000;

/**
 * The wait before poll number `attempt` (0-based). The growth is gentle so that a run is seen
 * soon after it ends (the overshoot stays under ~20 % of the run's length).
 */
export function pollDelayMs(attempt: number, intervalMs: number): number {
	const cap = Math.max(intervalMs, MAX_POLL_INTERVAL_MS);
	return Math.min(cap, Math.round(intervalMs * POLL_GROWTH ** attempt));
}
