'use strict';

/** The GPTBots API simulator over real HTTP. Asynchronous runs: their states as query/result shows them, and the webhooks they call. */

const { QUERY, startReceiver, useSimulator } = require('./helpers');
const { sleep, waitFor } = require('../../scripts/lib/wait');

jest.setTimeout(20000);

const { sim, call, invoke, query } = useSimulator({ asyncDurationMs: 300 });

describe('asynchronous runs and query', () => {
	test('PENDING at once, then RUNNING, then SUCCEED with output', async () => {
		// PENDING for the first 20% of the run (400 ms): room for a query on a loaded machine.
		const res = await invoke({ input: { x: 1, __durationMs: 2000 }, isAsync: true });
		expect(res.status).toBe(200);
		expect(Object.keys(res.json).sort()).toEqual([
			'status',
			'workflowId',
			'workflowName',
			'workflowRunId',
			'workflowVersion',
		]);
		expect(res.json.status).toBe('PENDING');
		const id = res.json.workflowRunId;

		const pending = await query(id);
		expect(pending.status).toBe(200);
		expect(pending.json.status).toBe('PENDING');
		expect(pending.json).not.toHaveProperty('output');
		expect(pending.json).not.toHaveProperty('endTime');

		await sleep(800);
		const running = await query(id);
		expect(running.json.status).toBe('RUNNING');
		expect(running.json).not.toHaveProperty('output');

		await sleep(1400);
		const done = await query(id);
		expect(done.json.status).toBe('SUCCEED');
		expect(done.json.output).toEqual({
			echo: { x: 1, __durationMs: 2000 },
			answer: expect.stringContaining('processed'),
		});
		expect(done.json.endTime).toBeGreaterThanOrEqual(done.json.startTime + 1990);
		expect(sim.state.counts.query).toBe(3);
	});

	test('async failure ends FAILED', async () => {
		const { json } = await invoke({ input: { __fail: 'boom', __durationMs: 50 }, isAsync: true });
		await sleep(150);
		const done = await query(json.workflowRunId);
		expect(done.json.status).toBe('FAILED');
		expect(done.json.output).toEqual({ error: 'boom' });
	});

	test('unknown run id is 404, missing id is 400', async () => {
		const unknown = await query('run_doesnotexist');
		expect(unknown.status).toBe(404);
		expect(unknown.json).toEqual({ code: 40400, message: 'workflowRunId not found' });
		const missing = await call(QUERY, { method: 'POST', body: {} });
		expect(missing.status).toBe(400);
		expect(missing.json.message).toMatch(/workflowRunId/);
	});
});

describe('webhook deliveries', () => {
	/** @type {Awaited<ReturnType<typeof startReceiver>>} */
	let receiver;
	beforeEach(async () => {
		receiver = await startReceiver();
	});
	afterEach(() => receiver.close());

	test('POST webhook gets the full run as JSON with the caller headers', async () => {
		const { json } = await invoke({
			input: { q: 'hi', __durationMs: 50 },
			isAsync: true,
			webhook: [
				{ method: 'POST', url: `${receiver.url}/hook?token=t1`, headers: { 'X-Secret': 's3cret' } },
			],
		});
		await waitFor('receiver.received.length === 1', () => receiver.received.length === 1, {
			timeoutMs: 5000,
			intervalMs: 20,
		});
		const got = receiver.received[0];
		expect(got.method).toBe('POST');
		expect(got.url).toBe('/hook?token=t1');
		expect(got.headers['x-secret']).toBe('s3cret');
		expect(got.headers['content-type']).toBe('application/json');
		const body = JSON.parse(got.body);
		expect(body).toEqual((await query(json.workflowRunId)).json);
		expect(body.status).toBe('SUCCEED');
		expect(body.output.echo.q).toBe('hi');

		await waitFor('sim.state.deliveries.length === 1', () => sim.state.deliveries.length === 1, {
			timeoutMs: 5000,
			intervalMs: 20,
		});
		const d = sim.state.deliveries[0];
		expect(d).toMatchObject({
			runId: json.workflowRunId,
			method: 'POST',
			statusCode: 200,
			error: null,
		});
		expect(d.url).toBe(`${receiver.url}/hook?token=t1`);
		expect(d.headers['X-Secret']).toBe('s3cret');
		expect(d.answeredAt).toBeGreaterThanOrEqual(d.sentAt);
	});

	test('GET webhook gets the run as query parameters and keeps its own query', async () => {
		const { json } = await invoke({
			input: { q: 'hi', __durationMs: 30 },
			isAsync: true,
			webhook: [{ method: 'GET', url: `${receiver.url}/cb?keep=1` }],
		});
		await waitFor('receiver.received.length === 1', () => receiver.received.length === 1, {
			timeoutMs: 5000,
			intervalMs: 20,
		});
		const got = receiver.received[0];
		expect(got.method).toBe('GET');
		expect(got.body).toBe('');
		const params = new URL(got.url ?? '', 'http://x').searchParams;
		expect(params.get('keep')).toBe('1');
		expect(params.get('workflowRunId')).toBe(json.workflowRunId);
		expect(params.get('status')).toBe('SUCCEED');
		expect(params.get('workflowId')).toBe('wf_sim_1');
		const scalars = 'workflowName workflowVersion totalCost totalTokens startTime endTime';
		for (const f of [...scalars.split(' '), 'workflowExecutionTime'])
			expect(params.get(f)).not.toBeNull();
		expect(JSON.parse(params.get('input') ?? '')).toEqual({ q: 'hi', __durationMs: 30 });
		expect(JSON.parse(params.get('output') ?? '').echo.q).toBe('hi');
	});

	test('every webhook entry is called; webhookRepeat sends duplicates', async () => {
		sim.configure({ webhookRepeat: 2 });
		await invoke({
			input: { __durationMs: 20 },
			isAsync: true,
			webhook: [
				{ method: 'POST', url: `${receiver.url}/a` },
				{ method: 'PUT', url: `${receiver.url}/b` },
			],
		});
		await waitFor('receiver.received.length === 4', () => receiver.received.length === 4, {
			timeoutMs: 5000,
			intervalMs: 20,
		});
		await sleep(100);
		expect(
			receiver.received.map((received) => `${received.method} ${received.url}`).sort(),
		).toEqual(['POST /a', 'POST /a', 'PUT /b', 'PUT /b']);
		expect(sim.state.deliveries.map((d) => d.copy).sort()).toEqual([1, 1, 2, 2]);
	});

	test('failed deliveries are retried after 200 ms up to webhookRetries times', async () => {
		sim.configure({ webhookRetries: 2 });
		receiver.statuses.push(500, 503);
		await invoke({
			input: { __durationMs: 10 },
			isAsync: true,
			webhook: [{ method: 'POST', url: receiver.url }],
		});
		await waitFor('receiver.received.length === 3', () => receiver.received.length === 3, {
			timeoutMs: 5000,
			intervalMs: 20,
		});
		await sleep(300);
		expect(receiver.received).toHaveLength(3); // third attempt succeeded: no more
		expect(sim.state.deliveries.map((d) => d.statusCode)).toEqual([500, 503, 200]);
		expect(receiver.received[1].time - receiver.received[0].time).toBeGreaterThanOrEqual(190);
	});

	test('without retries a failure is delivered once; network errors are recorded', async () => {
		receiver.statuses.push(500);
		await invoke({
			input: { __durationMs: 10 },
			isAsync: true,
			webhook: [
				{ method: 'POST', url: receiver.url },
				{ method: 'POST', url: 'http://127.0.0.1:1/closed' },
			],
		});
		await waitFor('sim.state.deliveries.length === 2', () => sim.state.deliveries.length === 2, {
			timeoutMs: 5000,
			intervalMs: 20,
		});
		await sleep(300);
		expect(receiver.received).toHaveLength(1);
		const failed = sim.state.deliveries.find((d) => d.url.includes(':1/'));
		expect(failed?.statusCode).toBeNull();
		expect(failed?.error).toMatch(/ECONNREFUSED|connect/);
	});

	test('sync runs do not call webhooks', async () => {
		await invoke({ input: {}, webhook: [{ method: 'POST', url: receiver.url }] });
		await sleep(150);
		expect(receiver.received).toHaveLength(0);
	});
});
