import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { ItemError, maxWaitFailure } from '../../shared/errors';
import type { RunOptions } from '../../shared/runOptions';
import { isRunFinished } from '../../shared/runResult';
import type { GptBotsClient } from '../../shared/transport/client';
import { queryResult } from '../../shared/transport/endpoints';

// Mode asyncPoll: the run is started async, then its result is checked until it ends.

/** Past a few intervals, the wait grows to this share of the time already waited. */
export const POLL_GROWTH = 0.2;

export const MAX_POLL_INTERVAL_MS = 30_000;

/**
 * The wait before the next result check, after `waitedMs` of waiting. It stays at the user's
 * interval for the first five intervals, then grows to 20 % of the time waited (at most 30 s): a
 * run is seen within about 20 % of its length, and long runs cost few requests.
 */
export function pollDelayMs(waitedMs: number, intervalMs: number): number {
	const cap = Math.max(intervalMs, MAX_POLL_INTERVAL_MS);
	return Math.round(Math.min(cap, Math.max(intervalMs, POLL_GROWTH * waitedMs)));
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
	const { message, fields, description } = maxWaitFailure(last, options.maxWaitMs);
	throw new ItemError(ctx, message, itemIndex, fields, description);
}
