import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { RunResult } from '../harness/engine';
import { resumeWithWebhook, runNode } from '../harness/engine';
import { SIM_API_KEY } from '../../simulator/names';
import { credentialTypes, gptBotsCredentials, nodeTypes, workflowNode } from '../harness/gptbots';

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

export const json = (items: INodeExecutionData[]) => items.map((item) => item.json);
export const paired = (items: INodeExecutionData[]) => items.map((item) => item.pairedItem);

/** Every text n8n could show or log for a run: outputs, errors, descriptions, the whole run. */
export function everythingShown(result: RunResult): string {
	return JSON.stringify(result.run, (_key, value) =>
		value instanceof Error
			? {
					...value,
					message: value.message,
					description: (value as { description?: string }).description,
					stack: value.stack,
				}
			: value,
	);
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
