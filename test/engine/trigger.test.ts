import type { TriggerDelivery } from './fixture';
import {
	TRIGGER_TYPE,
	deliverToTrigger,
	expectOncePerId,
	expectRepeatsLetThrough,
} from './fixture';

const SECRET = 'trigger-secret-4f9a';
const run = (id: string, status = 'SUCCEED') => ({
	workflowRunId: id,
	status,
	workflowId: 'wf',
	output: { answer: 42 },
	totalCost: 0.5,
});

const deliver = async (delivery: TriggerDelivery) => await deliverToTrigger(SECRET, delivery);

let counter = 0;
const freshId = () => `run_t${Date.now()}_${counter++}`;

describe('GPTBots Workflow Trigger (webhook() inside n8n-core)', () => {
	it('starts a workflow with the run and the delivery method', async () => {
		const id = freshId();
		const { started, result } = await deliver({ body: run(id) });
		expect(result.noWebhookResponse).toBeUndefined();
		expect(started.map((item) => item.json)).toEqual([
			{
				...run(id),
				deliveryMethod: 'POST',
				rawDelivery: { method: 'POST', contentType: 'application/json', body: run(id), query: {} },
			},
		]);
	});

	it.each([
		['missing', {}],
		['wrong', { 'X-GPTBots-Secret': 'trigger-secret-4f9b' }],
		['wrong length', { 'X-GPTBots-Secret': 'x' }],
		['in another header', { Authorization: SECRET }],
	])('answers 401 and starts nothing when the secret is %s', async (_label, headers) => {
		const { started, response } = await deliver({ body: run(freshId()), headers });
		expect(response.statusCode).toBe(401);
		expect(started).toEqual([]);
		expect(JSON.stringify(response.body)).not.toContain(SECRET);
	});

	it('honours a custom secret header name', async () => {
		const ok = await deliver({
			body: run(freshId()),
			headers: { 'X-Hook-Token': SECRET },
			parameters: { secretHeaderName: 'X-Hook-Token' },
		});
		expect(ok.started).toHaveLength(1);
	});

	it('acknowledges filtered and unknown statuses without starting anything', async () => {
		const failed = await deliver({
			body: run(freshId(), 'FAILED'),
			parameters: { statuses: ['SUCCEED'] },
		});
		expect(failed.response.statusCode).toBe(200);
		expect(failed.started).toEqual([]);
		const odd = await deliver({ body: run(freshId(), 'EXPLODED') });
		expect(odd.response.body).toEqual({
			received: true,
			started: false,
			reason: 'status EXPLODED is filtered out',
		});
		expect(odd.started).toEqual([]);
	});

	it.each([
		['an array', [1, 2]],
		['no run id', { status: 'SUCCEED' }],
		['no status', { workflowRunId: 'run_x' }],
		['an empty run id', { workflowRunId: ' ', status: 'SUCCEED' }],
	])('refuses a body that is %s with 400', async (_label, body) => {
		const { response, started } = await deliver({ body });
		expect(response.statusCode).toBe(400);
		expect(started).toEqual([]);
	});

	it('reads a GET delivery from the query, restoring numbers and JSON', async () => {
		const id = freshId();
		const { started } = await deliver({
			method: 'GET',
			query: {
				workflowRunId: id,
				status: 'SUCCEED',
				totalCost: '0.5',
				endTime: '1758765331373',
				output: '{"answer":42}',
				input: 'not json',
			},
		});
		expect(started[0].json).toMatchObject({
			workflowRunId: id,
			status: 'SUCCEED',
			totalCost: 0.5,
			endTime: 1758765331373,
			output: { answer: 42 },
			input: 'not json',
			deliveryMethod: 'GET',
		});
		expect(started[0].json.rawDelivery).toEqual({
			method: 'GET',
			contentType: null,
			body: {},
			query: expect.objectContaining({ totalCost: '0.5' }),
		});
	});

	const deliverRun = (id: string, more: TriggerDelivery) =>
		deliver({ body: run(id), workflowId: 'wf-dedupe', ...more });

	it('starts once per run id, also across restarts (static data) and when deliveries arrive at once', async () => {
		await expectOncePerId({
			deliver: deliverRun,
			freshId,
			nodeName: 'GPTBots Trigger',
			nodeType: TRIGGER_TYPE,
			nodeClass: 'GptBotsWorkflowTrigger',
		});
	});

	it('can be told to let repeats through', async () => {
		await expectRepeatsLetThrough(deliverRun, freshId());
	});
});
