'use strict';

/**
 * Tests of the GPTBots API simulator over real HTTP (node 20 global fetch).
 */

const http = require('node:http');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { createSimulator } = require('../simulator/server');

jest.setTimeout(20000);

const KEY = 'sim-key-123';
const INVOKE = '/v1/workflow/invoke';
const QUERY = '/v1/workflow/query/result';
const LOGS = '/v1/workflow/run/logs';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let sim;
let base;

beforeAll(async () => {
	sim = createSimulator({ asyncDurationMs: 300 });
	base = (await sim.start()).url;
});
afterAll(() => sim.stop());
beforeEach(() => {
	sim.reset();
	sim.configure({
		latencyMs: 0,
		maxInFlight: null,
		retryAfterSeconds: 1,
		faultRate: 0,
		faultKinds: sim.faults.kinds,
		asyncDurationMs: 300,
		webhookRepeat: 1,
		webhookRetries: 0,
		seed: 1,
		maxRecordedRequests: 20000,
	});
});

/** Calls the simulator; `body` objects are sent as JSON, strings as-is. */
async function call(urlPath, { method = 'GET', body, key = KEY, signal, url = base } = {}) {
	const headers = { 'Content-Type': 'application/json' };
	if (key !== null) headers.Authorization = `Bearer ${key}`;
	const res = await fetch(url + urlPath, {
		method,
		headers,
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
		signal,
	});
	const text = await res.text();
	let json;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json };
}

const invoke = (body, opts) => call(INVOKE, { method: 'POST', body, ...opts });
const query = (workflowRunId) => call(QUERY, { method: 'POST', body: { workflowRunId } });
const logs = (params) => call(`${LOGS}?${new URLSearchParams(params)}`);

/** A webhook receiver that records requests and answers with queued status codes (default 200). */
async function startReceiver() {
	const received = [];
	const statuses = [];
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			received.push({ method: req.method, url: req.url, headers: req.headers, body, time: Date.now() });
			res.writeHead(statuses.shift() ?? 200);
			res.end('ok');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${server.address().port}`;
	return {
		url,
		received,
		statuses,
		close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
	};
}

async function waitFor(predicate, timeoutMs = 5000) {
	const deadline = Date.now() + timeoutMs;
	while (!predicate()) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await sleep(20);
	}
}

describe('authentication', () => {
	test('missing key is 401 and recorded as missing', async () => {
		const res = await call('/v1/api-key/verify', { key: null });
		expect(res.status).toBe(401);
		expect(res.json).toEqual({ code: 40100, message: 'Invalid API key' });
		expect(sim.state.requests.at(-1).auth).toBe('missing');
	});

	test('wrong key is 401, never echoed nor stored', async () => {
		const secret = 'wrong-secret-key-xyz';
		const res = await invoke({ input: { a: 1 } }, { key: secret });
		expect(res.status).toBe(401);
		expect(res.text).not.toContain(secret);
		const entry = sim.state.requests.at(-1);
		expect(entry.auth).toBe('invalid');
		expect(entry.headers.authorization).toBeUndefined();
		expect(JSON.stringify(sim.state.requests)).not.toContain(secret);
		expect(JSON.stringify(sim.summary())).not.toContain(KEY);
		expect(sim.state.runs.size).toBe(0);
	});

	test('verify answers which workflow the key belongs to', async () => {
		const res = await call('/v1/api-key/verify');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/application\/json/);
		expect(res.json).toEqual({ code: 0, message: 'success', data: { type: 'WORKFLOW', id: 'wf_sim_1', name: 'Simulated workflow' } });
		expect(sim.state.counts.verify).toBe(1);
		expect(sim.state.requests.at(-1).auth).toBe('valid');
	});

	test('configured apiKeys replace the default', async () => {
		sim.configure({ apiKeys: ['other-key'] });
		try {
			expect((await call('/v1/api-key/verify')).status).toBe(401);
			expect((await call('/v1/api-key/verify', { key: 'other-key' })).status).toBe(200);
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
	const cases = [
		['body not JSON', '{not json', 40000, /not valid JSON/],
		['input missing', { userId: 'u' }, 40001, /input must be an object/],
		['input is an array', { input: [1, 2] }, 40001, /input must be an object/],
		['input is a string', { input: 'x' }, 40001, /input/],
		['webhook not an array', { input: {}, isAsync: true, webhook: { url: 'http://x' } }, 40002, /array/],
		['too many webhooks', { input: {}, isAsync: true, webhook: Array(6).fill({ method: 'POST', url: 'http://x.test/' }) }, 40002, /at most 5/],
		['webhook without method', { input: {}, isAsync: true, webhook: [{ url: 'http://x.test/' }] }, 40002, /webhook\[0\]\.method/],
		['webhook with ftp url', { input: {}, isAsync: true, webhook: [{ method: 'POST', url: 'ftp://x.test/' }] }, 40002, /webhook\[0\]\.url/],
		['webhook headers not an object', { input: {}, isAsync: true, webhook: [{ method: 'GET', url: 'http://x.test/', headers: ['a'] }] }, 40002, /headers/],
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
		const res = await invoke({ input: {}, isAsync: true, webhook: Array(5).fill({ method: 'post', url: 'http://127.0.0.1:1/' }) });
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
		expect(sim.state.runs.get(run.workflowRunId).userId).toBe('u1');
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
		await call('/v1/api-key/verify');
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

describe('asynchronous runs and query', () => {
	test('PENDING at once, then RUNNING, then SUCCEED with output', async () => {
		const res = await invoke({ input: { x: 1, __durationMs: 500 }, isAsync: true });
		expect(res.status).toBe(200);
		expect(Object.keys(res.json).sort()).toEqual(['status', 'workflowId', 'workflowName', 'workflowRunId', 'workflowVersion']);
		expect(res.json.status).toBe('PENDING');
		const id = res.json.workflowRunId;

		const pending = await query(id);
		expect(pending.status).toBe(200);
		expect(pending.json.status).toBe('PENDING');
		expect(pending.json).not.toHaveProperty('output');
		expect(pending.json).not.toHaveProperty('endTime');

		await sleep(200);
		const running = await query(id);
		expect(running.json.status).toBe('RUNNING');
		expect(running.json).not.toHaveProperty('output');

		await sleep(400);
		const done = await query(id);
		expect(done.json.status).toBe('SUCCEED');
		expect(done.json.output).toEqual({ echo: { x: 1, __durationMs: 500 }, answer: expect.stringContaining('processed') });
		expect(done.json.endTime).toBeGreaterThanOrEqual(done.json.startTime + 490);
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
	let receiver;
	beforeEach(async () => {
		receiver = await startReceiver();
	});
	afterEach(() => receiver.close());

	test('POST webhook gets the full run as JSON with the caller headers', async () => {
		const { json } = await invoke({
			input: { q: 'hi', __durationMs: 50 },
			isAsync: true,
			webhook: [{ method: 'POST', url: `${receiver.url}/hook?token=t1`, headers: { 'X-Secret': 's3cret' } }],
		});
		await waitFor(() => receiver.received.length === 1);
		const got = receiver.received[0];
		expect(got.method).toBe('POST');
		expect(got.url).toBe('/hook?token=t1');
		expect(got.headers['x-secret']).toBe('s3cret');
		expect(got.headers['content-type']).toBe('application/json');
		const body = JSON.parse(got.body);
		expect(body).toEqual((await query(json.workflowRunId)).json);
		expect(body.status).toBe('SUCCEED');
		expect(body.output.echo.q).toBe('hi');

		await waitFor(() => sim.state.deliveries.length === 1);
		const d = sim.state.deliveries[0];
		expect(d).toMatchObject({ runId: json.workflowRunId, method: 'POST', statusCode: 200, error: null });
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
		await waitFor(() => receiver.received.length === 1);
		const got = receiver.received[0];
		expect(got.method).toBe('GET');
		expect(got.body).toBe('');
		const params = new URL(got.url, 'http://x').searchParams;
		expect(params.get('keep')).toBe('1');
		expect(params.get('workflowRunId')).toBe(json.workflowRunId);
		expect(params.get('status')).toBe('SUCCEED');
		expect(params.get('workflowId')).toBe('wf_sim_1');
		for (const f of ['workflowName', 'workflowVersion', 'totalCost', 'totalTokens', 'startTime', 'endTime', 'workflowExecutionTime']) {
			expect(params.get(f)).not.toBeNull();
		}
		expect(JSON.parse(params.get('input'))).toEqual({ q: 'hi', __durationMs: 30 });
		expect(JSON.parse(params.get('output')).echo.q).toBe('hi');
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
		await waitFor(() => receiver.received.length === 4);
		await sleep(100);
		expect(receiver.received.map((r) => `${r.method} ${r.url}`).sort()).toEqual(['POST /a', 'POST /a', 'PUT /b', 'PUT /b']);
		expect(sim.state.deliveries.map((d) => d.copy).sort()).toEqual([1, 1, 2, 2]);
	});

	test('failed deliveries are retried after 200 ms up to webhookRetries times', async () => {
		sim.configure({ webhookRetries: 2 });
		receiver.statuses.push(500, 503);
		await invoke({ input: { __durationMs: 10 }, isAsync: true, webhook: [{ method: 'POST', url: receiver.url }] });
		await waitFor(() => receiver.received.length === 3);
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
			webhook: [{ method: 'POST', url: receiver.url }, { method: 'POST', url: 'http://127.0.0.1:1/closed' }],
		});
		await waitFor(() => sim.state.deliveries.length === 2);
		await sleep(300);
		expect(receiver.received).toHaveLength(1);
		const failed = sim.state.deliveries.find((d) => d.url.includes(':1/'));
		expect(failed.statusCode).toBeNull();
		expect(failed.error).toMatch(/ECONNREFUSED|connect/);
	});

	test('sync runs do not call webhooks', async () => {
		await invoke({ input: {}, webhook: [{ method: 'POST', url: receiver.url }] });
		await sleep(150);
		expect(receiver.received).toHaveLength(0);
	});
});

describe('run logs', () => {
	const base = { conversation_type: 'ALL', start_time: '0', end_time: String(Date.now() + 3600000) };

	test.each([
		['conversation_type missing', { start_time: '0', end_time: '1' }, /conversation_type/],
		['conversation_type unknown', { ...base, conversation_type: 'BOT' }, /conversation_type/],
		['start_time missing', { conversation_type: 'API', end_time: '1' }, /start_time/],
		['end_time not a number', { ...base, end_time: 'soon' }, /end_time/],
		['end before start', { ...base, start_time: '10', end_time: '5' }, /end_time/],
		['page 0', { ...base, page: '0' }, /page/],
		['page_size 9', { ...base, page_size: '9' }, /page_size/],
		['page_size 101', { ...base, page_size: '101' }, /page_size/],
	])('%s -> 400', async (_name, params, message) => {
		const res = await logs(params);
		expect(res.status).toBe(400);
		expect(res.json.message).toMatch(message);
	});

	test('seeded runs page newest first, filter by user and time', async () => {
		sim.seedRuns(25, { userId: 'u1', startTime: 1000 });
		sim.seedRuns(3, { userId: 'u2', startTime: 2000 });
		const range = { conversation_type: 'API', start_time: '0', end_time: '5000' };

		const first = await logs(range);
		expect(first.status).toBe(200);
		expect(first.json.code).toBe(0);
		expect(first.json.data).toMatchObject({ total: 28, page: 1, page_size: 10 });
		expect(first.json.data.list).toHaveLength(10);
		expect(first.json.data.list.slice(0, 3).every((r) => r.user_id === 'u2')).toBe(true);
		const row = first.json.data.list[0];
		expect(typeof row.input).toBe('string');
		expect(typeof row.output).toBe('string');
		expect(JSON.parse(row.output).echo).toEqual(JSON.parse(row.input));
		expect(row).toMatchObject({ conversation_type: 'API', status: 'SUCCEED', created_at: 2000 });
		expect(row.log_id).toEqual(expect.any(String));
		expect(row.workflow_run_id).toMatch(/^run_/);

		const u1 = await logs({ ...range, user_id: 'u1', page: '3', page_size: '10' });
		expect(u1.json.data.total).toBe(25);
		expect(u1.json.data.list).toHaveLength(5);

		const all = await logs({ ...range, page_size: '100' });
		const ids = all.json.data.list.map((r) => r.workflow_run_id);
		expect(new Set(ids).size).toBe(28);
		const pages = [];
		for (let p = 1; p <= 3; p++) pages.push(...(await logs({ ...range, page: String(p) })).json.data.list.map((r) => r.workflow_run_id));
		expect(pages).toEqual(ids); // pages are consistent with one big page

		const early = await logs({ ...range, start_time: '0', end_time: '1500' });
		expect(early.json.data.total).toBe(25);
		expect((await logs({ ...range, conversation_type: 'AGENT' })).json.data.total).toBe(0);
	});

	test('invoked runs are listed with their user', async () => {
		const { json } = await invoke({ userId: 'alice', input: { k: 1 } });
		const res = await logs({ ...base, user_id: 'alice' });
		expect(res.json.data.total).toBe(1);
		expect(res.json.data.list[0].workflow_run_id).toBe(json.workflowRunId);
		expect(JSON.parse(res.json.data.list[0].input)).toEqual({ k: 1 });
	});
});

describe('concurrency limit', () => {
	test('requests beyond maxInFlight get 429 with Retry-After', async () => {
		sim.configure({ maxInFlight: 2, latencyMs: 200 });
		const results = await Promise.all([1, 2, 3, 4, 5].map((n) => invoke({ input: { n } })));
		const statuses = results.map((r) => r.status).sort();
		expect(statuses).toEqual([200, 200, 429, 429, 429]);
		const limited = results.find((r) => r.status === 429);
		expect(limited.headers.get('retry-after')).toBe('1');
		expect(limited.json).toEqual({ code: 42900, message: 'Too many requests' });
		expect(sim.state.counts.rateLimited).toBe(3);
		expect(sim.state.counts.invokeAccepted).toBe(2);
		expect(sim.state.peakInFlight).toBe(2);
		await waitFor(() => sim.state.inFlight === 0);
	});

	test('fractional retryAfterSeconds is sent as given; verify is not limited', async () => {
		sim.configure({ maxInFlight: 1, latencyMs: 150, retryAfterSeconds: 0.2 });
		const [a, b, v] = await Promise.all([invoke({ input: {} }), query('run_x'), call('/v1/api-key/verify')]);
		const limited = [a, b].find((r) => r.status === 429);
		expect(limited.headers.get('retry-after')).toBe('0.2');
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
		['rate_limit', 429, 'application/json', (r) => expect(r.json.code).toBe(42900), '1'],
		['server_error', 500, 'application/json', (r) => expect(r.json).toEqual({ code: 50000, message: 'Internal error' }), null],
		['bad_gateway', 502, 'text/html', (r) => expect(r.text).toBe('<html>502 Bad Gateway</html>'), null],
		['unavailable', 503, 'application/json', () => {}, '1'],
		['gateway_timeout', 504, 'text/plain', (r) => expect(r.json).toBeUndefined(), null],
		['non_json', 200, 'text/html', (r) => expect(r.text).toBe('<html>Maintenance</html>'), null],
		['error_code_200', 200, 'application/json', (r) => expect(r.json).toEqual({ code: 40348, message: 'Workflow is disabled' }), null],
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
		expect((await call('/v1/api-key/verify')).status).toBe(504);
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
				invoke({ input: { __itemKey: 'r', __durationMs: 20 }, isAsync: true, webhook: [{ method: 'POST', url: receiver.url }] }),
			).rejects.toThrow();
			expect(sim.state.runsByItemKey).toEqual({ r: 1 });
			expect(sim.state.counts.invokeAccepted).toBe(1);
			await waitFor(() => receiver.received.length === 1);
			expect(JSON.parse(receiver.received[0].body).status).toBe('SUCCEED');
		} finally {
			await receiver.close();
		}
	});

	test('hang never answers and creates no run; hang_after creates the run', async () => {
		sim.faults.queue(INVOKE, 'hang');
		await expect(invoke({ input: { __itemKey: 'h' } }, { signal: AbortSignal.timeout(300) })).rejects.toThrow();
		expect(sim.state.runs.size).toBe(0);

		sim.faults.queue(INVOKE, 'hang_after');
		await expect(invoke({ input: { __itemKey: 'h' } }, { signal: AbortSignal.timeout(300) })).rejects.toThrow();
		expect(sim.state.runsByItemKey).toEqual({ h: 1 });
		expect(sim.state.faultsInjected).toEqual({ hang: 1, hang_after: 1 });
	});

	test('random faults follow the seed: same seed, same sequence', async () => {
		const sequence = async (seed) => {
			sim.configure({ faultRate: 0.5, faultKinds: ['server_error', 'bad_gateway'], seed });
			sim.reset();
			const statuses = [];
			for (let i = 0; i < 20; i++) statuses.push((await call('/v1/api-key/verify')).status);
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
		await expect(fetch(`${base}/v1/api-key/verify`)).rejects.toThrow();
		await sleep(400);
		expect((await call('/v1/api-key/verify')).status).toBe(200);
		expect(sim.state.faultsInjected.refuse).toBe(1);
	});
});

describe('records', () => {
	test('requests are bounded but counters stay complete', async () => {
		sim.configure({ maxRecordedRequests: 50 });
		for (let i = 0; i < 120; i++) await call('/v1/api-key/verify');
		expect(sim.state.counts.verify).toBe(120);
		expect(sim.state.requests.length).toBeLessThanOrEqual(55);
		expect(sim.state.requests.at(-1).id).toBe(120);
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
	const control = (p, body) =>
		fetch(`${base}/__sim/${p}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) }).then(async (r) => ({
			status: r.status,
			json: await r.json(),
		}));

	test('configure, fault, state, seed-runs and reset over HTTP', async () => {
		expect((await control('configure', { latencyMs: 1, webhookRepeat: 1 })).status).toBe(200);
		expect(sim.options.latencyMs).toBe(1);
		expect((await control('configure', { nope: 1 })).status).toBe(400);
		expect((await control('fault', { path: INVOKE, kind: 'server_error', count: 1 })).status).toBe(200);
		expect((await control('fault', { path: INVOKE, kind: 'bogus' })).status).toBe(400);
		expect((await invoke({ input: {} })).status).toBe(500);
		await invoke({ input: { __itemKey: 'x' } });
		await invoke({ input: { __itemKey: 'x' } });
		expect((await control('seed-runs', { count: 3, userId: 'seed', startTime: 5 })).json.runIds).toHaveLength(3);

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
			const res = await control('deliver', { url: `${receiver.url}/t`, method: 'POST', headers: { 'X-Secret': 'a' } });
			expect(res.json.statusCode).toBe(401);
			const got = receiver.received[0];
			expect(got.headers['x-secret']).toBe('a');
			expect(JSON.parse(got.body)).toMatchObject({ status: 'SUCCEED', workflowRunId: expect.stringMatching(/^run_/) });

			const run = { workflowRunId: 'run_given', status: 'FAILED', output: { error: 'e' }, input: {} };
			await control('deliver', { url: `${receiver.url}/g`, method: 'GET', run });
			const params = new URL(receiver.received[1].url, 'http://x').searchParams;
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
		const child = spawn(process.execPath, [path.join(__dirname, '..', 'simulator', 'cli.js'), '--port', '0', '--latency', '0', '--api-key', 'cli-key'], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
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
		expect((await call('/v1/api-key/verify', { url: info.url, key: 'cli-key' })).status).toBe(200);
		const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
		child.kill('SIGTERM');
		expect(await exited).toBe(0);
	});
});
