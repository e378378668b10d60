import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { InvalidParameterError } from '../helpers/inputError';
import { mapWithConcurrency } from '../helpers/itemPool';
import { ItemWithFiles } from './outputFiles';
import type { RunOptions } from '../helpers/options';
import { readRunOptions } from '../helpers/options';

/** An error that belongs to one item and may carry what is known of its run. */
export class ItemError extends NodeOperationError {
	constructor(
		ctx: IExecuteFunctions,
		message: string,
		itemIndex: number,
		readonly details: IDataObject = {},
		description?: string,
	) {
		super(ctx.getNode(), message, { itemIndex, description });
	}
}

/** Gives every error the item's number, and turns a bad parameter into a NodeOperationError. */
export function toItemError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	const suffix = ` [item ${itemIndex}]`;
	if (error instanceof InvalidParameterError) {
		return new ItemError(ctx, `${error.message}${suffix}`, itemIndex, { field: error.field });
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (!error.message.endsWith(suffix)) error.message += suffix;
		error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(
		ctx.getNode(),
		`${(error as Error)?.message ?? String(error)}${suffix}`,
		{ itemIndex },
	);
}

/** The output item that stands for a failed input item under "continue on fail". */
export function errorItem(
	error: NodeApiError | NodeOperationError,
	itemIndex: number,
): INodeExecutionData {
	const api =
		error instanceof NodeApiError ? (error.errorResponse as IDataObject | undefined) : undefined;
	const json: IDataObject = {
		error: error.message,
		...(error.description && { description: error.description }),
		...(api?.kind !== undefined && { errorKind: api.kind }),
		...(api?.httpCode !== undefined && { httpCode: api.httpCode }),
		...(api?.code !== undefined && { code: api.code }),
		...(typeof error.context.workflowRunId === 'string' && {
			workflowRunId: error.context.workflowRunId,
		}),
		...(error instanceof ItemError ? error.details : {}),
	};
	return { json, pairedItem: { item: itemIndex } };
}

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
	const perItem = await mapWithConcurrency(
		items.length,
		width,
		async (itemIndex): Promise<INodeExecutionData[]> => {
			try {
				const result = await handleItem(itemIndex);
				if (result instanceof ItemWithFiles)
					return [{ json: result.json, binary: result.binary, pairedItem: { item: itemIndex } }];
				const list = Array.isArray(result) ? result : [result];
				return list.map((json) => ({ json, pairedItem: { item: itemIndex } }));
			} catch (error) {
				const itemError = toItemError(ctx, error, itemIndex);
				if (!continueOnFail) throw itemError;
				return [errorItem(itemError, itemIndex)];
			}
		},
		!continueOnFail,
	);
	return [perItem.flat()];
}

/** The Options collection, read once for all items (concurrency and the limiter are shared). */
export function readOptionsOrThrow(ctx: IExecuteFunctions): RunOptions {
	try {
		return readRunOptions(ctx.getNodeParameter('options', 0, {}) as IDataObject);
	} catch (error) {
		throw toItemError(ctx, error, 0);
	}
}
