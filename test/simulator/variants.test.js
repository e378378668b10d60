'use strict';

/** The simulator's variants (simulator/variants.js) over real HTTP: every shape GPTBots' docs leave open. */

const { CHOICES } = require('../../simulator/variants');
const { startReceiver, useSimulator } = require('./helpers');
const { waitFor } = require('../../scripts/lib/wait');

const { sim, call } = useSimulator({ asyncDurationMs: 50 });

/**
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 */
async function api(method, path, body) {
	const { status, json } = await call(path, { method, body });
	return { status, body: json };
}

describe('answers', () => {
	it('documented: invoke and query plain, verify wrapped', async () => {
		const sync = await api('POST', '/v1/workflow/invoke', { input: { a: 1 } });
		expect(sync.body).toMatchObject({ workflowId: 'wf_sim_1', status: 'SUCCEED' });
		expect((await api('GET', '/v1/api-key/verify')).body).toMatchObject({
			code: 0,
			data: { type: 'WORKFLOW' },
		});
	});

	it('wrapped (server option): invoke and query in {code:0, msg, data}', async () => {
		sim.configure({ variants: { answers: 'wrapped' } });
		const started = await api('POST', '/v1/workflow/invoke', { input: {}, isAsync: true });
		expect(started.body).toMatchObject({ code: 0, msg: 'success', data: { status: 'PENDING' } });
		const query = await api('POST', '/v1/workflow/query/result', {
			workflowRunId: started.body.data.workflowRunId,
		});
		expect(query.body).toMatchObject({
			code: 0,
			data: { workflowRunId: started.body.data.workflowRunId },
		});
	});

	it('plain verify, missing workflow fields and the old status spelling (per run, via __variants)', async () => {
		sim.configure({ variants: { answers: 'plain' } });
		expect((await api('GET', '/v1/api-key/verify')).body).toEqual({
			type: 'WORKFLOW',
			id: 'wf_sim_1',
			name: 'Simulated workflow',
		});
		const sync = await api('POST', '/v1/workflow/invoke', {
			input: { __variants: { missingFields: true, status: 'old' } },
		});
		expect(sync.body.status).toBe('SUCCED');
		expect(sync.body).not.toHaveProperty('workflowId');
		expect(sync.body).not.toHaveProperty('workflowName');
		expect(sync.body).not.toHaveProperty('workflowVersion');
		const other = await api('POST', '/v1/workflow/invoke', { input: {} });
		expect(other.body).toMatchObject({ workflowId: 'wf_sim_1', status: 'SUCCEED' });
	});

	it('an undocumented end status (__endStatus)', async () => {
		const sync = await api('POST', '/v1/workflow/invoke', { input: { __endStatus: 'CANCELLED' } });
		expect(sync.body).toMatchObject({ status: 'CANCELLED', output: { note: 'ended CANCELLED' } });
	});

	it.each(
		CHOICES.logs.flatMap((logs) => [
			[logs, false],
			[logs, true],
		]),
	)('run logs with rows under %s (without total: %s)', async (logs, logsWithoutTotal) => {
		sim.configure({ variants: { logs, logsWithoutTotal } });
		sim.seedRuns(3, {});
		const now = Date.now();
		const { body } = await api(
			'GET',
			`/v1/workflow/run/logs?conversation_type=API&start_time=${now - 60000}&end_time=${now + 60000}&page=1&page_size=10`,
		);
		const rows = {
			'data.list': body.data?.list,
			list: body.list,
			records: body.records,
			data: body.data,
			'data.records': body.data?.records,
		}[logs];
		expect(rows).toHaveLength(3);
		expect(rows[0]).toHaveProperty('workflow_run_id');
		expect(JSON.stringify(body).includes('"total"')).toBe(!logsWithoutTotal);
	});

	it('refuses unknown variants', () => {
		expect(() => sim.configure({ variants: { delivery: 'carrier-pigeon' } })).toThrow(
			'variants.delivery must be one of',
		);
		expect(() => sim.configure({ variants: { colour: 'red' } })).toThrow(
			'Unknown variants entry "colour"',
		);
	});
});

describe('webhook deliveries', () => {
	/** @type {Awaited<ReturnType<typeof startReceiver>>} */
	let hook;
	beforeEach(async () => {
		hook = await startReceiver();
	});
	afterEach(() => hook.close());

	/** @type {Record<string, [string | null, (body: string) => unknown]>} */
	const EXPECTED = {
		run: ['application/json', (body) => JSON.parse(body).workflowRunId],
		snake: ['application/json', (body) => JSON.parse(body).workflow_run_id],
		wrapped: ['application/json', (body) => JSON.parse(body).data.workflowRunId],
		result: ['application/json', (body) => JSON.parse(body).result.workflowRunId],
		form: [
			'application/x-www-form-urlencoded',
			(body) => new URLSearchParams(body).get('workflowRunId'),
		],
		textPlain: ['text/plain', (body) => JSON.parse(body).workflowRunId],
		noContentType: [null, (body) => JSON.parse(body).workflowRunId],
		empty: [null, (body) => (body === '' ? 'EMPTY' : body)],
		idOnly: ['application/json', (body) => Object.keys(JSON.parse(body)).join()],
	};

	it.each(CHOICES.delivery)(
		'%s: a run that ends is delivered in that shape (per run)',
		async (delivery) => {
			const started = await api('POST', '/v1/workflow/invoke', {
				input: { __variants: { delivery } },
				isAsync: true,
				webhook: [{ method: 'POST', url: hook.url }],
			});
			const runId = started.body.workflowRunId;
			await waitFor('hook.received.length > 0', () => hook.received.length > 0, {
				timeoutMs: 2000,
				intervalMs: 20,
			});
			const [got] = hook.received;
			const [contentType, read] = EXPECTED[delivery];
			expect(got.headers['content-type'] ?? null).toBe(contentType);
			const expected = { empty: 'EMPTY', idOnly: 'workflowRunId' }[delivery] ?? runId;
			expect(read(got.body)).toBe(expected);
		},
	);

	it('snake_case deliveries carry input/output as JSON text; sim.deliver takes variants too', async () => {
		await sim.deliver({ url: hook.url, variants: { delivery: 'snake', status: 'lower' } });
		const body = JSON.parse(hook.received[0].body);
		expect(body).toMatchObject({
			status: 'succeed',
			workflow_name: 'Simulated workflow',
			input: '{"sample":true}',
		});
		expect(typeof body.output).toBe('string');
	});

	it('GET deliveries apply the status spelling and missing fields to the query', async () => {
		await sim.deliver({
			url: hook.url,
			method: 'GET',
			variants: { status: 'old', missingFields: true },
		});
		const query = new URL(hook.received[0].url ?? '', 'http://x').searchParams;
		expect(query.get('status')).toBe('SUCCED');
		expect(query.has('workflowId')).toBe(false);
	});
});
