import { readDelivery } from '../../nodes/GptBots/shared/deliveryReader';
import { normaliseRun, normaliseStatus, runIdOf } from '../../nodes/GptBots/shared/runShape';

const camel = {
	workflowId: 'wf1',
	workflowName: 'news',
	workflowVersion: '1.0.1',
	workflowRunId: 'run_1',
	input: { topic: 'x' },
	output: { answer: 42 },
	workflowExecutionTime: 8347,
	status: 'SUCCEED',
	totalCost: 0.69,
	totalTokens: 1745,
	startTime: 1758765323024,
	endTime: 1758765331373,
};
const snake = {
	workflow_id: 'wf1',
	workflow_name: 'news',
	workflow_version: '1.0.1',
	workflow_run_id: 'run_1',
	input: '{"topic":"x"}',
	output: '{"answer":42}',
	workflow_execution_time: 8347,
	status: 'succeed',
	total_cost: 0.69,
	total_tokens: 1745,
	start_time: 1758765323024,
	end_time: 1758765331373,
};
const form = Object.fromEntries(Object.entries(snake).map(([key, value]) => [key, String(value)]));

const post = (body: unknown, extra: object = {}) =>
	readDelivery({ method: 'POST', body, query: {}, ...extra });

describe('readDelivery: where it finds the run', () => {
	it.each([
		['the body itself (camelCase)', post(camel)],
		['the body itself (snake_case, JSON text input/output)', post(snake)],
		['wrapped under data with code/msg', post({ code: 0, msg: 'success', data: camel })],
		['wrapped under data without code', post({ data: snake })],
		['wrapped under result', post({ code: 0, result: camel })],
		['wrapped twice (data.result)', post({ code: 0, data: { result: camel } })],
		['wrapped under data as JSON text', post({ code: 0, data: JSON.stringify(camel) })],
		[
			'JSON sent as text/plain (n8n gives a string)',
			post(JSON.stringify(snake), { contentType: 'text/plain' }),
		],
		[
			'JSON with another content type (only the raw bytes)',
			post(
				{},
				{ rawBody: Buffer.from(JSON.stringify(camel)), contentType: 'application/octet-stream' },
			),
		],
		[
			'JSON with no content type (only the raw bytes)',
			post({}, { rawBody: Buffer.from(JSON.stringify({ data: camel })) }),
		],
		[
			'a form body (n8n parses it into text fields)',
			post(form, { contentType: 'application/x-www-form-urlencoded' }),
		],
		['form text kept raw', post({}, { rawBody: new URLSearchParams(form).toString() })],
		['GET query parameters', readDelivery({ method: 'get', body: {}, query: form })],
		['POST with an empty body and the run in the query', post({}, { query: form })],
	])('%s', (_label, reading) => {
		expect(reading.ok).toBe(true);
		if (!reading.ok) return;
		expect(reading.runId).toBe('run_1');
		expect(reading.run).toEqual(camel);
	});

	it('says where it found the run and keeps the delivery as received', () => {
		const reading = post(
			{ code: 0, data: snake },
			{ contentType: 'application/json', query: { token: 'a' } },
		);
		expect(reading).toMatchObject({
			ok: true,
			foundIn: 'body.data',
			raw: {
				method: 'POST',
				contentType: 'application/json',
				body: { code: 0, data: snake },
				query: { token: 'a' },
			},
		});
		const raw = post({}, { rawBody: Buffer.from('workflow_run_id=run_1&status=SUCCED') });
		expect(raw).toMatchObject({
			ok: true,
			foundIn: 'body',
			run: { workflowRunId: 'run_1', status: 'SUCCEED' },
			raw: { body: 'workflow_run_id=run_1&status=SUCCED' },
		});
	});

	it('leaves out the query parameters it is told to ignore', () => {
		const reading = readDelivery(
			{ method: 'POST', body: {}, query: { signature: 's', gptbotsItem: '2' } },
			['signature', 'gptbotsItem'],
		);
		expect(reading).toMatchObject({ ok: false, raw: { query: {} } });
		expect(reading.ok === false && reading.reason).toContain('no query parameters');
	});

	it.each([
		['an empty body', post({}), 'received nothing in the body and no query parameters'],
		[
			'an unknown object',
			post({ id: 'x', state: 'done' }),
			'received an object with the fields id, state in the body',
		],
		['an array', post([1, 2]), 'received an array'],
		[
			'text that is not JSON',
			post('hello there'),
			'received text that is neither JSON nor form data',
		],
		[
			'an empty run id',
			post({ workflowRunId: '  ', status: 'SUCCEED' }),
			'received an object with the fields workflowRunId, status',
		],
	])('names what it looked for when it finds no run: %s', (_label, reading, received) => {
		expect(reading.ok).toBe(false);
		if (reading.ok) return;
		expect(reading.reason).toContain(
			'looked for workflowRunId (or workflow_run_id) in the body, under its "data" or "result" field',
		);
		expect(reading.reason).toContain(received);
	});

	it('refuses run ids and statuses too long to be real', () => {
		expect(post({ workflowRunId: 'r'.repeat(201), status: 'SUCCEED' })).toMatchObject({
			ok: false,
			reason: expect.stringContaining('too long'),
		});
		expect(post({ workflowRunId: 'r', status: 'S'.repeat(201) })).toMatchObject({
			ok: false,
			reason: expect.stringContaining('too long'),
		});
	});

	it('reads a run that carries only its id (the status is checked by the caller)', () => {
		expect(post({ workflow_run_id: 12345 })).toMatchObject({
			ok: true,
			runId: '12345',
			run: { workflowRunId: '12345' },
		});
	});

	it('gives the same run id for the same run delivered in different shapes (de-dup key)', () => {
		const ids = [
			post(camel),
			post({ data: snake }),
			readDelivery({ method: 'GET', body: {}, query: { workflowRunId: ' run_1 ' } }),
		].map((r) => r.ok && r.runId);
		expect(new Set(ids)).toEqual(new Set(['run_1']));
	});
});

describe('normaliseRun / normaliseStatus', () => {
	it.each([
		['SUCCED', 'SUCCEED'],
		['succeed', 'SUCCEED'],
		[' Succeeded ', 'SUCCEED'],
		['SUCCESS', 'SUCCEED'],
		['failed', 'FAILED'],
		['FAIL', 'FAILED'],
		['running', 'RUNNING'],
		['pending', 'PENDING'],
		['cancelled', 'CANCELLED'],
		['EXPLODED', 'EXPLODED'],
	])('status %j becomes %j', (given, expected) => {
		expect(normaliseStatus(given)).toBe(expected);
	});

	it('keeps non-text statuses and unknown fields unchanged; the exact spelling wins over a variant', () => {
		expect(normaliseStatus(3)).toBe(3);
		expect(
			normaliseRun({
				workflowRunId: 'a',
				workflow_run_id: 'b',
				extra_field: 1,
				output: 'plain text',
			}),
		).toEqual({ workflowRunId: 'a', extra_field: 1, output: 'plain text' });
		expect(normaliseRun({ WorkflowRunID: 'a', totalCost: 'n/a', input: '{broken' })).toEqual({
			workflowRunId: 'a',
			totalCost: 'n/a',
			input: '{broken',
		});
	});

	it('finds a run id in any spelling', () => {
		expect(runIdOf({ 'workflow-run-id': 'x' })).toBe('x');
		expect(runIdOf({ runId: 'x' })).toBe('');
		expect(runIdOf('x')).toBe('');
	});
});
