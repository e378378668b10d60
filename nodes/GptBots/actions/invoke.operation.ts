import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { InputField, InputSource } from '../helpers/workflowInput';
import { buildWorkflowInput } from '../helpers/workflowInput';
import type { WebhookEntry } from '../helpers/webhooks';
import { buildWebhookList, WEBHOOK_METHODS } from '../helpers/webhooks';
import type { RunOptions } from '../helpers/options';
import { pollDelayMs } from '../helpers/polling';
import { describeRunFailure, isRunFailed, isRunFinished, shapeRunOutput, unwrapRun } from '../helpers/runResult';
import { GptBotsClient } from '../transport/client';
import { ItemError, readOptionsOrThrow, runPerItem } from './runPerItem';

export type InvokeMode = 'sync' | 'async' | 'asyncPoll' | 'asyncWebhook';

const ASYNC_MODES: InvokeMode[] = ['async', 'asyncPoll', 'asyncWebhook'];

/** Runs waited on side by side in asyncPoll: waiting costs no request slot, only a timer. */
export const MAX_RUNS_WAITED_AT_ONCE = 1000;

const show = { operation: ['invoke'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		default: 'sync',
		displayOptions: { show },
		options: [
			{ name: 'Sync', value: 'sync', description: 'Wait in one request for the finished run. For short workflows.' },
			{ name: 'Async (Return Run ID)', value: 'async', description: 'Start the run and pass on its PENDING status and workflowRunId at once' },
			{ name: 'Async, Wait by Polling', value: 'asyncPoll', description: 'Start the run, then check its result until it ends' },
		],
	},
	{
		displayName:
			'Sync mode holds one request open for the whole run. For workflows that can take longer than a minute, use an async mode.',
		name: 'syncNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { ...show, mode: ['sync'] } },
	},
	{
		displayName: 'Input Source',
		name: 'inputSource',
		type: 'options',
		noDataExpression: true,
		default: 'fields',
		displayOptions: { show },
		options: [
			{ name: 'Fields', value: 'fields', description: 'Name, type and value for each Start-node parameter' },
			{ name: 'JSON', value: 'json', description: 'A JSON object' },
			{ name: 'Incoming Item', value: 'item', description: "The incoming item's JSON is the input" },
		],
	},
	{
		displayName: 'Input Fields',
		name: 'inputFields',
		type: 'fixedCollection',
		placeholder: 'Add Field',
		typeOptions: { multipleValues: true },
		default: {},
		description: "The workflow's Start-node parameters, names exactly as configured in GPTBots",
		displayOptions: { show: { ...show, inputSource: ['fields'] } },
		options: [
			{
				name: 'field',
				displayName: 'Field',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'topic' },
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						default: 'string',
						options: [
							{ name: 'String', value: 'string' },
							{ name: 'Number', value: 'number' },
							{ name: 'Boolean', value: 'boolean' },
							{ name: 'JSON', value: 'json' },
						],
					},
					{ displayName: 'Value', name: 'value', type: 'string', default: '', description: 'Converted to the chosen type' },
				],
			},
		],
	},
	{
		displayName: 'Input (JSON)',
		name: 'inputJson',
		type: 'json',
		default: '{}',
		description: "A JSON object matching the workflow's Start node",
		displayOptions: { show: { ...show, inputSource: ['json'] } },
	},
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		default: '',
		description: 'Marks the user of this run in GPTBots logs (optional)',
		displayOptions: { show },
	},
	{
		displayName: 'Webhooks',
		name: 'webhooks',
		type: 'fixedCollection',
		placeholder: 'Add Webhook',
		typeOptions: { multipleValues: true },
		default: {},
		description:
			'Where GPTBots sends the result when the run ends (at most 5). To start another n8n workflow, use the Production URL of a GPTBots Workflow Trigger and its secret header.',
		displayOptions: { show: { ...show, mode: ASYNC_MODES } },
		options: [
			{
				name: 'webhook',
				displayName: 'Webhook',
				values: [
					{
						displayName: 'Method',
						name: 'method',
						type: 'options',
						default: 'POST',
						options: WEBHOOK_METHODS.map((method) => ({ name: method, value: method })),
					},
					{ displayName: 'URL', name: 'url', type: 'string', default: '', placeholder: 'https://example.com/hook' },
					{
						displayName: 'Headers',
						name: 'headers',
						type: 'json',
						default: '{}',
						description: 'A JSON object of headers sent with the callback, e.g. {"X-GPTBots-Secret": "…"}',
					},
				],
			},
		],
	},
];

/** The invoke body for one item; throws InvalidParameterError naming the field. */
export function readInvokeBody(ctx: IExecuteFunctions, itemIndex: number, mode: InvokeMode, reservedWebhooks: number): IDataObject {
	const source = ctx.getNodeParameter('inputSource', itemIndex) as InputSource;
	const input = buildWorkflowInput(source, {
		fields: source === 'fields' ? (ctx.getNodeParameter('inputFields.field', itemIndex, []) as InputField[]) : undefined,
		json: source === 'json' ? ctx.getNodeParameter('inputJson', itemIndex) : undefined,
		item: source === 'item' ? ctx.getInputData()[itemIndex].json : undefined,
	});
	const body: IDataObject = { input, isAsync: mode !== 'sync' };
	const userId = String(ctx.getNodeParameter('userId', itemIndex, '') ?? '').trim();
	if (userId) body.userId = userId;
	if (mode !== 'sync') {
		const webhooks = buildWebhookList(ctx.getNodeParameter('webhooks.webhook', itemIndex, []) as WebhookEntry[], reservedWebhooks);
		if (webhooks.length > 0) body.webhook = webhooks;
	}
	return body;
}

/** A finished run as the node outputs it; a FAILED run is an error unless the user opted out. */
export function finishRun(ctx: IExecuteFunctions, run: IDataObject, options: RunOptions, itemIndex: number): IDataObject {
	if (isRunFailed(run) && options.failOnRunFailure) {
		throw new ItemError(ctx, describeRunFailure(run), itemIndex, {
			errorKind: 'runFailed',
			workflowRunId: run.workflowRunId as string,
			status: 'FAILED',
			output: run.output as IDataObject,
		}, 'Turn off the option "Fail on Run Failure" to pass FAILED runs on as data.');
	}
	return shapeRunOutput(run, options.outputMode);
}

export async function startRun(client: GptBotsClient, body: IDataObject, options: RunOptions, itemIndex: number): Promise<IDataObject> {
	const answer = await client.request(
		{ method: 'POST', path: '/v1/workflow/invoke', body, timeoutMs: options.timeoutMs, idempotent: false },
		itemIndex,
	);
	return unwrapRun(answer);
}

export async function queryRun(client: GptBotsClient, workflowRunId: string, options: RunOptions, itemIndex: number): Promise<IDataObject> {
	const answer = await client.request(
		{ method: 'POST', path: '/v1/workflow/query/result', body: { workflowRunId }, timeoutMs: options.timeoutMs, idempotent: true },
		itemIndex,
	);
	return unwrapRun(answer);
}

/** Checks a run's result with a growing interval until it ends or Max Wait has passed. */
export async function waitForRunEnd(
	ctx: IExecuteFunctions,
	client: GptBotsClient,
	started: IDataObject,
	options: RunOptions,
	itemIndex: number,
): Promise<IDataObject> {
	const workflowRunId = String(started.workflowRunId ?? '');
	if (!workflowRunId) throw new ItemError(ctx, 'GPTBots started the run but gave no workflowRunId to wait for', itemIndex);
	if (isRunFinished(started)) return started;
	const deadline = Date.now() + options.maxWaitMs;
	let last = started;
	for (let attempt = 0; ; attempt++) {
		const remaining = deadline - Date.now();
		if (remaining <= 0) break;
		await sleep(Math.min(pollDelayMs(attempt, options.pollIntervalMs), remaining));
		last = await queryRun(client, workflowRunId, options, itemIndex);
		if (isRunFinished(last)) return last;
	}
	throw new ItemError(
		ctx,
		`GPTBots run ${workflowRunId} did not finish within Max Wait (${options.maxWaitMs / 1000} s); last status ${String(last.status ?? 'unknown')}`,
		itemIndex,
		{ errorKind: 'maxWait', workflowRunId, status: last.status as string },
		`The run goes on in GPTBots. Fetch its result later with the operation "Get Result" and workflowRunId ${workflowRunId}, or raise Max Wait.`,
	);
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const mode = this.getNodeParameter('mode', 0) as InvokeMode;
	const options = readOptionsOrThrow(this);
	const client = new GptBotsClient(this, options);
	const width = mode === 'asyncPoll' ? MAX_RUNS_WAITED_AT_ONCE : options.concurrency;

	return await runPerItem(this, width, async (itemIndex) => {
		const body = readInvokeBody(this, itemIndex, mode, 0);
		const run = await startRun(client, body, options, itemIndex);
		if (mode === 'async') return run;
		const finished = mode === 'asyncPoll' ? await waitForRunEnd(this, client, run, options, itemIndex) : run;
		return finishRun(this, finished, options, itemIndex);
	});
}
