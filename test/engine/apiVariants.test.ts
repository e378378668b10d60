import type { IDataObject } from 'n8n-workflow';

import { deliverToWebhook } from '../harness/engine';
import {
	API_KEY,
	TRIGGER_TYPE,
	credentialTypes,
	credentialsFor,
	json,
	nodeTypes,
	pollRun,
	runWorkflowNode,
	simulatedDelivery,
	useSimulator,
} from './fixture';

const { CHOICES } = require('../../simulator/variants');

const holder = useSimulator({ asyncDurationMs: 50 });
const SECRET = 'verify-secret-31';

describe('tolerant reads of the API: every answer variant of the simulator', () => {
	const variants: Array<[string, IDataObject]> = [
		['wrapped answers', { answers: 'wrapped' }],
		['no workflowId/Name/Version', { missingFields: true }],
		['the old status spelling SUCCED', { status: 'old' }],
		[
			'all of them, lower-case status',
			{ answers: 'wrapped', missingFields: true, status: 'lower' },
		],
	];

	it.each(variants)(
		'%s: sync, async-and-poll and getResult give the documented run',
		async (_label, serverVariants) => {
			const { sim } = holder;
			sim.configure({ variants: serverVariants });
			const modes = ['sync', 'asyncPoll'].map((mode) =>
				runWorkflowNode(sim, {
					parameters: {
						operation: 'invoke',
						mode,
						inputSource: 'item',
						pollInterval: 0.1,
					},
					items: [{ k: mode }],
				}),
			);
			for (const result of await Promise.all(modes)) {
				expect(result.error).toBeUndefined();
				expect(json(result.items)[0]).toMatchObject({
					status: 'SUCCEED',
					workflowRunId: expect.stringMatching(/^run_/),
					output: { answer: expect.any(String) },
				});
			}
			const id = json((await modes[0]).items)[0].workflowRunId as string;
			const fetched = await runWorkflowNode(sim, {
				parameters: { operation: 'getResult', workflowRunId: id },
			});
			expect(json(fetched.items)[0]).toMatchObject({ workflowRunId: id, status: 'SUCCEED' });
		},
	);

	it('a run that ends with an undocumented status is reported as such, never as success', async () => {
		const result = await runWorkflowNode(holder.sim, {
			...pollRun([{ __endStatus: 'cancelled' }]),
			continueOnFail: true,
		});
		expect(json(result.items)[0]).toMatchObject({
			errorKind: 'unknownStatus',
			status: 'CANCELLED',
			error: expect.stringContaining(
				'ended with status CANCELLED (a status GPTBots does not document: SUCCEED, FAILED, PENDING, RUNNING)',
			),
		});
	});

	it.each(
		(CHOICES.logs as string[]).flatMap((logs) => [
			[logs, false],
			[logs, true],
		]),
	)(
		'getRuns reads rows under %s (without total: %s) and pages to the end',
		async (logs, logsWithoutTotal) => {
			const { sim } = holder;
			sim.configure({ variants: { logs, logsWithoutTotal } });
			const now = Date.now();
			sim.seedRuns(250, { startTime: now - 60_000 });
			const all = await runWorkflowNode(sim, {
				parameters: { operation: 'getRuns', returnAll: true },
			});
			expect(all.error).toBeUndefined();
			expect(all.items).toHaveLength(250);
			expect(new Set(json(all.items).map((row) => row.workflow_run_id)).size).toBe(250);
			expect(json(all.items)[0].input).toEqual({ seeded: expect.any(Number) });
			expect(sim.state.counts.logs).toBe(3); // 100 + 100 + a short page of 50
		},
	);
});

describe('trigger: Verify with GPTBots', () => {
	async function deliver(
		body: IDataObject,
		parameters: IDataObject = {},
		request = {
			body: body as unknown,
			rawBody: undefined as Buffer | undefined,
			headers: {} as Record<string, string>,
		},
	) {
		return await deliverToWebhook({
			nodeTypes,
			credentialTypes,
			credentials: credentialsFor(holder.sim),
			node: {
				name: 'GPTBots Trigger',
				type: TRIGGER_TYPE,
				parameters: { secretHeaderValue: SECRET, verifyWithApi: true, ...parameters },
			},
			method: 'POST',
			body: request.body,
			rawBody: request.rawBody,
			headers: { ...request.headers, 'X-GPTBots-Secret': SECRET },
			workflowId: 'wf-verify',
		});
	}

	async function finishedRun(input: IDataObject = {}): Promise<IDataObject> {
		const started = await runWorkflowNode(holder.sim, {
			parameters: { operation: 'invoke', mode: 'sync', inputSource: 'item' },
			items: [input],
		});
		return json(started.items)[0];
	}

	it('shows the GPTBots credential only when on', () => {
		expect(nodeTypes[TRIGGER_TYPE].description.credentials).toEqual([
			{ name: 'gptBotsApi', required: true, displayOptions: { show: { verifyWithApi: [true] } } },
		]);
	});

	it('a forged run id starts nothing (404) and is not remembered as seen', async () => {
		const { response, started } = await deliver({
			workflowRunId: 'run_forged_1',
			status: 'SUCCEED',
			output: { evil: true },
		});
		expect(response.statusCode).toBe(404);
		expect((response.body as IDataObject).error).toContain(
			'GPTBots does not know run run_forged_1: refused',
		);
		expect(started).toEqual([]);
		expect(holder.sim.state.counts.query).toBe(1);
	});

	it("a real run outputs the API's data, not the delivery's, even from a delivery carrying only its id", async () => {
		const real = await finishedRun({ topic: 'verify' });
		const doubtful = await deliver({
			workflowRunId: real.workflowRunId as string,
			status: 'SUCCEED',
			output: { evil: true },
		});
		expect(doubtful.started.map((item) => item.json)).toEqual([
			{ ...real, deliveryMethod: 'POST' },
		]);

		const other = await finishedRun({ topic: 'id only' });
		const idOnly = simulatedDelivery(other, { delivery: 'idOnly' });
		const fromId = await deliver(
			{},
			{},
			{ body: idOnly.body, rawBody: idOnly.rawBody, headers: idOnly.headers },
		);
		expect(fromId.started.map((item) => item.json)).toEqual([{ ...other, deliveryMethod: 'POST' }]);
		const again = await deliver({ workflow_run_id: other.workflowRunId as string });
		expect(again.response.body).toEqual({
			received: true,
			started: false,
			reason: 'duplicate delivery',
		});
	});

	it('a failing look-up is retried, then answered 502 so that the sender may retry; nothing starts', async () => {
		const real = await finishedRun();
		holder.sim.faults.queue('/v1/workflow/query/result', 'bad_gateway', 10);
		const { response, started } = await deliver({ workflowRunId: real.workflowRunId as string });
		expect(response.statusCode).toBe(502);
		expect((response.body as IDataObject).error).toMatch(
			/^Could not look run run_\w+ up in GPTBots, try again later: GPTBots answered HTTP 502/,
		);
		expect(started).toEqual([]);
		expect(holder.sim.state.counts.query).toBe(4); // the look-up and its 3 retries
		expect(JSON.stringify(response.body)).not.toContain(API_KEY);
	});

	it('refuses unrecognised deliveries even with passOn (nothing to verify)', async () => {
		const { response, started } = await deliver(
			{ hello: 'world' },
			{ options: { unrecognised: 'passOn' } },
		);
		expect(response.statusCode).toBe(400);
		expect(started).toEqual([]);
	});
});
