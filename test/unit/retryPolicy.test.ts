import type { GptBotsFailure } from '../../nodes/GptBots/shared/transport/responses';
import {
	DEFAULT_RETRY_POLICY,
	isRetryable,
	retryDelayMs,
} from '../../nodes/GptBots/shared/transport/retryPolicy';

const http = (httpCode: number, retryAfterMs?: number): GptBotsFailure => ({
	kind: 'http',
	httpCode,
	message: '',
	retryAfterMs,
});
const net = (networkCode: string): GptBotsFailure => ({
	kind: 'network',
	networkCode,
	message: '',
});
const timeout: GptBotsFailure = { kind: 'timeout', message: '' };

describe('isRetryable', () => {
	it('retries reads on every transient failure', () => {
		for (const f of [
			http(429),
			http(502),
			http(503),
			http(504),
			net('ECONNRESET'),
			net('ECONNREFUSED'),
			timeout,
		]) {
			expect(isRetryable(f, true, true)).toBe(true);
		}
		for (const f of [
			http(400),
			http(401),
			http(404),
			http(500),
			net('ENOTFOUND'),
			{ kind: 'nonJson', message: '' } as GptBotsFailure,
			{ kind: 'apiCode', message: '' } as GptBotsFailure,
		]) {
			expect(isRetryable(f, true, true)).toBe(false);
		}
	});

	it('retries an invoke only where the server cannot have accepted it, and only when allowed', () => {
		expect(isRetryable(http(429), false, true)).toBe(true);
		expect(isRetryable(net('ECONNREFUSED'), false, true)).toBe(true);
		for (const f of [http(500), http(502), http(503), http(504), net('ECONNRESET'), timeout]) {
			expect(isRetryable(f, false, true)).toBe(false);
		}
		expect(isRetryable(http(429), false, false)).toBe(false);
		expect(isRetryable(net('ECONNREFUSED'), false, false)).toBe(false);
	});
});

describe('retryDelayMs', () => {
	it('honours Retry-After, capped', () => {
		expect(retryDelayMs(1, http(429, 1500), DEFAULT_RETRY_POLICY)).toBe(1500);
		expect(retryDelayMs(1, http(429, 10 * 60_000), DEFAULT_RETRY_POLICY)).toBe(
			DEFAULT_RETRY_POLICY.maxDelayMs,
		);
	});

	it('backs off exponentially with jitter between 50 % and 100 % of the step', () => {
		const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
		expect(retryDelayMs(1, http(503), policy, () => 0)).toBe(50);
		expect(retryDelayMs(1, http(503), policy, () => 1)).toBe(100);
		expect(retryDelayMs(3, http(503), policy, () => 1)).toBe(400);
		expect(retryDelayMs(10, http(503), policy, () => 1)).toBe(1000);
	});
});
