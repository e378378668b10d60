import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { idKey } from '../../nodes/GptBots/shared/seenIds';
import type { DeliveryOptions } from '../harness/deliver';
import type { RunResult } from '../harness/engine';
import { deliverToWebhook, resumeWithWebhook, runNode } from '../harness/engine';
import { SIM_API_KEY } from '../../simulator/names';
import {
	TRIGGER_TYPE,
	credentialTypes,
	gptBotsCredentials,
	nodeTypes,
	workflowNode,
} from '../harness/gptbots';

export {
	AGENT_TRIGGER_TYPE,
	TRIGGER_TYPE,
	WORKFLOW_TYPE,
	credentialTypes,
	gptBotsCredentials,
	nodeTypes,
	workflowNode,
} from '../harness/gptbots';

const { createSimulator } = require('../../simulator/server');

export const API_KEY = SIM_API_KEY;

export interface Simulator {
	url: string;
	state: IDataObject & {
		counts: Record<string, number>;
		runs: Map<string, IDataObject>;
		runsByItemKey: Record<string, number>;
		requests: IDataObject[];
		deliveries: IDataObject[];
	};
	start(): Promise<{ url: string }>;
	stop(): Promise<void>;
	reset(): void;
	configure(options: IDataObject): void;
	seedRuns(count: number, options: IDataObject): string[];
	faults: { queue(path: string, kind: string, count?: number): void };
}

/** One simulator for a test file, reset before each test. */
export function useSimulator(options: IDataObject = {}): { sim: Simulator } {
	const holder = { sim: createSimulator(options) as Simulator };
	beforeAll(async () => {
		await holder.sim.start();
	});
	afterAll(async () => {
		await holder.sim.stop();
	});
	beforeEach(() => {
		holder.sim.reset();
		holder.sim.configure(options);
	});
	return holder;
}

export interface NodeRun {
	parameters: INodeParameters;
	/** Default: the node's newest version. */
	typeVersion?: number;
	items?: IDataObject[];
	apiKey?: string;
	baseUrl?: string;
	continueOnFail?: boolean;
	onError?: 'continueRegularOutput' | 'continueErrorOutput' | 'stopWorkflow';
}

/** Invoke, sync, with Input Source: Typed Fields (one entry a field: name, type, value). */
export const syncFields = (...field: INodeParameters[]): INodeParameters => ({
	operation: 'invoke',
	mode: 'sync',
	inputSource: 'fields',
	inputFields: { field },
});

/** Invoke, sync, with Input Source: JSON; `options` is the Options collection. */
export const syncJson = (
	inputJson: string,
	options: INodeParameters = {},
	extra: INodeParameters = {},
): INodeParameters => ({
	operation: 'invoke',
	mode: 'sync',
	inputSource: 'json',
	inputJson,
	options,
	...extra,
});

/** An Invoke waiting by callback (asyncWebhook), one run per input item; `options` are its Options, but `maxWait` (default 60). */
export const callbackRun = (items: IDataObject[], options: INodeParameters = {}): NodeRun => {
	// Max Wait sits beside the mode (node version 1.1, the newest, which the engine runs).
	const { maxWait = 60, ...rest } = options;
	return {
		parameters: {
			operation: 'invoke',
			mode: 'asyncWebhook',
			inputSource: 'item',
			maxWait,
			options: rest,
		},
		items,
	};
};

/** An Invoke waiting by polling (every 0.1 s), one run per input item; `options` are its Options. */
export const pollRun = (items: IDataObject[], options: INodeParameters = {}): NodeRun => ({
	parameters: {
		operation: 'invoke',
		mode: 'asyncPoll',
		inputSource: 'item',
		pollInterval: 0.1,
		options,
	},
	items,
});

export function credentialsFor(sim: Simulator, run: Pick<NodeRun, 'apiKey' | 'baseUrl'> = {}) {
	return gptBotsCredentials(run.baseUrl ?? `${sim.url}/`, run.apiKey ?? API_KEY);
}

/** The node under test and what it needs, as both a run and its resume take them. */
function engineOptions(sim: Simulator, run: NodeRun) {
	return {
		nodeTypes,
		credentialTypes,
		credentials: credentialsFor(sim, run),
		node: workflowNode(run),
	};
}

/** Runs the GPTBots Workflow node in n8n-core's engine after a start node emitting `items`. */
export async function runWorkflowNode(sim: Simulator, run: NodeRun): Promise<RunResult> {
	return await runNode({ ...engineOptions(sim, run), inputItems: run.items ?? [{}] });
}

/** A callback to the waiting execution; `request.url` is the URL it hits (default: n8n's resume URL). */
export async function resume(
	sim: Simulator,
	result: RunResult,
	run: NodeRun,
	body: IDataObject,
	request: {
		url?: string;
		headers?: Record<string, string>;
		n8n?: 'resume' | 'fail' | 'lose';
	} = {},
): Promise<RunResult> {
	return await resumeWithWebhook({ result, ...engineOptions(sim, run), body, ...request });
}

/** The resume URL each item's run was given, by workflowRunId. */
export function callbackUrls(sim: Simulator): Map<string, string> {
	const urls = new Map<string, string>();
	for (const [runId, record] of sim.state.runs) {
		const hooks = (record as { webhooks?: Array<{ url: string }> }).webhooks ?? [];
		const hook = hooks.find((h) => h.url.includes('/webhook-waiting/'));
		if (hook) urls.set(runId, hook.url);
	}
	return urls;
}

/**
 * Starts `run` (an Invoke waiting by callback) and checks that its execution waits. Gives the
 * waiting execution, its runs' ids in item order, their resume URLs by run id, and
 * `callBack(item, body, n8n)`: the callback of item `item`'s run to the URL that run was given.
 */
export async function startWaiting(sim: Simulator, run: NodeRun) {
	const waiting = await runWorkflowNode(sim, run);
	expect(waiting.waitTill).toBeDefined();
	const runIds = json(waiting.items).map((item) => item.workflowRunId as string);
	const urls = callbackUrls(sim);
	const callBack = async (item: number, body: IDataObject = {}, n8n?: 'resume' | 'fail' | 'lose') =>
		await resume(sim, waiting, run, body, { url: urls.get(runIds[item]), n8n });
	return { waiting, runIds, urls, callBack };
}

export const json = (items: INodeExecutionData[]) => items.map((item) => item.json);
export const paired = (items: INodeExecutionData[]) => items.map((item) => item.pairedItem);

/** A JSON.stringify replacer's value, with an error's message, description and stack spelled out. */
export function errorsSpelledOut(value: unknown): unknown {
	return value instanceof Error
		? {
				...value,
				message: value.message,
				description: (value as { description?: string }).description,
				stack: value.stack,
			}
		: value;
}

/** Every text n8n could show or log for a run: outputs, errors, descriptions, the whole run. */
export function everythingShown(result: RunResult): string {
	return JSON.stringify(result.run, (_key, value) => errorsSpelledOut(value));
}

/**
 * What a test sends the GPTBots Workflow Trigger: `parameters` and `typeVersion` are the trigger
 * node's; `nodeTypes` stands for a restarted n8n.
 */
export interface TriggerDelivery extends Partial<Omit<DeliveryOptions, 'node'>> {
	parameters?: IDataObject;
	typeVersion?: number;
}

/**
 * A delivery to a GPTBots Workflow Trigger whose secret is `secret`, run by n8n-core's
 * WebhookContext; the secret is sent in its header unless `headers` says otherwise.
 */
export async function deliverToTrigger(secret: string, delivery: TriggerDelivery) {
	const { parameters, typeVersion, ...request } = delivery;
	return await deliverToWebhook({
		...request,
		nodeTypes: request.nodeTypes ?? nodeTypes,
		node: {
			name: 'GPTBots Trigger',
			type: TRIGGER_TYPE,
			typeVersion,
			parameters: { secretHeaderValue: secret, ...parameters },
		},
		method: request.method ?? 'POST',
		headers: request.headers ?? { 'X-GPTBots-Secret': secret },
		workflowId: request.workflowId ?? 'wf-trigger-test',
	});
}

/** How a test delivers the event with id `id` to one of the triggers (see expectOncePerId). */
type DeliverId = (
	id: string,
	more: { staticData: IDataObject; nodeTypes?: typeof nodeTypes; parameters?: IDataObject },
) => ReturnType<typeof deliverToWebhook>;

/**
 * A trigger starts once per id (a workflow run's, an agent message's): a repeat is acknowledged
 * as a duplicate, 20 deliveries at once (10 of them repeats) start 10, the ids are saved in the
 * static data of the node named `nodeName`, and a restarted n8n (the node's module `nodeClass`
 * loaded afresh, the saved static data) still knows them.
 */
export async function expectOncePerId(trigger: {
	deliver: DeliverId;
	freshId: () => string;
	nodeName: string;
	nodeType: string;
	nodeClass: 'GptBotsWorkflowTrigger' | 'GptBotsAgentTrigger';
}) {
	const { deliver, freshId } = trigger;
	const staticData: IDataObject = {};
	const id = freshId();
	const first = await deliver(id, { staticData });
	const repeat = await deliver(id, { staticData });
	expect(first.started).toHaveLength(1);
	expect(repeat.started).toEqual([]);
	expect(repeat.response.body).toEqual({
		received: true,
		started: false,
		reason: 'duplicate delivery',
	});

	const ids = Array.from({ length: 10 }, freshId);
	const burst = await Promise.all([...ids, ...ids].map((one) => deliver(one, { staticData })));
	expect(burst.filter((d) => d.started.length === 1)).toHaveLength(10);

	// what n8n saves: a key per id, in the node's static data
	const saved = staticData[`node:${trigger.nodeName}`] as IDataObject;
	expect(String(saved.seenRunIds).split(' ')).toEqual(
		expect.arrayContaining([id, ...ids].map(idKey)),
	);

	let Restarted: new () => object = Object;
	jest.isolateModules(() => {
		Restarted = require(`../../nodes/GptBots/${trigger.nodeClass}.node`)[trigger.nodeClass];
	});
	const restarted = { ...nodeTypes, [trigger.nodeType]: new Restarted() as never };
	expect((await deliver(ids[4], { staticData, nodeTypes: restarted })).started).toEqual([]);
	expect((await deliver(freshId(), { staticData, nodeTypes: restarted })).started).toHaveLength(1);
}

/** With Ignore Repeated Deliveries off a repeat starts again, and no static data is written. */
export async function expectRepeatsLetThrough(deliver: DeliverId, id: string) {
	const staticData: IDataObject = {};
	const parameters = { options: { dedupe: false } };
	expect((await deliver(id, { staticData, parameters })).started).toHaveLength(1);
	expect((await deliver(id, { staticData, parameters })).started).toHaveLength(1);
	// nothing for n8n to write to its database after each delivery
	expect(staticData).toEqual({});
}

export const sleepMs = async (ms: number) =>
	await new Promise((resolve) => setTimeout(resolve, ms));

const { buildDelivery } = require('../../simulator/webhooks');
const { DEFAULT_VARIANTS } = require('../../simulator/variants');

/**
 * A delivery as the simulator would send it in the given variant, turned into what n8n's body
 * parser hands a webhook (n8n 2.x middlewares/body-parser: JSON and form parsed, text/plain a
 * string, any other or no content type only kept as the raw bytes).
 */
export function simulatedDelivery(
	run: IDataObject,
	variants: IDataObject,
	method: 'POST' | 'GET' = 'POST',
) {
	const sent = buildDelivery({ method, url: 'http://127.0.0.1:5678/webhook/x', headers: {} }, run, {
		...DEFAULT_VARIANTS,
		...variants,
	});
	const contentType = (sent.headers['Content-Type'] as string | undefined) ?? null;
	const text = (sent.body as string | null) ?? '';
	let body: unknown = {};
	if (text && contentType === 'application/json') body = JSON.parse(text);
	else if (text && contentType === 'application/x-www-form-urlencoded')
		body = Object.fromEntries(new URLSearchParams(text));
	else if (text && contentType === 'text/plain') body = text;
	return {
		body,
		rawBody: Buffer.from(text),
		query: Object.fromEntries(new URL(sent.url as string).searchParams) as IDataObject,
		headers: contentType ? { 'content-type': contentType } : ({} as Record<string, string>),
	};
}
