// The API runs of the last days, read for the fields they were sent (resource mapper, tool
// description, input check).
import type { IDataObject, ILoadOptionsFunctions } from 'n8n-workflow';

import { OPTION_LIMITS } from '../../shared/runOptions';
import { GptBotsClient } from '../../shared/transport/client';
import { fetchRunLogs } from '../getRuns/getRuns.operation';

/** How far back, and how many API runs (newest first: 3 pages of 100), the fields are learned from. */
export const RECENT_DAYS = 30;
export const RECENT_RUNS_READ = 300;

export async function readRecentRows(
	client: GptBotsClient,
	timeoutMs: number,
	itemIndex: number,
	now = Date.now(),
): Promise<IDataObject[]> {
	const query = {
		conversationType: 'API',
		startMs: now - RECENT_DAYS * 24 * 3600 * 1000,
		endMs: now,
		userId: '',
		limit: RECENT_RUNS_READ,
	};
	return await fetchRunLogs(client, query, timeoutMs, itemIndex);
}

/** The editor's calls have no Options collection: its default Timeout. */
export function loadOptionsClient(ctx: ILoadOptionsFunctions): {
	client: GptBotsClient;
	timeoutMs: number;
} {
	return {
		client: new GptBotsClient(ctx, { concurrency: 1, retryInvokeWhenSafe: false }),
		timeoutMs: OPTION_LIMITS.timeout.default * 1000,
	};
}
