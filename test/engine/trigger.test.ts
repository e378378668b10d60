import type { IDataObject } from 'n8n-workflow';

import { idKey } from '../../nodes/GptBots/shared/seenIds';
import type { TriggerDelivery } from './fixture';
import { TRIGGER_TYPE, deliverToTrigger } from './fixture';

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

	it('starts once per run id, also across restarts (static data) and when deliveries arrive at once', async () => {
		const staticData: IDataObject = {};
		const id = freshId();
		const first = await deliver({ body: run(id), staticData, workflowId: 'wf-dedupe' });
		const repeat = await deliver({ body: run(id), staticData, workflowId: 'wf-dedupe' });
		expect(first.started).toHaveLength(1);
		expect(repeat.started).toHaveLength(0);
		expect(repeat.response.body).toEqual({
			received: true,
			started: false,
			reason: 'duplicate delivery',
		});

		// 20 at once, 10 of them repeats
		const ids = Array.from({ length: 10 }, freshId);
		const burst = await Promise.all(
			[...ids, ...ids].map((runId) =>
				deliver({ body: run(runId), staticData, workflowId: 'wf-dedupe' }),
			),
		);
		expect(burst.filter((d) => d.started.length === 1)).toHaveLength(10);

		// what n8n saves: a key per run id, in the node's static data
		const saved = staticData['node:GPTBots Trigger'] as IDataObject;
		expect(String(saved.seenRunIds).split(' ')).toEqual(
			expect.arrayContaining([id, ...ids].map(idKey)),
		);

		// a restarted n8n: a freshly loaded node module (empty memory) and the saved static data
		let RestartedTrigger: new () => object = Object;
		jest.isolateModules(() => {
			RestartedTrigger =
				require('../../nodes/GptBots/GptBotsWorkflowTrigger.node').GptBotsWorkflowTrigger;
		});
		const afterRestart = (runId: string) =>
			deliver({
				nodeTypes: { [TRIGGER_TYPE]: new RestartedTrigger() as never },
				body: run(runId),
				staticData,
				workflowId: 'wf-dedupe',
			});
		expect((await afterRestart(ids[3])).started).toHaveLength(0);
		expect((await afterRestart(freshId())).started).toHaveLength(1);
	});

	it('can be told to let repeats through', async () => {
		const id = freshId();
		const staticData: IDataObject = {};
		const noDedupe = { options: { dedupe: false } };
		const a = await deliver({ body: run(id), parameters: noDedupe, staticData });
		const b = await deliver({ body: run(id), parameters: noDedupe, staticData });
		expect(a.started).toHaveLength(1);
		expect(b.started).toHaveLength(1);
		// nothing for n8n to write to its database after each delivery
		expect(staticData).toEqual({});
	});
});
