/** Past a few intervals, the wait grows to this share of the time already waited. */
export const POLL_GROWTH = 0.2;

export const MAX_POLL_INTERVAL_MS = 30_000;

/**
 * The wait before the next result check, after `waitedMs` of waiting. It stays at the user's
 * interval for the first five intervals, then grows to 20 % of the time waited (at most 30 s): a
 * run is seen within about 20 % of its length, and long runs cost few requests.
 */
export function pollDelayMs(waitedMs: number, intervalMs: number): number {
	const cap = Math.max(intervalMs, MAX_POLL_INTERVAL_MS);
	return Math.round(Math.min(cap, Math.max(intervalMs, POLL_GROWTH * waitedMs)));
}
