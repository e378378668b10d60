'use strict';

/** The GPTBots API simulator over real HTTP. The concurrency limit and fault injection (queued, random, refused connections). */

const { VERIFY, INVOKE, QUERY, startReceiver, useSimulator } = require('./helpers');
const { sleep, waitFor } = require('../../scripts/lib/wait');

jest.setTimeout(20000);

const { sim, call, invoke, query } = useSimulator({ asyncDurationMs: 300 });

describe('concurrency limit', () => {
	test('requests beyond maxInFlight get 429 with Retry-After', async () => {
		sim.configure({ maxInFlight: 2, latencyMs: 200 });
		const results = await Promise.all([1, 2, 3, 4, 5].map((n) => invoke({ input: { n } })));
		const statuses = results.map((r) => r.status).sort();
		expect(statuses).toEqual([200, 200, 429, 429, 429]);
		const limited = results.find((r) => r.status === 429);
		expect(limited?.headers.get('retry-after')).toBe('1');
		expect(limited?.json).toEqual({ code: 42900, message: 'Too many requests' });
		expect(sim.state.counts.rateLimited).toBe(3);
		expect(sim.state.counts.invokeAccepted).toBe(2);
		expect(sim.state.peakInFlight).toBe(2);
		await waitFor('sim.state.inFlight === 0', () => sim.state.inFlight === 0, {
			timeoutMs: 5000,
			intervalMs: 20,
		});
	});

	test('fractional retryAfterSeconds is sent as given; verify is not limited', async () => {
		sim.configure({ maxInFlight: 1, latencyMs: 150, retryAfterSeconds: 0.2 });
		const [a, b, v] = await Promise.all([invoke({ input: {} }), query('run_x'), call(VERIFY)]);
		const limited = [a, b].find((r) => r.status === 429);
		expect(limited?.headers.get('retry-after')).toBe('0.2');
		expect(v.status).toBe(200);
	});

	test('peakInFlight shows client concurrency when unlimited', async () => {
		sim.configure({ latencyMs: 100 });
		await Promise.all([1, 2, 3, 4].map(() => invoke({ input: {} })));
		expect(sim.state.peakInFlight).toBe(4);
		expect(sim.state.inFlight).toBe(0);
	});
});

describe('fault injection', () => {
	test.each([
		[
			'rate_limit',
			429,
			'application/json',
			(/** @type {{ json: any, text: string }} */ r) => expect(r.json.code).toBe(42900),
			'1',
		],
		[
			'server_error',
			500,
			'application/json',
			(/** @type {{ json: any, text: string }} */ r) =>
				expect(r.json).toEqual({ code: 50000, message: 'Internal error' }),
			null,
		],
		[
			'bad_gateway',
			502,
			'text/html',
			(/** @type {{ json: any, text: string }} */ r) =>
				expect(r.text).toBe('<html>502 Bad Gateway</html>'),
			null,
		],
		['unavailable', 503, 'application/json', () => {}, '1'],
		[
			'gateway_timeout',
			504,
			'text/plain',
			(/** @type {{ json: any, text: string }} */ r) => expect(r.json).toBeUndefined(),
			null,
		],
		[
			'non_json',
			200,
			'text/html',
			(/** @type {{ json: any, text: string }} */ r) =>
				expect(r.text).toBe('<html>Maintenance</html>'),
			null,
		],
		[
			'error_code_200',
			200,
			'application/json',
			(/** @type {{ json: any, text: string }} */ r) =>
				expect(r.json).toEqual({ code: 40348, message: 'Workflow is disabled' }),
			null,
		],
	])('%s answers %i and creates no run', async (kind, status, type, check, retryAfter) => {
		sim.faults.queue(INVOKE, kind);
		const res = await invoke({ input: { __itemKey: 'k' } });
		expect(res.status).toBe(status);
		expect(res.headers.get('content-type')).toContain(type);
		expect(res.headers.get('retry-after')).toBe(retryAfter);
		check(res);
		expect(sim.state.runs.size).toBe(0);
		expect(sim.state.faultsInjected).toEqual({ [kind]: 1 });
		expect(sim.state.requests.at(-1)).toMatchObject({ fault: kind, answeredStatus: status });
		// The fault was used up: the next call works.
		expect((await invoke({ input: {} })).json.status).toBe('SUCCEED');
	});

	test('queued faults apply to their path only and count down', async () => {
		sim.faults.queue(QUERY, 'server_error', 2);
		expect((await invoke({ input: {} })).status).toBe(200);
		expect((await query('run_a')).status).toBe(500);
		expect((await query('run_a')).status).toBe(500);
		expect((await query('run_a')).status).toBe(404);
		expect(sim.state.faultsInjected.server_error).toBe(2);
	});

	test('"*" queues a fault for any /v1 path; unknown kinds are rejected', async () => {
		sim.faults.queue('*', 'gateway_timeout');
		expect((await call(VERIFY)).status).toBe(504);
		expect(() => sim.faults.queue(INVOKE, 'explode')).toThrow(/Unknown fault kind/);
	});

	test('reset_before drops the connection and has no effect', async () => {
		sim.faults.queue(INVOKE, 'reset_before');
		await expect(invoke({ input: { __itemKey: 'r' } })).rejects.toThrow();
		expect(sim.state.runs.size).toBe(0);
		expect(sim.state.runsByItemKey).toEqual({});
		expect(sim.state.faultsInjected.reset_before).toBe(1);
	});

	test('reset_after drops the connection but the run exists and calls its webhooks', async () => {
		const receiver = await startReceiver();
		try {
			sim.faults.queue(INVOKE, 'reset_after');
			await expect(
				invoke({
					input: { __itemKey: 'r', __durationMs: 20 },
					isAsync: true,
					webhook: [{ method: 'POST', url: receiver.url }],
				}),
			).rejects.toThrow();
			expect(sim.state.runsByItemKey).toEqual({ r: 1 });
			expect(sim.state.counts.invokeAccepted).toBe(1);
			await waitFor('receiver.received.length === 1', () => receiver.received.length === 1, {
				timeoutMs: 5000,
				intervalMs: 20,
			});
			expect(JSON.parse(receiver.received[0].body).status).toBe('SUCCEED');
		} finally {
			await receiver.close();
		}
	});

	test('hang never answers and creates no run; hang_after creates the run', async () => {
		sim.faults.queue(INVOKE, 'hang');
		await expect(
			invoke({ input: { __itemKey: 'h' } }, { signal: AbortSignal.timeout(300) }),
		).rejects.toThrow();
		expect(sim.state.runs.size).toBe(0);

		sim.faults.queue(INVOKE, 'hang_after');
		await expect(
			invoke({ input: { __itemKey: 'h' } }, { signal: AbortSignal.timeout(300) }),
		).rejects.toThrow();
		expect(sim.state.runsByItemKey).toEqual({ h: 1 });
		expect(sim.state.faultsInjected).toEqual({ hang: 1, hang_after: 1 });
	});

	test('random faults follow the seed: same seed, same sequence', async () => {
		const sequence = async (/** @type {number} */ seed) => {
			sim.configure({ faultRate: 0.5, faultKinds: ['server_error', 'bad_gateway'], seed });
			sim.reset();
			const statuses = [];
			for (let i = 0; i < 20; i++) statuses.push((await call(VERIFY)).status);
			return statuses;
		};
		const a = await sequence(7);
		const b = await sequence(7);
		const c = await sequence(8);
		expect(a).toEqual(b);
		expect(a).not.toEqual(c);
		expect(new Set(a)).toEqual(new Set([200, 500, 502]));
		const faulted = a.filter((s) => s !== 200).length;
		expect(faulted).toBeGreaterThan(3);
		expect(faulted).toBeLessThan(17);
	});

	test('refuseFor stops accepting connections, then listens again', async () => {
		sim.faults.refuseFor(300);
		await expect(fetch(`${sim.url}/v1/api-key/verify`)).rejects.toThrow();
		await sleep(400);
		expect((await call(VERIFY)).status).toBe(200);
		expect(sim.state.faultsInjected.refuse).toBe(1);
	});
});
