import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { continueOnFailItem, readForAllItems, toItemError } from './errors';
import type { ItemWithFiles } from './files/outputFiles';
import { toOutputItem } from './files/outputFiles';
import type { RunOptions } from './runOptions';
import { readRunOptions } from './runOptions';

/**
 * Runs `task(index)` for indexes 0..count-1 with at most `width` running at once, and returns
 * the results in index order. Only `width` tasks exist at a time, so memory does not grow with
 * the number of items. A task that throws makes the whole map throw the failure of the lowest
 * index, once every running task has finished (no request is abandoned half-way); with
 * `stopOnError` no new index is started after the first failure.
 */
export async function mapWithConcurrency<T>(
	count: number,
	width: number,
	task: (index: number) => Promise<T>,
	stopOnError: boolean,
): Promise<T[]> {
	const results = new Array<T>(count);
	let next = 0;
	let failed: { index: number; error: unknown } | undefined;

	async function worker(): Promise<void> {
		while (next < count && !(stopOnError && failed)) {
			const index = next++;
			try {
				results[index] = await task(index);
			} catch (error) {
				if (!failed || index < failed.index) failed = { index, error };
			}
		}
	}

	const workers = Array.from({ length: Math.max(1, Math.min(width, count)) }, worker);
	await Promise.all(workers);
	if (failed) throw failed.error;
	return results;
}

/**
 * Runs `handleItem` for every input item, `width` at a time, and assembles the node's output in
 * input order with `pairedItem` set. Under "continue on fail" each failed item becomes one error
 * item in its place; otherwise the first failure (in item order) stops the node.
 */
export async function executePerItem(
	ctx: IExecuteFunctions,
	width: number,
	handleItem: (itemIndex: number) => Promise<IDataObject | IDataObject[] | ItemWithFiles>,
): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const continueOnFail = ctx.continueOnFail();
	const toErrorOutput = ctx.getNode().onError === 'continueErrorOutput';
	const perItem = await mapWithConcurrency(
		items.length,
		width,
		async (itemIndex): Promise<INodeExecutionData[]> => {
			try {
				const result = await handleItem(itemIndex);
				return Array.isArray(result)
					? result.map((json) => toOutputItem(json, itemIndex))
					: [toOutputItem(result, itemIndex)];
			} catch (error) {
				const itemError = toItemError(ctx, error, itemIndex);
				if (!continueOnFail) throw itemError;
				return [continueOnFailItem(itemError, itemIndex, toErrorOutput)];
			}
		},
		!continueOnFail,
	);
	return [perItem.flat()];
}

/** The Options collection, read once for all items (concurrency and the limiter are shared). */
export function readOptionsOrThrow(ctx: IExecuteFunctions): RunOptions {
	// null: a node without its own Poll Interval / Max Wait (another mode, or version 1).
	return readForAllItems(ctx, () =>
		readRunOptions(ctx.getNodeParameter('options', 0, {}) as IDataObject, {
			pollInterval: ctx.getNodeParameter('pollInterval', 0, null),
			maxWait: ctx.getNodeParameter('maxWait', 0, null),
		}),
	);
}
