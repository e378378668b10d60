'use strict';

/** The GPTBots API simulator over real HTTP. Records, the control API under /__sim/, and the lifecycle (stop, cli.js). */

const path = require('node:path');
const { spawn } = require('node:child_process');
const { createSimulator } = require('../../simulator/server');
const { KEY, VERIFY, INVOKE, startReceiver, useSimulator } = require('./helpers');
const { sleep } = require('../../scripts/lib/wait');

jest.setTimeout(20000);

const { sim, call, invoke } = useSimulator({ asyncDurationMs: 300 });

describe('records', () => {
	test('requests are bounded but counters stay complete', async () => {
		sim.configure({ maxRecordedRequests: 50 });
		for (let i = 0; i < 120; i++) await call(VERIFY);
		expect(sim.state.counts.verify).toBe(120);
		expect(sim.state.requests.length).toBeLessThanOrEqual(55);
		expect(sim.state.requests.at(-1)?.id).toBe(120);
	});

	test('requests record method, path, parsed body and answer', async () => {
		await invoke({ input: { a: 1 } });
		expect(sim.state.requests.at(-1)).toMatchObject({
			method: 'POST',
			path: INVOKE,
			body: { input: { a: 1 } },
			answeredStatus: 200,
			fault: null,
			auth: 'valid',
		});
	});

	test('reset clears records and queued faults, keeps options', async () => {
		sim.configure({ latencyMs: 5 });
		await invoke({ input: { __itemKey: 'z' } });
		sim.faults.queue(INVOKE, 'server_error');
		sim.reset();
		expect(sim.state.runs.size).toBe(0);
		expect(sim.state.counts.invoke).toBe(0);
		expect(sim.state.runsByItemKey).toEqual({});
		expect(sim.faults.pending()).toEqual([]);
		expect(sim.options.latencyMs).toBe(5);
		expect((await invoke({ input: {} })).status).toBe(200);
	});
});

describe('control API', () => {
	/**
	 * A control call; `json` is its answer (any: the control API's JSON).
	 * @param {string} p
	 * @param {unknown} [body]
	 * @returns {Promise<{ status: number, json: any }>}
	 */
	const control = (p, body) =>
		fetch(
			`${sim.url}/__sim/${p}`,
			body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) },
		).then(async (r) => ({
			status: r.status,
			json: await r.json(),
		}));

	test('configure, fault, state, seed-runs and reset over HTTP', async () => {
		expect((await control('configure', { latencyMs: 1, webhookRepeat: 1 })).status).toBe(200);
		expect(sim.options.latencyMs).toBe(1);
		expect((await control('configure', { nope: 1 })).status).toBe(400);
		expect((await control('fault', { path: INVOKE, kind: 'server_error', count: 1 })).status).toBe(
			200,
		);
		expect((await control('fault', { path: INVOKE, kind: 'bogus' })).status).toBe(400);
		expect((await invoke({ input: {} })).status).toBe(500);
		await invoke({ input: { __itemKey: 'x' } });
		await invoke({ input: { __itemKey: 'x' } });
		expect(
			(await control('seed-runs', { count: 3, userId: 'seed', startTime: 5 })).json.runIds,
		).toHaveLength(3);

		const state = (await control('state')).json;
		expect(state.counts).toMatchObject({ invoke: 3, invokeAccepted: 2 });
		expect(state.runs).toBe(5);
		expect(state.runsByItemKey).toEqual({ x: 2 });
		expect(state.duplicateItemKeys).toEqual(['x']);
		expect(state.faultsInjected).toEqual({ server_error: 1 });
		expect(state.requests).toHaveLength(3);
		expect(state.options.apiKeys).toBeUndefined();
		expect(JSON.stringify(state)).not.toContain(KEY);

		expect((await control('reset', {})).status).toBe(200);
		expect((await control('state')).json.runs).toBe(0);
	});

	test('deliver makes one webhook delivery and reports the status', async () => {
		const receiver = await startReceiver();
		try {
			receiver.statuses.push(401);
			const res = await control('deliver', {
				url: `${receiver.url}/t`,
				method: 'POST',
				headers: { 'X-Secret': 'a' },
			});
			expect(res.json.statusCode).toBe(401);
			const got = receiver.received[0];
			expect(got.headers['x-secret']).toBe('a');
			expect(JSON.parse(got.body)).toMatchObject({
				status: 'SUCCEED',
				workflowRunId: expect.stringMatching(/^run_/),
			});

			const run = {
				workflowRunId: 'run_given',
				status: 'FAILED',
				output: { error: 'e' },
				input: {},
			};
			await control('deliver', { url: `${receiver.url}/g`, method: 'GET', run });
			const params = new URL(receiver.received[1].url ?? '', 'http://x').searchParams;
			expect(params.get('workflowRunId')).toBe('run_given');
			expect(params.get('status')).toBe('FAILED');
			expect(sim.state.deliveries).toHaveLength(2);
		} finally {
			await receiver.close();
		}
	});
});

describe('lifecycle', () => {
	test('stop() closes hanging connections and pending runs promptly', async () => {
		const other = createSimulator();
		const { url } = await other.start();
		other.faults.queue(INVOKE, 'hang');
		const hanging = invoke({ input: {} }, { url });
		hanging.catch(() => {}); // asserted below
		await invoke({ input: { __durationMs: 60000 }, isAsync: true }, { url });
		await sleep(50);
		const t = Date.now();
		await other.stop();
		expect(Date.now() - t).toBeLessThan(1000);
		await expect(hanging).rejects.toThrow();
		expect(other.state.runs.size).toBe(1); // the async run, whose timers were cleared
	});

	test('cli prints one JSON line, serves the API and stops on SIGTERM', async () => {
		const child = spawn(
			process.execPath,
			[
				path.join(__dirname, '..', '..', 'simulator', 'cli.js'),
				'--port',
				'0',
				'--latency',
				'0',
				'--api-key',
				'cli-key',
			],
			{
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
		const line = await new Promise((resolve, reject) => {
			let out = '';
			child.stdout.on('data', (c) => {
				out += c;
				if (out.includes('\n')) resolve(out.split('\n')[0]);
			});
			child.on('exit', (code) => reject(new Error(`exited ${code}`)));
		});
		const info = JSON.parse(line);
		expect(info.pid).toBe(child.pid);
		expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect((await call(VERIFY, { url: info.url, key: 'cli-key' })).status).toBe(200);
		const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
		child.kill('SIGTERM');
		expect(await exited).toBe(0);
	});
});
