import type { GptBotsFailure } from './responses';

export interface RetryPolicy {
	/** Retries after the first attempt. */
	maxRetries: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** No retry is started once this much time has passed since the first attempt. */
	maxTotalMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 4,
	baseDelayMs: 500,
	maxDelayMs: 20_000,
	maxTotalMs: 90_000,
};

const TRANSIENT_HTTP = new Set([429, 502, 503, 504]);

/**
 * Whether a failed call may be sent again.
 * Idempotent calls (key check, result query, run logs) retry on every transient failure.
 * An invoke starts a paid run, so it is retried only where HTTP proves the server did not take
 * it: a 429 (the request was refused by the rate limiter) or a refused connection (nothing was
 * sent). A reset, a time-out or a 5xx can come after the run was accepted: never retried.
 */
export function isRetryable(
	failure: GptBotsFailure,
	idempotent: boolean,
	retryInvokeWhenSafe: boolean,
): boolean {
	if (idempotent) {
		if (failure.kind === 'http') return TRANSIENT_HTTP.has(failure.httpCode ?? 0);
		if (failure.kind === 'timeout') return true;
		if (failure.kind === 'network') return failure.networkCode !== 'ENOTFOUND';
		return false;
	}
	if (!retryInvokeWhenSafe) return false;
	if (failure.kind === 'http') return failure.httpCode === 429;
	return failure.kind === 'network' && failure.networkCode === 'ECONNREFUSED';
}

/**
 * Delay before retry number `attempt` (1-based): the server's Retry-After when it gave one,
 * else exponential backoff with jitter (50–100 % of the step) so that many items do not retry
 * in lock-step.
 */
export function retryDelayMs(
	attempt: number,
	failure: GptBotsFailure,
	policy: RetryPolicy,
	random: () => number = Math.random,
): number {
	if (failure.retryAfterMs !== undefined) return Math.min(failure.retryAfterMs, policy.maxDelayMs);
	const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
	return Math.round(step * (0.5 + random() / 2));
}
