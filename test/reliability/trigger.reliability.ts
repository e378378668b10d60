/**
 * Requirement 5: abuse of the GPTBots Workflow Trigger's webhook (n8n-core's WebhookContext via
 * deliverToWebhook). Every delivery that is not a new, authentic, wanted run result is refused
 * (401/400) or acknowledged and dropped (200), and starts nothing.
 */
import type { IDataObject } from 'n8n-workflow';

import type { TriggerDelivery } from '../engine/fixture';
import { deliverToTrigger } from '../engine/fixture';
import { addFigures, countLeaks } from './support';

const SECRET = 'trig-secret-ABUSE-5c1f0e9b27';
let counter = 0;
const freshId = () => `run_abuse_${process.pid}_${Date.now()}_${counter++}`;
const runOf = (id: string, status = 'SUCCEED', extra: IDataObject = {}) => ({
	workflowRunId: id,
	status,
	workflowId: 'wf',
	output: { answer: 42 },
	...extra,
});

let deliveries = 0;
let leaks = 0;
let bad = 0;
let started = 0;
afterAll(() => addFigures({ leaksFound: leaks, badInputsTried: bad }));

async function deliver(d: TriggerDelivery) {
	deliveries++;
	const answer = await deliverToTrigger(SECRET, { workflowId: 'wf-abuse', ...d });
	started += answer.started.length;
	const found = countLeaks(
		{
			response: JSON.stringify(answer.response.body ?? ''),
			started: JSON.stringify(answer.started),
		},
		[SECRET],
	);
	leaks += found.reduce((n, leak) => n + leak.count, 0);
	expect(found).toEqual([]);
	return answer;
}

describe('secrets', () => {
	it.each([
		['missing', {}],
		['empty', { 'X-GPTBots-Secret': '' }],
		['wrong (one character off)', { 'X-GPTBots-Secret': `${SECRET.slice(0, -1)}c` }],
		['too short', { 'X-GPTBots-Secret': 'x' }],
		['a prefix of the secret', { 'X-GPTBots-Secret': SECRET.slice(0, 10) }],
		['the secret plus more', { 'X-GPTBots-Secret': `${SECRET}x` }],
		['the secret with spaces', { 'X-GPTBots-Secret': ` ${SECRET} ` }],
		['the secret in upper case', { 'X-GPTBots-Secret': SECRET.toUpperCase() }],
		['very long (1 MB)', { 'X-GPTBots-Secret': 'y'.repeat(1024 * 1024) }],
		['in another header', { Authorization: `Bearer ${SECRET}` }],
		['under the header name with a typo', { 'X-GPTBot-Secret': SECRET }],
	])('%s: 401, nothing started', async (_label, headers) => {
		bad++;
		const { response, started: items } = await deliver({ body: runOf(freshId()), headers });
		expect(response.statusCode).toBe(401);
		expect(response.body).toEqual({ error: 'Missing or wrong secret header' });
		expect(items).toEqual([]);
	});

	it('a GET delivery with a wrong secret: 401', async () => {
		bad++;
		const { response, started: items } = await deliver({
			method: 'GET',
			query: runOf(freshId()) as IDataObject,
			headers: { 'X-GPTBots-Secret': 'nope' },
		});
		expect(response.statusCode).toBe(401);
		expect(items).toEqual([]);
	});

	it('the secret is checked before the body: a malformed body with a wrong secret says 401, not why the body is bad', async () => {
		bad++;
		const { response } = await deliver({
			body: [1, 2, 3],
			headers: { 'X-GPTBots-Secret': 'nope' },
		});
		expect(response.statusCode).toBe(401);
	});

	it('wrong-secret deliveries do not use up the run id: the genuine one still starts', async () => {
		const id = freshId();
		for (let i = 0; i < 5; i++)
			expect(
				(await deliver({ body: runOf(id), headers: { 'X-GPTBots-Secret': `bad-${i}` } })).response
					.statusCode,
			).toBe(401);
		expect((await deliver({ body: runOf(id) })).started).toHaveLength(1);
	});
});

describe('malformed deliveries: 400, nothing started', () => {
	it.each([
		['an array', [runOf('run_in_array')]],
		['a string that is neither JSON nor a form', 'run_1 SUCCEED'],
		['a number', 42],
		['null', null],
		['an empty object', {}],
		['no run id', { status: 'SUCCEED' }],
		['no status', { workflowRunId: 'run_no_status' }],
		['an empty run id', { workflowRunId: '', status: 'SUCCEED' }],
		['a blank run id', { workflowRunId: '   ', status: 'SUCCEED' }],
		['an object as run id', { workflowRunId: { id: 'x' }, status: 'SUCCEED' }],
		['an empty status', { workflowRunId: 'run_empty_status', status: '' }],
		['a numeric status', { workflowRunId: 'run_numeric_status', status: 1 }],
	])('a body that is %s', async (_label, body) => {
		bad++;
		const { response, started: items } = await deliver({ body });
		expect(response.statusCode).toBe(400);
		expect(String((response.body as IDataObject).error)).toMatch(/^Not a GPTBots run result: /);
		expect(items).toEqual([]);
	});

	it.each([
		['no query at all', {}],
		['no status', { workflowRunId: 'run_get_1' }],
		['no run id', { status: 'SUCCEED' }],
	])('a GET delivery with %s', async (_label, query) => {
		bad++;
		const { response, started: items } = await deliver({ method: 'GET', query });
		expect(response.statusCode).toBe(400);
		expect(items).toEqual([]);
	});

	it('a GET delivery whose output is not JSON is passed on as text, not crashed on', async () => {
		const { response, started: items } = await deliver({
			method: 'GET',
			query: { workflowRunId: freshId(), status: 'SUCCEED', output: '{not json', totalCost: 'NaN' },
		});
		expect(response.statusCode).toBe(200);
		expect(items[0].json).toMatchObject({ output: '{not json', totalCost: 'NaN' });
	});
});

describe('tolerated spellings (issue 12): a form-text body, a numeric run id, a status in other case or the older spelling', () => {
	it.each([
		['form text', (id: string) => `workflowRunId=${id}&status=SUCCEED`, 'SUCCEED'],
		['a lower-case status', (id: string) => ({ workflowRunId: id, status: 'succeed' }), 'SUCCEED'],
		[
			'a status with spaces',
			(id: string) => ({ workflowRunId: id, status: 'SUCCEED ' }),
			'SUCCEED',
		],
		[
			'the older spelling SUCCED',
			(id: string) => ({ workflow_run_id: id, status: 'SUCCED' }),
			'SUCCEED',
		],
	])('%s starts once, normalised', async (_label, bodyOf, status) => {
		const id = freshId();
		const { response, started: items } = await deliver({ body: bodyOf(id) });
		expect(response.statusCode).toBe(200);
		expect(items.map((item) => [item.json.workflowRunId, item.json.status])).toEqual([
			[id, status],
		]);
	});

	it('a numeric run id is read as text', async () => {
		const id = Date.now() + Math.floor(Math.random() * 1e6);
		const { started: items } = await deliver({ body: { workflowRunId: id, status: 'SUCCEED' } });
		expect(items.map((item) => item.json.workflowRunId)).toEqual([String(id)]);
	});
});

describe('statuses that are not wanted: 200, dropped', () => {
	it.each(['PENDING', 'RUNNING', 'EXPLODED', 'running', 'null'])('status "%s"', async (status) => {
		bad++;
		const { response, started: items } = await deliver({ body: runOf(freshId(), status) });
		expect(response.statusCode).toBe(200);
		expect(response.body).toMatchObject({ received: true, started: false });
		expect(items).toEqual([]);
	});

	it('FAILED when only SUCCEED is wanted', async () => {
		const { response, started: items } = await deliver({
			body: runOf(freshId(), 'FAILED'),
			parameters: { statuses: ['SUCCEED'] },
		});
		expect(response.statusCode).toBe(200);
		expect(items).toEqual([]);
	});

	it('a dropped status does not use up the run id: the final result still starts', async () => {
		const id = freshId();
		expect((await deliver({ body: runOf(id, 'RUNNING') })).started).toEqual([]);
		expect((await deliver({ body: runOf(id, 'SUCCEED') })).started).toHaveLength(1);
	});
});

describe('huge bodies: no crash; a valid one is accepted, others refused', () => {
	const big = 'z'.repeat(5 * 1024 * 1024);

	it('a 5 MB run result with the right secret starts exactly one execution', async () => {
		const id = freshId();
		const started0 = Date.now();
		const { response, started: items } = await deliver({
			body: runOf(id, 'SUCCEED', { output: { text: big } }),
		});
		expect(response.statusCode).toBe(200);
		expect(items).toHaveLength(1);
		expect(items[0].json.workflowRunId).toBe(id);
		expect(Date.now() - started0).toBeLessThan(5000);
	});

	it('a 5 MB body with a wrong secret: 401', async () => {
		bad++;
		const { response, started: items } = await deliver({
			body: runOf(freshId(), 'SUCCEED', { output: { text: big } }),
			headers: { 'X-GPTBots-Secret': 'nope' },
		});
		expect(response.statusCode).toBe(401);
		expect(items).toEqual([]);
	});

	it('a 5 MB array: 400', async () => {
		bad++;
		const { response, started: items } = await deliver({
			body: Array.from({ length: 50_000 }, () => 'x'.repeat(100)),
		});
		expect(response.statusCode).toBe(400);
		expect(items).toEqual([]);
	});

	it('a 5 MB object without a run id: 400', async () => {
		bad++;
		const { response, started: items } = await deliver({
			body: { status: 'SUCCEED', output: big },
		});
		expect(response.statusCode).toBe(400);
		expect(items).toEqual([]);
	});

	it('a 5 MB status: refused with 400 (not echoed back), nothing started', async () => {
		bad++;
		const { response, started: items } = await deliver({ body: runOf(freshId(), big) });
		expect(response.statusCode).toBe(400);
		expect(JSON.stringify(response.body).length).toBeLessThan(200);
		expect(items).toEqual([]);
	});

	it('a 64 KB run id: refused with 400, and nothing kept in the de-dup store', async () => {
		bad++;
		const id = `run_${'k'.repeat(64 * 1024)}`;
		const staticData: IDataObject = {};
		const answer = await deliver({ body: runOf(id), staticData, workflowId: 'wf-long-id' });
		expect(answer.response.statusCode).toBe(400);
		expect(answer.started).toEqual([]);
		expect(JSON.stringify(staticData).length).toBeLessThan(1000);
		// a 200-character id is still a run id
		expect(
			(
				await deliver({
					body: runOf(`run_${'k'.repeat(196)}`),
					staticData,
					workflowId: 'wf-long-id',
				})
			).started,
		).toHaveLength(1);
	});
});

describe('replays', () => {
	it('the same run id 50 times in a row starts one execution', async () => {
		const id = freshId();
		const staticData: IDataObject = {};
		const answers = [];
		for (let i = 0; i < 50; i++) answers.push(await deliver({ body: runOf(id), staticData }));
		expect(answers.filter((a) => a.started.length > 0)).toHaveLength(1);
		expect(
			answers
				.slice(1)
				.every(
					(a) =>
						a.response.statusCode === 200 &&
						(a.response.body as IDataObject).reason === 'duplicate delivery',
				),
		).toBe(true);
	});

	it('the same run id 100 times at once starts one execution', async () => {
		const id = freshId();
		const staticData: IDataObject = {};
		const answers = await Promise.all(
			Array.from({ length: 100 }, () => deliver({ body: runOf(id), staticData })),
		);
		expect(answers.reduce((n, a) => n + a.started.length, 0)).toBe(1);
	});

	it('by POST and by GET at once, with other statuses mixed in: one execution', async () => {
		const id = freshId();
		const staticData: IDataObject = {};
		const answers = await Promise.all([
			...Array.from({ length: 20 }, () => deliver({ body: runOf(id), staticData })),
			...Array.from({ length: 20 }, () =>
				deliver({ method: 'GET', query: runOf(id) as IDataObject, staticData }),
			),
			...Array.from({ length: 20 }, () => deliver({ body: runOf(id, 'FAILED'), staticData })),
		]);
		expect(answers.reduce((n, a) => n + a.started.length, 0)).toBe(1);
	});

	it('many different runs at once, each delivered 3 times: each starts exactly once', async () => {
		const ids = Array.from({ length: 100 }, freshId);
		const staticData: IDataObject = {};
		const answers = await Promise.all(
			ids.flatMap((id) => [1, 2, 3].map(() => deliver({ body: runOf(id), staticData }))),
		);
		const startedIds = answers.flatMap((a) => a.started.map((item) => item.json.workflowRunId));
		expect(startedIds.sort()).toEqual([...ids].sort());
	});

	it('with "Ignore Repeated Deliveries" off, every delivery starts (as documented)', async () => {
		const id = freshId();
		const answers = await Promise.all(
			Array.from({ length: 3 }, () =>
				deliver({ body: runOf(id), parameters: { options: { dedupe: false } } }),
			),
		);
		expect(answers.reduce((n, a) => n + a.started.length, 0)).toBe(3);
	});
});
