import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { AwaitedRuns, awaitedRunsOf, checkOrder, forgetAwaitedRuns } from './awaitedRunMemory';
import { mapWithConcurrency } from '../../../shared/itemPool';
import type { RunOptions } from '../../../shared/runOptions';
import { isRunFinished } from '../../../shared/runResult';
import type { GptBotsClient } from '../../../shared/transport/client';
import { queryResult } from '../../../shared/transport/endpoints';
import type { ItemErrorKind } from '../../../shared/errors';
import { finishRunInCallback } from '../../../shared/errors';
import type { FileHelpers } from '../../../shared/files/outputFiles';
import { toOutputItem, withOutputFiles } from '../../../shared/files/outputFiles';

// The items of an execution that waits by callback, and the checks of their runs: shared by the
// start (start.ts) and by every callback (callback.ts).

export const MAX_WAIT: ItemErrorKind = 'maxWait';
/** A callback may outrun the result API; its own run is re-read after these pauses. */
const OWN_RUN_RECHECK_MS = [300, 1000];

export function waitingItem(
	run: IDataObject,
	itemIndex: number,
	options: RunOptions,
): INodeExecutionData {
	const id = String(run.workflowRunId ?? '');
	return {
		json: {
			...run,
			error: `GPTBots did not call back within Max Wait (${options.maxWaitMs / 1000} s) for run ${id}. Fetch its result later with the operation "Get Result".`,
			errorKind: MAX_WAIT,
		},
		pairedItem: { item: itemIndex },
	};
}

export function isAwaited(item: INodeExecutionData): boolean {
	return item.json.errorKind === MAX_WAIT && typeof item.json.workflowRunId === 'string';
}

export const runIdAt = (list: INodeExecutionData[], index: number) =>
	String(list[index].json.workflowRunId);

/** What this process remembers of the execution's runs (nothing to share without an execution id). */
export function memoryOf(ctx: IExecuteFunctions | IWebhookFunctions): {
	memory: AwaitedRuns;
	forget: () => void;
} {
	const executionId = ctx.getExecutionId();
	if (typeof executionId !== 'string' || executionId === '')
		return { memory: new AwaitedRuns(), forget: () => {} };
	const key = `${executionId}:${ctx.getNode().id}`;
	return { memory: awaitedRunsOf(key), forget: () => forgetAwaitedRuns(key) };
}

/**
 * Reads the awaited runs not yet known to have ended (see checkOrder), remembering each ended
 * one, and stops at the first still going: returns its index, or undefined if all have ended.
 */
export async function checkRuns(
	client: GptBotsClient,
	list: INodeExecutionData[],
	memory: AwaitedRuns,
	self: number | undefined,
	options: RunOptions,
): Promise<number | undefined> {
	const unknown = awaitedIndexes(list).filter((index) => !memory.ended.has(runIdAt(list, index)));
	for (const index of checkOrder(unknown, self)) {
		const runId = runIdAt(list, index);
		if (memory.ended.has(runId)) continue; // learnt meanwhile by a callback running alongside
		let run = await queryResult(client, runId, options.timeoutMs, index);
		// GPTBots called back for this run, so it has ended, even if the result API lags behind.
		for (const pause of index === self ? OWN_RUN_RECHECK_MS : []) {
			if (isRunFinished(run)) break;
			await sleep(pause);
			run = await queryResult(client, runId, options.timeoutMs, index);
		}
		if (!isRunFinished(run)) return index;
		memory.ended.set(runId, run);
	}
	return undefined;
}

/**
 * Between callbacks that all find every run ended, one resumes: within a process the first
 * (claimResume); across processes the one of the latest-ending run, or any once that run's own
 * callback has been seen, or one that names no item.
 */
export function mayResume(
	self: number | undefined,
	list: INodeExecutionData[],
	memory: AwaitedRuns,
): boolean {
	if (self === undefined) return true;
	const latest = latestEnded(list, memory.ended);
	return latest === self || (latest !== undefined && memory.calledBack.has(runIdAt(list, latest)));
}

/** The item whose run ended last (by endTime; the higher index on a tie). */
function latestEnded(
	list: INodeExecutionData[],
	ended: Map<string, IDataObject>,
): number | undefined {
	let latest: number | undefined;
	let latestEnd = -Infinity;
	for (const index of awaitedIndexes(list)) {
		const end = Number(ended.get(runIdAt(list, index))?.endTime ?? 0);
		if (end >= latestEnd) [latest, latestEnd] = [index, end];
	}
	return latest;
}

function awaitedIndexes(list: INodeExecutionData[]): number[] {
	return list.map((_, index) => index).filter((index) => isAwaited(list[index]));
}

/**
 * One output item per input item, in order: each ended run as sync mode would output it, with
 * the files its output names when Files Out asks for them (Concurrency items at a time).
 */
export async function resultsOf(
	ctx: FileHelpers,
	list: INodeExecutionData[],
	ended: Map<string, IDataObject>,
	options: RunOptions,
): Promise<INodeExecutionData[]> {
	return await mapWithConcurrency(
		list.length,
		options.concurrency,
		async (index): Promise<INodeExecutionData> => {
			const item = list[index];
			const run = isAwaited(item) ? ended.get(runIdAt(list, index)) : undefined;
			if (!run) return item;
			const json = finishRunInCallback(run, options);
			return toOutputItem(await withOutputFiles(ctx, run, json, options), index);
		},
		false,
	);
}
