import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { isRunFailed } from './runResult';
import { DOCUMENTED_STATUSES } from './runShape';
import { isPlainObject } from './values';
import { apiErrorFields } from './transport/apiError';

/*
 * How an item fails, in every operation and mode. An error is thrown as a NodeApiError (worded by
 * transport/apiError.ts) or a NodeOperationError, its message ending in " [item N]" and its
 * context naming the item (toItemError). Under "continue on fail" it becomes one error item in
 * the item's place (continueOnFailItem). A run that ended without SUCCEED fails its item while
 * "Fail on Run Failure" is on (runFailureOf); a run still going after Max Wait fails it too
 * (maxWaitFailure). Both are worded here only.
 */

/**
 * A user's value that cannot be used. `field` is the parameter's display path (e.g.
 * "Input Fields › 2 (age)"); the node adds the item, so every message names both.
 */
export class InvalidParameterError extends Error {
	constructor(
		readonly field: string,
		readonly reason: string,
	) {
		super(`${field}: ${reason}`);
	}
}

/** An error item's `errorKind` when the API call itself went well (API failures: FailureKind). */
export type ItemErrorKind =
	| 'runFailed'
	| 'unknownStatus'
	| 'maxWait'
	| 'inputMismatch'
	| 'unknownConversation'
	| 'streamBroken'
	| 'streamError';

/** What an error item carries besides `error` and `description`. */
export interface ItemErrorFields {
	errorKind?: ItemErrorKind;
	/** The parameter at fault, as InvalidParameterError names it. */
	field?: string;
	workflowRunId?: string;
	status?: string;
	output?: IDataObject;
	/** An agent's message: its conversation and answer, and the text received before it failed. */
	conversationId?: string;
	messageId?: string;
	text?: string;
	pieces?: number;
}

/**
 * An error that belongs to one item and may carry what is known of its run. Every error the node
 * words itself is one of these, so that its message is kept (see below).
 */
export class ItemError extends NodeOperationError {
	constructor(
		ctx: IExecuteFunctions,
		message: string,
		itemIndex: number,
		readonly fields: ItemErrorFields = {},
		description?: string,
	) {
		super(ctx.getNode(), message, { itemIndex, description });
		// n8n swaps a message naming a network code (ECONNREFUSED, …) for a generic text; a run's
		// own error may name one, and the message must still say which run failed.
		this.message = message;
	}
}

/**
 * Gives every error the item's number (written here only, once) and turns a bad parameter into a
 * NodeOperationError.
 */
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
	return new ItemError(ctx, `${(error as Error)?.message ?? String(error)}${suffix}`, itemIndex);
}

/** Reads what holds for every item (Operation, Mode, Options) from item 0; a bad value names item 0. */
export function readForAllItems<T>(ctx: IExecuteFunctions, read: () => T): T {
	try {
		return read();
	} catch (error) {
		throw toItemError(ctx, error, 0);
	}
}

/** The output item that stands for a failed input item under "continue on fail". */
export function continueOnFailItem(
	error: NodeApiError | NodeOperationError,
	itemIndex: number,
	toErrorOutput = false,
): INodeExecutionData {
	const json: IDataObject = {
		error: error.message,
		...(error.description && { description: error.description }),
		...(error instanceof NodeApiError && apiErrorFields(error)),
		...(error instanceof ItemError && error.fields),
	};
	// Under "On Error: Continue (using error output)" n8n routes to the error output only items with
	// `error` set (or a json of nothing but `error`), and makes their json { error: message } plus
	// the input item's fields: the message names the field and the item.
	if (toErrorOutput) return { json, error, pairedItem: { item: itemIndex } };
	return { json, pairedItem: { item: itemIndex } };
}

/** A run that ended without SUCCEED, as its item's error: the message and the error item's fields. */
export interface RunFailure {
	message: string;
	fields: ItemErrorFields;
}

/** The failure of an ended run that must fail its item; undefined for a success or when opted out. */
export function runFailureOf(run: IDataObject, failOnRunFailure: boolean): RunFailure | undefined {
	if (!failOnRunFailure || !isRunFailed(run)) return undefined;
	const status = String(run.status);
	return {
		message: describeRunFailure(run),
		fields: {
			errorKind: DOCUMENTED_STATUSES.includes(status) ? 'runFailed' : 'unknownStatus',
			workflowRunId: run.workflowRunId as string,
			status,
			output: run.output as IDataObject,
		},
	};
}

/** A short text for a FAILED run: the workflow's own error if its output carries one. */
export function describeRunFailure(run: IDataObject): string {
	const output = run.output;
	let reason = '';
	if (isPlainObject(output)) {
		const candidate = output.error ?? output.message ?? output.msg;
		reason =
			typeof candidate === 'string'
				? candidate
				: candidate === undefined
					? ''
					: JSON.stringify(candidate);
	} else if (typeof output === 'string') {
		reason = output;
	}
	const status = String(run.status);
	const unknown = DOCUMENTED_STATUSES.includes(status)
		? ''
		: ` (a status GPTBots does not document: ${DOCUMENTED_STATUSES.join(', ')})`;
	return `The GPTBots workflow run ${String(run.workflowRunId ?? '')} ended with status ${status}${unknown}${reason ? `: ${reason}` : ''}`;
}

/** A run still going when Max Wait ran out (polling or waiting for a callback): one wording. */
export function maxWaitFailure(
	run: IDataObject,
	maxWaitMs: number,
): RunFailure & { description: string } {
	const workflowRunId = String(run.workflowRunId ?? '');
	const status = String(run.status ?? 'unknown');
	return {
		message: `GPTBots run ${workflowRunId} did not end within Max Wait (${maxWaitMs / 1000} s); last status ${status}`,
		fields: { errorKind: 'maxWait', workflowRunId, status },
		description: `The run goes on in GPTBots. Fetch its result later with the operation "Get Result" and workflowRunId ${workflowRunId}, or raise Max Wait.`,
	};
}
