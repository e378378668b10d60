import {
	interpretRequestError,
	interpretResponse,
	parseRetryAfter,
} from '../../nodes/GptBots/shared/transport/responses';

/** What interpretResponse gives for a failure with (at least) these fields. */
const failed = (failure: object) => ({ ok: false, failure: expect.objectContaining(failure) });

describe('interpretResponse', () => {
	it('passes a JSON object with no error code (or code 0) through', () => {
		expect(interpretResponse(200, '{"workflowRunId":"r1","status":"SUCCEED"}')).toEqual({
			ok: true,
			data: { workflowRunId: 'r1', status: 'SUCCEED' },
		});
		expect(interpretResponse(200, '{"code":0,"data":{}}').ok).toBe(true);
	});

	it('reports each failure kind distinctly', () => {
		const http = interpretResponse(401, '{"code":40100,"message":"Invalid API key"}');
		expect(http).toEqual(
			failed({
				kind: 'http',
				httpCode: 401,
				apiCode: '40100',
				message: 'GPTBots answered HTTP 401 (code 40100): Invalid API key',
			}),
		);
		const html = interpretResponse(502, '<html>502 Bad Gateway</html>', {
			'content-type': 'text/html',
		});
		expect(html).toEqual(
			failed({
				kind: 'http',
				httpCode: 502,
				message: 'GPTBots answered HTTP 502: <html>502 Bad Gateway</html>',
			}),
		);
		const apiCode = interpretResponse(200, '{"code":40348,"msg":"Workflow is disabled"}');
		expect(apiCode).toEqual(
			failed({
				kind: 'apiCode',
				apiCode: '40348',
				message: 'GPTBots returned error code 40348: Workflow is disabled',
			}),
		);
		const nonJson = interpretResponse(200, '<html>Maintenance</html>', {
			'content-type': 'text/html',
		});
		expect(nonJson).toEqual(
			failed({
				kind: 'nonJson',
				message: expect.stringContaining('not a JSON object (text/html): <html>Maintenance</html>'),
			}),
		);
		expect(interpretResponse(200, '').ok).toBe(false);
		expect(interpretResponse(200, '[1,2]')).toEqual(failed({ kind: 'nonJson' }));
	});

	it('keeps Retry-After of a 429', () => {
		const result = interpretResponse(429, '{"code":42900,"message":"Too many requests"}', {
			'retry-after': '2',
		});
		expect(result.ok === false && result.failure.retryAfterMs).toBe(2000);
	});

	it('shortens long bodies', () => {
		const result = interpretResponse(500, 'x'.repeat(1000));
		expect(result.ok === false && result.failure.message.length).toBeLessThan(200);
	});
});

describe('parseRetryAfter', () => {
	it('reads seconds, fractions and HTTP dates', () => {
		expect(parseRetryAfter('3')).toBe(3000);
		expect(parseRetryAfter('0.25')).toBe(250);
		expect(parseRetryAfter(['1'])).toBe(1000);
		const now = Date.parse('2026-01-01T00:00:00Z');
		expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
		expect(parseRetryAfter('soon')).toBeUndefined();
		expect(parseRetryAfter(undefined)).toBeUndefined();
	});
});

describe('interpretRequestError', () => {
	it('finds network codes in the cause chain and tells time-outs apart', () => {
		const refused = Object.assign(new Error('wrapped'), {
			cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
		});
		expect(interpretRequestError(refused, 1000)).toEqual(
			expect.objectContaining({ kind: 'network', networkCode: 'ECONNREFUSED' }),
		);
		expect(
			interpretRequestError(
				Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
				1000,
			),
		).toEqual(expect.objectContaining({ kind: 'network', networkCode: 'ECONNRESET' }));
		expect(interpretRequestError(new Error('timeout of 1500ms exceeded'), 1500)).toEqual(
			expect.objectContaining({ kind: 'timeout', message: 'GPTBots did not answer within 1.5 s' }),
		);
		expect(
			interpretRequestError(Object.assign(new Error('aborted'), { code: 'ECONNABORTED' }), 2000)
				.kind,
		).toBe('timeout');
	});
});
