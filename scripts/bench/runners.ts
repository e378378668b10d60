/**
 * What runs items through a GPTBots node for the bench. The bench measures any `ItemRunner`
 * the same way (see `measureRunner` in legs.ts): today the node inside n8n-core's execution
 * engine (test/harness/engine.ts); later a real n8n (the `--n8n` hook in bench.ts), where an
 * `ItemRunner` can wrap `n8n execute` of a workflow with our node or with n8n's HTTP Request node.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runNode } from '../../test/harness/engine';
import { credentialTypes, gptBotsCredentials, nodeTypes, workflowNode } from '../../test/harness/gptbots';
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
}

export function nodeParameters(job: RunJob): INodeParameters {
	const options: IDataObject = {};
	if (job.concurrency !== undefined) options.concurrency = job.concurrency;
	if (job.pollIntervalSeconds !== undefined) options.pollInterval = job.pollIntervalSeconds;
	return { operation: 'invoke', mode: job.mode, inputSource: 'item', options, ...job.parameters } as INodeParameters;
}

/** Our node in n8n-core's real engine (WorkflowExecute), after a start node emitting the items. */
export function engineRunner(simUrl: string): ItemRunner {
	const credentials = gptBotsCredentials(`${simUrl}/`, API_KEY);
	return {
		name: 'node in n8n-core engine',
		async run(job) {
			const started = performance.now();
			const result = await runNode({
				nodeTypes,
				credentialTypes,
				credentials,
				node: workflowNode({ parameters: nodeParameters(job), continueOnFail: job.continueOnFail }),
				inputItems: job.items,
			});
			const ms = performance.now() - started;
			const failed = result.items.filter((item) => item.json.error !== undefined);
			const executionError = result.error ?? (result.nodeError as Error | undefined);
			return {
				ms,
				items: result.items.length,
				errors: failed.length + (executionError ? 1 : 0),
				firstError: executionError?.message ?? (failed[0]?.json.error as string | undefined),
			};
		},
	};
}
