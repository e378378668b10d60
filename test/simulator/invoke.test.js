'use strict';

/** The GPTBots API simulator over real HTTP. Invoking: authentication, verify, validation of the invoke body, synchronous runs. */

const { KEY, VERIFY, useSimulator } = require('./helpers');

jest.setTimeout(20000);

const { sim, call, invoke } = useSimulator({ asyncDurationMs: 300 });

describe('authentication', () => {
	test('missing key is 401 and recorded as missing', async () => {
		const res = await call(VERIFY, { key: null });
		expect(res.status).toBe(401);
		expect(res.json).toEqual({ code: 40100, message: 'Invalid API key' });
		expect(sim.state.requests.at(-1)?.auth).toBe('missing');
	});

	test('wrong key is 401, never echoed nor stored', async () => {
		const secret = 'wrong-secret-key-xyz';
		const res = await invoke({ input: { a: 1 } }, { key: secret });
		expect(res.status).toBe(401);
		expect(res.text).not.toContain(secret);
		const entry = sim.state.requests.at(-1);
		expect(entry?.auth).toBe('invalid');
		expect(entry?.headers.authorization).toBeUndefined();
		expect(JSON.stringify(sim.state.requests)).not.toContain(secret);
		expect(JSON.stringify(sim.summary())).not.toContain(KEY);
		expect(sim.state.runs.size).toBe(0);
	});

	test('verify answers which workflow the key belongs to', async () => {
		const res = await call(VERIFY);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/application\/json/);
		expect(res.json).toEqual({
			code: 0,
			message: 'success',
			data: { type: 'WORKFLOW', id: 'wf_sim_1', name: 'Simulated workflow' },
		});
		expect(sim.state.counts.verify).toBe(1);
		expect(sim.state.requests.at(-1)?.auth).toBe('valid');
	});

	test('configured apiKeys replace the default', async () => {
		sim.configure({ apiKeys: ['other-key'] });
		try {
			expect((await call(VERIFY)).status).toBe(401);
			expect((await call(VERIFY, { key: 'other-key' })).status).toBe(200);
		} finally {
			sim.configure({ apiKeys: [KEY] });
		}
	});

	test('unknown paths are 404 JSON', async () => {
		const res = await call('/v1/nothing');
		expect(res.status).toBe(404);
		expect(res.json.code).toBe(40400);
		expect((await call('/elsewhere')).status).toBe(404);
	});
});

describe('invoke validation', () => {
	/** @type {[name: string, body: unknown, code: number, message: RegExp][]} */
	const cases = [
		['body not JSON', '{not json', 40000, /not valid JSON/],
		['input missing', { userId: 'u' }, 40001, /input must be an object/],
		['input is an array', { input: [1, 2] }, 40001, /input must be an object/],
		['input is a string', { input: 'x' }, 40001, /input/],
		[
			'webhook not an array',
			{ input: {}, isAsync: true, webhook: { url: 'http://x' } },
			40002,
			/array/,
		],
		[
			'too many webhooks',
			{
				input: {},
				isAsync: true,
				webhook: Array(6).fill({ method: 'POST', url: 'http://x.test/' }),
			},
			40002,
			/at most 5/,
		],
		[
			'webhook without method',
			{ input: {}, isAsync: true, webhook: [{ url: 'http://x.test/' }] },
			40002,
			/webhook\[0\]\.method/,
		],
		[
			'webhook with ftp url',
			{ input: {}, isAsync: true, webhook: [{ method: 'POST', url: 'ftp://x.test/' }] },
			40002,
			/webhook\[0\]\.url/,
		],
		[
			'webhook headers not an object',
			{
				input: {},
				isAsync: true,
				webhook: [{ method: 'GET', url: 'http://x.test/', headers: ['a'] }],
			},
			40002,
			/headers/,
		],
		['isAsync not boolean', { input: {}, isAsync: 'yes' }, 40003, /isAsync/],
	];
	test.each(cases)('%s -> 400', async (_name, body, code, message) => {
		const res = await invoke(body);
		expect(res.status).toBe(400);
		expect(res.json.code).toBe(code);
		expect(res.json.message).toMatch(message);
		expect(sim.state.runs.size).toBe(0);
		expect(sim.state.counts.invoke).toBe(1);
		expect(sim.state.counts.invokeAccepted).toBe(0);
	});

	test('five webhooks are accepted', async () => {
		const res = await invoke({
			input: {},
			isAsync: true,
			webhook: Array(5).fill({ method: 'post', url: 'http://127.0.0.1:1/' }),
		});
		expect(res.status).toBe(200);
	});
});

describe('synchronous runs', () => {
	test('answer the finished run with every documented field', async () => {
		const before = Date.now();
		const res = await invoke({ userId: 'u1', input: { topic: 'News' } });
		expect(res.status).toBe(200);
		const run = res.json;
		expect(run).toMatchObject({
			workflowId: 'wf_sim_1',
			workflowName: 'Simulated workflow',
			workflowVersion: expect.any(String),
			input: { topic: 'News' },
			output: { echo: { topic: 'News' }, answer: 'processed {"topic":"News"}' },
			status: 'SUCCEED',
		});
		expect(run.workflowRunId).toMatch(/^run_[0-9a-f]+$/);
		expect(run.totalTokens).toBeGreaterThan(0);
		expect(run.totalCost).toBeGreaterThan(0);
		expect(run.startTime).toBeGreaterThanOrEqual(before);
		expect(run.endTime).toBeGreaterThanOrEqual(run.startTime);
		expect(run.workflowExecutionTime).toBe(run.endTime - run.startTime);
		expect(sim.state.counts.invokeAccepted).toBe(1);
		expect(sim.state.runs.get(run.workflowRunId)?.userId).toBe('u1');
	});

	test('run ids are unique', async () => {
		const runs = await Promise.all([1, 2, 3, 4, 5].map((n) => invoke({ input: { n } })));
		expect(new Set(runs.map((r) => r.json.workflowRunId)).size).toBe(5);
	});

	test('__fail makes the run FAILED with the given or default error', async () => {
		const a = await invoke({ input: { __fail: true } });
		expect(a.status).toBe(200);
		expect(a.json.status).toBe('FAILED');
		expect(a.json.output).toEqual({ error: 'Simulated failure' });
		const b = await invoke({ input: { __fail: 'quota exhausted' } });
		expect(b.json.status).toBe('FAILED');
		expect(b.json.output).toEqual({ error: 'quota exhausted' });
	});

	test('__durationMs and latencyMs delay the answer', async () => {
		sim.configure({ latencyMs: 100 });
		let t = Date.now();
		await call(VERIFY);
		expect(Date.now() - t).toBeGreaterThanOrEqual(95);
		t = Date.now();
		const res = await invoke({ input: { __durationMs: 200 } });
		expect(Date.now() - t).toBeGreaterThanOrEqual(295);
		expect(res.json.workflowExecutionTime).toBeGreaterThanOrEqual(195);
	});

	test('runsByItemKey counts runs per __itemKey so duplicates show', async () => {
		await invoke({ input: { __itemKey: 'a' } });
		await invoke({ input: { __itemKey: 'b' } });
		await invoke({ input: { __itemKey: 'a' } });
		await invoke({ input: { noKey: true } });
		expect(sim.state.runsByItemKey).toEqual({ a: 2, b: 1 });
		expect(sim.summary().duplicateItemKeys).toEqual(['a']);
	});
});
