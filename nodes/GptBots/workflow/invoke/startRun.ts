import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { WebhookEntry } from './runWebhooks';
import { buildWebhookList } from './runWebhooks';
import type { RunOptions } from '../../shared/runOptions';
import { pollDelayMs } from './waitByPolling';
import { isRunFinished } from '../../shared/runResult';
import type { AdaptiveLimiter } from '../../shared/transport/adaptiveLimiter';
import type { GptBotsClient } from '../../shared/transport/client';
import { invoke, queryResult } from '../../shared/transport/endpoints';
import { InvalidParameterError, ItemError } from '../../shared/errors';
import { getItemParameter } from '../../shared/itemParameters';
import type { InputCheck } from './inputCheck';
import { readWorkflowInput } from './readInput';

export const INVOKE_MODES = ['sync', 'async', 'asyncPoll', 'asyncWebhook'] as const;

export type InvokeMode = (typeof INVOKE_MODES)[number];

export function checkInvokeMode(mode: unknown): InvokeMode {
	if (!(INVOKE_MODES as readonly unknown[]).includes(mode)) {
		throw new InvalidParameterError('Mode', `unknown value "${String(mode)}"`);
	}
	return mode as InvokeMode;
}

/**
 * The invoke body for one item; throws InvalidParameterError naming the field. Files are read
 * into it, so build it just before its request and let it go right after.
 */
export async function readInvokeBody(
	ctx: IExecuteFunctions,
	itemIndex: number,
	mode: InvokeMode,
	reservedWebhooks: number,
	options: RunOptions,
): Promise<IDataObject> {
	const body: IDataObject = { input: {}, isAsync: mode !== 'sync' };
	const userIdValue = getItemParameter(ctx, 'userId', itemIndex, '') ?? '';
	if (typeof userIdValue !== 'string' && typeof userIdValue !== 'number') {
		throw new InvalidParameterError('User ID', 'must be text');
	}
	const userId = String(userIdValue).trim();
	if (userId) body.userId = userId;
	if (mode !== 'sync') {
		const webhooks = buildWebhookList(
			getItemParameter(ctx, 'webhooks.webhook', itemIndex, []) as WebhookEntry[],
			reservedWebhooks,
		);
		if (webhooks.length > 0) body.webhook = webhooks;
	}
	// Last: reading files is the costly part, wasted if another parameter is wrong.
	body.input = await readWorkflowInput(ctx, itemIndex, options);
	return body;
}

export interface ItemRunExtras {
	/** Bounds how many items build a body at once (see startItemRun). */
	slots?: AdaptiveLimiter;
	/** Added to the item's own webhooks: the resume URL of "wait by callback". */
	resumeWebhook?: IDataObject;
	/** Refuses an input before it is sent (option "Check Input Against Recent Runs"). */
	checkInput?: InputCheck;
}

/**
 * Builds one item's invoke body and starts its run. The body (with its files' base64) lives only
 * in here: once the request is answered it can be collected, whatever the caller waits for next.
 * `slots` bounds how many items do this at once when more items than that are in flight.
 */
export async function startItemRun(
	ctx: IExecuteFunctions,
	client: GptBotsClient,
	itemIndex: number,
	mode: InvokeMode,
	options: RunOptions,
	{ slots, resumeWebhook, checkInput }: ItemRunExtras = {},
): Promise<IDataObject> {
	await slots?.acquire();
	try {
		const body = await readInvokeBody(ctx, itemIndex, mode, resumeWebhook ? 1 : 0, options);
		await checkInput?.(body.input as IDataObject, itemIndex);
		if (resumeWebhook)
			body.webhook = [...((body.webhook as IDataObject[] | undefined) ?? []), resumeWebhook];
		return await invoke(client, body, options.timeoutMs, itemIndex);
	} finally {
		slots?.release(false);
	}
}

/** Checks a run's result with a growing interval until it ends or Max Wait has passed. */
export async function waitForRunEnd(
	ctx: IExecuteFunctions,
	client: GptBotsClient,
	started: IDataObject,
	options: RunOptions,
	itemIndex: number,
): Promise<IDataObject> {
	const workflowRunId = String(started.workflowRunId ?? '');
	if (!workflowRunId)
		throw new ItemError(
			ctx,
			'GPTBots started the run but gave no workflowRunId to wait for',
			itemIndex,
		);
	if (isRunFinished(started)) return started;
	const since = Date.now();
	const deadline = since + options.maxWaitMs;
	let last = started;
	for (;;) {
		const remaining = deadline - Date.now();
		if (remaining <= 0) break;
		await sleep(Math.min(pollDelayMs(Date.now() - since, options.pollIntervalMs), remaining));
		last = await queryResult(client, workflowRunId, options.timeoutMs, itemIndex);
		if (isRunFinished(last)) return last;
	}
	throw new ItemError(
		ctx,
		`GPTBots run ${workflowRunId} did not finish within Max Wait (${options.maxWaitMs / 1000} s); last status ${String(last.status ?? 'unknown')}`,
		itemIndex,
		{ errorKind: 'maxWait', workflowRunId, status: last.status as string },
		`The run goes on in GPTBots. Fetch its result later with the operation "Get Result" and workflowRunId ${workflowRunId}, or raise Max Wait.`,
	);
}
