import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { mapWithConcurrency } from '../../../shared/itemPool';
import type { RunOptions } from '../../../shared/runOptions';
import { isRunFinished } from '../../../shared/runResult';
import type { GptBotsClient } from '../../../shared/transport/client';
import { queryResult } from '../../../shared/transport/endpoints';
import type { ItemErrorKind } from '../../../shared/errors';
import { maxWaitFailure } from '../../../shared/errors';
import { finishRunInCallback } from '../../runOutput';
import type { FileHelpers } from '../../../shared/files/outputFiles';
import { toOutputItem, withOutputFiles } from '../../../shared/files/outputFiles';

// The items of an execution that waits by callback, and the checks of their runs: shared by the
// start (startRunsAndWait.ts) and by every callback (receiveCallback.ts).

const MAX_WAIT: ItemErrorKind = 'maxWait';
/** A callback may outrun the result API; its own run is re-read after these pauses. */
const OWN_RUN_RECHECK_MS = [300, 1000];

export function waitingItem(
	run: IDataObject,
	itemIndex: number,
	options: RunOptions,
): INodeExecutionData {
	const { message, fields, description } = maxWaitFailure(run, options.maxWaitMs);
	return {
		json: { ...run, error: message, description, ...fields },
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

/**
 * What one process has learnt about the runs a waiting execution awaits ("wait by callback").
 * n8n keeps nothing a callback learns unless it resumes the execution, so without this every
 * callback would have to re-read the other runs. Each ended run's result is read once and kept
 * here until the execution resumes. It is a cache: another process (queue mode) or a restart
 * starts empty and only costs more queries, never a wrong result.
 */
export class AwaitedRuns {
	/** workflowRunId → the ended run as the result API gave it (by id, so no two executions can mix). */
	readonly ended = new Map<string, IDataObject>();

	/** Runs whose own callback has arrived. */
	readonly calledBack = new Set<string>();

	private claimed = false;

	/** True once, for the one callback that resumes the execution. Synchronous: no two can pass. */
	claimResume(): boolean {
		if (this.claimed) return false;
		this.claimed = true;
		return true;
	}
}

/** Waiting executions remembered per process; the oldest is forgotten first. */
export const MAX_REMEMBERED_EXECUTIONS = 200;

const remembered = new Map<string, AwaitedRuns>();

/** The record of one waiting execution's node (key: execution id and node id). */
export function awaitedRunsOf(key: string): AwaitedRuns {
	let runs = remembered.get(key);
	if (runs) {
		remembered.delete(key); // re-inserted below: most recently used last
	} else {
		runs = new AwaitedRuns();
	}
	remembered.set(key, runs);
	while (remembered.size > MAX_REMEMBERED_EXECUTIONS)
		remembered.delete(remembered.keys().next().value as string);
	return runs;
}

export function forgetAwaitedRuns(key: string): void {
	remembered.delete(key);
}

/**
 * The order in which a callback checks the awaited runs not yet known to have ended: its own run
 * first, then alternately the newest-started and the oldest-started. Runs of one workflow started
 * in order tend to end in order (the newest is then the one still going) or in reverse (the
 * oldest is); either way the first or second check usually finds a run still going, and stops.
 */
export function checkOrder(unknown: number[], self?: number): number[] {
	const others = [...unknown].filter((index) => index !== self).sort((a, b) => a - b);
	const order = self !== undefined && unknown.includes(self) ? [self] : [];
	for (let low = 0, high = others.length - 1; low <= high; high--) {
		order.push(others[high]);
		if (low < high) order.push(others[low++]);
	}
	return order;
}
