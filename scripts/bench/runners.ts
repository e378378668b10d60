/**
 * What runs items through a GPTBots node for the bench. The bench measures any `ItemRunner`
 * the same way (see `measureRunner` in bench.ts): the node inside n8n-core's execution engine
 * (test/harness/engine.ts), with a bare loop of n8n's request helper as its floor; and, with
 * `--n8n`, `n8n execute` of a workflow with our node or with n8n's HTTP Request node (n8nRunner.ts).
 */
import type { IDataObject, INodeParameters, INodeType } from 'n8n-workflow';

import { GptBotsAgent } from '../../nodes/GptBots/GptBotsAgent.node';
import { GptBotsWorkflow } from '../../nodes/GptBots/GptBotsWorkflow.node';
import { runNode } from '../../test/harness/engine';
import {
	AGENT_TYPE,
	WORKFLOW_TYPE,
	credentialTypes as gptBotsCredentialTypes,
	gptBotsCredentials,
} from '../../test/harness/gptbots';
import { SIM_AGENT_KEY } from '../../simulator/names';
import { FLOOR_TYPE, HttpFloor } from './floorNode';
import { API_KEY } from './sim';

export interface RunJob {
	/** The incoming items; each one's JSON is the run's input (Input Source "Incoming Item"). */
	items: IDataObject[];
	mode: 'sync' | 'asyncPoll';
	/** Options › Concurrency; undefined = the node's default. */
	concurrency?: number;
	/** Options › Poll Interval in seconds; undefined = the node's default. */
	pollIntervalSeconds?: number;
	/** Run with "continue on fail", so that failed items come out as error items and are counted. */
	continueOnFail: boolean;
	/** Node parameters that replace the defaults (e.g. another input source). */
	parameters?: IDataObject;
}

export interface RunOutcome {
	/** Wall time of the whole execution as the runner sees it. */
	ms: number;
	/** CPU time of this process during the run (in-process runners only): less noisy than wall time on a shared machine. */
	cpuMs?: number;
	/** Items that came out. */
	items: number;
	/** Items that came out with an `error` field (or the execution's error as one). */
	errors: number;
	/** The first error text, for the report. */
	firstError?: string;
}

export interface ItemRunner {
	name: string;
	/** One-off preparation (loading, warming up); called before the first measured run. */
	warmUp?(): Promise<void>;
	run(job: RunJob): Promise<RunOutcome>;
	close?(): Promise<void>;
	/**
	 * The reachable floor in the same setting: a bare loop of n8n's request helper at the same
	 * concurrency (floorNode.ts). The "no limit" leg runs it beside the runner → `floorRatio`.
	 */
	floor?: ItemRunner;
}

export function nodeParameters(job: RunJob): INodeParameters {
	const options: IDataObject = {};
	if (job.concurrency !== undefined) options.concurrency = job.concurrency;
	return {
		operation: 'invoke',
		mode: job.mode,
		inputSource: 'item',
		// A node parameter of its own from version 1.1 (the newest, which the bench runs).
		...(job.pollIntervalSeconds !== undefined && { pollInterval: job.pollIntervalSeconds }),
		options,
		...job.parameters,
	} as INodeParameters;
}

/** A node type in n8n-core's real engine (WorkflowExecute), after a start node emitting the items. */
function inEngine(
	name: string,
	simUrl: string,
	type: string,
	nodeType: INodeType,
	parameters: (job: RunJob) => INodeParameters,
	apiKey = API_KEY,
): ItemRunner {
	const nodeTypes = { [type]: nodeType };
	const credentialTypes = gptBotsCredentialTypes;
	const credentials = gptBotsCredentials(`${simUrl}/`, apiKey);
	return {
		name,
		async run(job) {
			const started = performance.now();
			const cpu = process.cpuUsage();
			const result = await runNode({
				nodeTypes,
				credentialTypes,
				credentials,
				node: {
					name: 'Under test',
					type,
					parameters: parameters(job),
					continueOnFail: job.continueOnFail,
					credentials: { gptBotsApi: { id: '1', name: 'GPTBots' } },
				},
				inputItems: job.items,
			});
			const ms = performance.now() - started;
			const { user, system } = process.cpuUsage(cpu);
			const failed = result.items.filter((item) => item.json.error !== undefined);
			const executionError = result.error ?? (result.nodeError as Error | undefined);
			return {
				ms,
				cpuMs: (user + system) / 1000,
				items: result.items.length,
				errors: failed.length + (executionError ? 1 : 0),
				firstError: executionError?.message ?? (failed[0]?.json.error as string | undefined),
			};
		},
	};
}

/** Our node in n8n-core's real engine, with the bare helper loop in the same engine as its floor. */
export function engineRunner(simUrl: string): ItemRunner {
	const floor = inEngine(
		'floor: bare httpRequestWithAuthentication loop in n8n-core engine',
		simUrl,
		FLOOR_TYPE,
		new HttpFloor(),
		(job) => ({
			concurrency: job.concurrency ?? 20,
		}),
	);
	return {
		...inEngine(
			'node in n8n-core engine',
			simUrl,
			WORKFLOW_TYPE,
			new GptBotsWorkflow(),
			nodeParameters,
		),
		floor,
	};
}

/**
 * The GPTBots Agent node sending each item's `text` as a blocking message to one conversation, in
 * n8n-core's real engine, with the bare helper loop doing the same as its floor (agentFloorRatio).
 */
/** The message of each item, as a user would map it: the same expression on both sides. */
const AGENT_TEXT = '={{ $json.text }}';

export function agentEngineRunner(simUrl: string, conversationId: string): ItemRunner {
	const floor = inEngine(
		'agent floor: bare httpRequestWithAuthentication loop in n8n-core engine',
		simUrl,
		FLOOR_TYPE,
		new HttpFloor(),
		(job) => ({
			concurrency: job.concurrency ?? 20,
			endpoint: 'agent',
			conversationId,
			text: AGENT_TEXT,
		}),
		SIM_AGENT_KEY,
	);
	return {
		...inEngine(
			'agent node in n8n-core engine',
			simUrl,
			AGENT_TYPE,
			new GptBotsAgent(),
			(job) => ({
				operation: 'sendMessage',
				conversation: 'id',
				conversationId,
				text: AGENT_TEXT,
				responseMode: 'blocking',
				options: job.concurrency === undefined ? {} : { concurrency: job.concurrency },
			}),
			SIM_AGENT_KEY,
		),
		floor,
	};
}
