import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { mapWithConcurrency } from '../helpers/itemPool';
import { continueOnFailItem, readForAllItems, toItemError } from './itemErrors';
import type { ItemWithFiles } from './outputFiles';
import { toOutputItem } from './outputFiles';
import type { RunOptions } from '../helpers/options';
import { readRunOptions } from '../helpers/options';

/**
 * Runs `handleItem` for every input item, `width` at a time, and assembles the node's output in
 * input order with `pairedItem` set. Under "continue on fail" each failed item becomes one error
 * item in its place; otherwise the first failure (in item order) stops the node.
 */
export async function runPerItem(
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
	return readForAllItems(ctx, () =>
		readRunOptions(ctx.getNodeParameter('options', 0, {}) as IDataObject),
	);
}
