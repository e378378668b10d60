import type { IDataObject } from 'n8n-workflow';

import {
	callbackRun,
	callbackUrls,
	deliverToTrigger,
	json,
	resume,
	runWorkflowNode,
	simulatedDelivery,
	sleepMs,
	useSimulator,
} from './fixture';

const holder = useSimulator();
const SECRET = 'shape-secret-77';
const SHAPES = ['run', 'snake', 'wrapped', 'result', 'form', 'textPlain', 'noContentType'];

let counter = 0;
const finishedRun = (status = 'SUCCEED'): IDataObject => ({
	workflowId: 'wf_sim_1',
	workflowName: 'Simulated workflow',
	workflowVersion: '1.0.0',
	workflowRunId: `run_shape_${Date.now()}_${counter++}`,
	input: { topic: 'x' },
	output: { answer: 42 },
	workflowExecutionTime: 120,
	status,
	totalCost: 0.05,
	totalTokens: 120,
	startTime: 1764560000000,
	endTime: 1764560000120,
});

async function deliverShape(
	typeVersion: number,
	run: IDataObject,
	variants: IDataObject,
	parameters: IDataObject = {},
	method: 'POST' | 'GET' = 'POST',
) {
	const request = simulatedDelivery(run, variants, method);
	return await deliverToTrigger(SECRET, {
		...request,
		typeVersion,
		parameters,
		method,
		headers: { ...request.headers, 'X-GPTBots-Secret': SECRET },
		workflowId: 'wf-shapes',
	});
}

// typeVersion 1: n8n reads and parses every body; 1.1: bodies of another or no content type are
// left for the trigger to read (the harness models n8n's parseRequestBody).
describe.each([1, 1.1])('the trigger (typeVersion %s) reads every delivery shape', (version) => {
	it.each(SHAPES)('%s', async (delivery) => {
		const run = finishedRun();
		const { response, started } = await deliverShape(version, run, { delivery });
		expect(response.statusCode).toBe(200);
		expect(started).toHaveLength(1);
		const { rawDelivery, deliveryMethod, ...normalised } = started[0].json;
		expect(normalised).toEqual(run);
		expect(deliveryMethod).toBe('POST');
		expect(rawDelivery).toMatchObject({ method: 'POST' });
	});

	it('a GET delivery, the old status spelling and missing workflow fields', async () => {
		const run = finishedRun();
		const { started } = await deliverShape(
			version,
			run,
			{ status: 'old', missingFields: true },
			{},
			'GET',
		);
		expect(started[0].json).toMatchObject({
			workflowRunId: run.workflowRunId,
			status: 'SUCCEED',
			output: { answer: 42 },
			totalCost: 0.05,
		});
		expect(started[0].json).not.toHaveProperty('workflowId');
	});

	it('the same run in two shapes starts once (de-dup on the normalised run id)', async () => {
		const run = finishedRun();
		const first = await deliverShape(version, run, { delivery: 'snake' });
		const second = await deliverShape(version, run, { delivery: 'wrapped' });
		expect(first.started).toHaveLength(1);
		expect(second.started).toHaveLength(0);
		expect(second.response.body).toEqual({
			received: true,
			started: false,
			reason: 'duplicate delivery',
		});
	});

	it('an empty delivery is answered 400 saying what was looked for, and starts nothing', async () => {
		const { response, started } = await deliverShape(version, finishedRun(), { delivery: 'empty' });
		expect(response.statusCode).toBe(400);
		expect((response.body as IDataObject).error).toMatch(
			/^Not a GPTBots run result: no run found: looked for workflowRunId \(or workflow_run_id\) in the body, under its "data" or "result" field.*received nothing in the body and no query parameters$/,
		);
		expect(started).toEqual([]);
	});

	it('unrecognised: passOn starts the workflow with the delivery as received', async () => {
		const { response, started } = await deliverShape(
			version,
			finishedRun(),
			{ delivery: 'empty' },
			{ options: { unrecognised: 'passOn' } },
		);
		expect(response.statusCode).toBe(200);
		expect(started.map((item) => item.json)).toEqual([
			{
				deliveryMethod: 'POST',
				unrecognised: expect.stringContaining('no run found: looked for'),
				rawDelivery: { method: 'POST', contentType: null, body: {}, query: {} },
			},
		]);
	});

	it('a delivery carrying only a run id is refused without Verify with GPTBots, naming the way out', async () => {
		const { response, started } = await deliverShape(version, finishedRun(), {
			delivery: 'idOnly',
		});
		expect(response.statusCode).toBe(400);
		expect((response.body as IDataObject).error).toContain(
			'carries no status. Turn on "Verify with GPTBots"',
		);
		expect(started).toEqual([]);
	});
});

describe('wait by callback resumes whatever the callback body', () => {
	it.each([
		['a snake_case', 'snake'],
		['a wrapped', 'wrapped'],
		['an empty', 'empty'],
		['a form', 'form'],
	])("%s body, on the item's own URL and on the bare resume URL", async (_label, delivery) => {
		const { sim } = holder;
		for (const ownUrl of [true, false]) {
			sim.reset();
			const run = callbackRun([{ k: 1, __durationMs: 400 }]); // outlasts the look before waiting
			const waiting = await runWorkflowNode(sim, run);
			expect(waiting.waitTill).toBeDefined();
			const runId = json(waiting.items)[0].workflowRunId as string;
			await sleepMs(600);
			const view = (await (await fetch(`${sim.url}/__sim/runs/${runId}`)).json()) as {
				run: IDataObject;
			};
			const request = simulatedDelivery(view.run, { delivery });
			const resumed = await resume(sim, waiting, run, request.body as IDataObject, {
				url: ownUrl ? callbackUrls(sim).get(runId) : undefined,
				headers: request.headers,
			});
			expect(resumed.waitTill).toBeUndefined();
			expect(json(resumed.items)).toEqual([
				expect.objectContaining({
					workflowRunId: runId,
					status: 'SUCCEED',
					input: { k: 1, __durationMs: 400 },
				}),
			]);
		}
	});
});
