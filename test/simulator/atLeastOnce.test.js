'use strict';

/** At-least-once webhook delivery: any non-2xx answer or network error is retried, bounded in count and time. */

const http = require('node:http');

const { AT_LEAST_ONCE } = require('../../simulator/options');
const { sleep, waitFor: waitForLabelled } = require('../../scripts/lib/wait');
const { startReceiver, useSimulator } = require('./helpers');

/**
 * Waits (polling every 20 ms, up to 5 s) until `predicate()` holds.
 * @param {() => unknown} predicate
 */
const waitFor = (predicate) =>
	waitForLabelled('condition', predicate, { timeoutMs: 5000, intervalMs: 20 });

jest.setTimeout(20000);

const { sim, invoke, agent } = useSimulator({ asyncDurationMs: 50, agentWebhookDelayMs: 0 });

/** @type {Awaited<ReturnType<typeof startReceiver>>} */
let receiver;
beforeAll(async () => (receiver = await startReceiver()));
afterAll(() => receiver.close());
beforeEach(() => {
	receiver.received.length = 0;
	receiver.statuses.length = 0;
});

const callMe = (/** @type {string} */ url) =>
	invoke({ input: { __durationMs: 10 }, isAsync: true, webhook: [{ method: 'POST', url }] });

describe('at-least-once delivery', () => {
	test('the preset: every 3 s, at most 40 times, for at most 2 minutes', () => {
		expect(AT_LEAST_ONCE).toEqual({
			webhookRetries: 40,
			webhookRetryDelayMs: 3000,
			webhookRetryForMs: 120000,
		});
		expect(() => sim.configure(AT_LEAST_ONCE)).not.toThrow();
		expect(() => sim.configure({ webhookRetryForMs: -1 })).toThrow(/webhookRetryForMs/);
		expect(() => sim.configure({ webhookRetryForMs: null })).not.toThrow();
	});

	test('any non-2xx answer is retried (404, 409, 500, 503) until one is 2xx', async () => {
		sim.configure({ ...AT_LEAST_ONCE, webhookRetryDelayMs: 50 });
		receiver.statuses.push(404, 409, 500, 503, 202);
		await callMe(receiver.url);
		await waitFor(() => receiver.received.length === 5);
		await sleep(200);
		expect(sim.state.deliveries.map((d) => [d.attempt, d.statusCode])).toEqual([
			[1, 404],
			[2, 409],
			[3, 500],
			[4, 503],
			[5, 202],
		]);
	});

	test('a receiver that is down is retried until it is up, then delivered once', async () => {
		const server = http.createServer((req, res) => res.end('ok'));
		await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
		const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
		await new Promise((resolve) => server.close(resolve)); // down: connections refused
		sim.configure({ ...AT_LEAST_ONCE, webhookRetryDelayMs: 100 });
		await callMe(`http://127.0.0.1:${port}/back`);
		await waitFor(() => sim.state.deliveries.length >= 3);
		/** @type {(string | undefined)[]} */
		const got = [];
		const up = http.createServer((req, res) => {
			got.push(req.url);
			res.end('ok');
		});
		await new Promise((resolve) => up.listen(port, '127.0.0.1', () => resolve(undefined)));
		try {
			await waitFor(() => got.length === 1);
			await sleep(300);
			expect(got).toEqual(['/back']);
			const attempts = sim.state.deliveries;
			expect(attempts.slice(0, -1).every((d) => d.statusCode === null && d.error)).toBe(true);
			expect(attempts[attempts.length - 1].statusCode).toBe(200);
		} finally {
			up.closeAllConnections();
			await new Promise((resolve) => up.close(resolve));
		}
	});

	test('retries stop after webhookRetryForMs, even with retries left', async () => {
		sim.configure({ webhookRetries: 100, webhookRetryDelayMs: 100, webhookRetryForMs: 350 });
		receiver.statuses.push(...Array(100).fill(500));
		await callMe(receiver.url);
		await waitFor(() => receiver.received.length >= 1);
		await sleep(900);
		// Attempts planned at ≈0, 100, 200, 300 ms; the next (400) would be past 350 ms, so none is
		// made though 96 retries are left. Timers run late on a busy machine (the 4th attempt was
		// seen at 381 ms), so the spread is bounded by where a 5th would have been planned.
		expect(receiver.received.length).toBeGreaterThanOrEqual(3);
		expect(receiver.received.length).toBeLessThanOrEqual(4);
		const spread = (receiver.received.at(-1)?.time ?? NaN) - receiver.received[0].time;
		expect(spread).toBeLessThan(400 + 50);
	});

	test('retries stop after webhookRetries, even with time left', async () => {
		sim.configure({ webhookRetries: 2, webhookRetryDelayMs: 50, webhookRetryForMs: 60000 });
		receiver.statuses.push(500, 500, 500, 500);
		await callMe(receiver.url);
		await waitFor(() => receiver.received.length >= 3);
		await sleep(300);
		expect(receiver.received).toHaveLength(3);
	});
});

describe('webhookHold', () => {
	test('webhooks wait while held (the run has ended), then go out', async () => {
		sim.configure({ webhookHold: true });
		const res = await callMe(receiver.url);
		const id = res.json.workflowRunId;
		await sleep(400);
		expect(sim.state.runs.get(id)?.run.status).toBe('SUCCEED');
		expect(receiver.received).toHaveLength(0);
		sim.configure({ webhookHold: false });
		await waitFor(() => receiver.received.length === 1);
		expect(() => sim.configure({ webhookHold: 1 })).toThrow(/webhookHold/);
	});
});

describe("the agent's webhook: the same at-least-once loop", () => {
	const webhookMessage = async () =>
		agent.send({
			conversation_id: await agent.conversation(),
			response_mode: 'webhook',
			messages: [{ role: 'user', content: 'hello' }],
		});

	test('held while webhookHold, then retried until 2xx within webhookRetryForMs', async () => {
		sim.configure({
			agentWebhookUrl: `${receiver.url}/agent`,
			webhookHold: true,
			webhookRetries: 100,
			webhookRetryDelayMs: 50,
			webhookRetryForMs: 60000,
		});
		receiver.statuses.push(503, 500, 200);
		await webhookMessage();
		await sleep(300);
		expect(receiver.received).toHaveLength(0);
		sim.configure({ webhookHold: false });
		await waitFor(() => receiver.received.length === 3);
		await sleep(200);
		expect(sim.state.deliveries.map((d) => [d.kind, d.attempt, d.statusCode])).toEqual([
			['agent', 1, 503],
			['agent', 2, 500],
			['agent', 3, 200],
		]);
	});

	test('retries stop after webhookRetryForMs, even with retries left', async () => {
		sim.configure({
			agentWebhookUrl: `${receiver.url}/agent`,
			webhookRetries: 100,
			webhookRetryDelayMs: 100,
			webhookRetryForMs: 350,
		});
		receiver.statuses.push(...Array(100).fill(500));
		await webhookMessage();
		await waitFor(() => receiver.received.length >= 1);
		await sleep(900);
		expect(receiver.received.length).toBeGreaterThanOrEqual(3);
		expect(receiver.received.length).toBeLessThanOrEqual(4);
	});
});
