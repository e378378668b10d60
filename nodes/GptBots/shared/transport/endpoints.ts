import type { IDataObject } from 'n8n-workflow';

import { withoutFileContents } from '../files/outputFileUrls';
import { unwrapRun } from '../runResult';
import type { GptBotsClient } from './client';
import type { RunLogPage } from './runLogPage';
import { readRunLogPage } from './runLogPage';

/** GPTBots' workflow API: one function per endpoint the node calls. */
export const PATHS = {
	invoke: '/v1/workflow/invoke',
	queryResult: '/v1/workflow/query/result',
	runLogs: '/v1/workflow/run/logs',
} as const;

/** The header values of a run's webhooks: often a receiver's secret, never to be shown. */
function webhookHeaderValues(body: IDataObject): string[] {
	const webhooks = (body.webhook as Array<{ headers?: IDataObject }> | undefined) ?? [];
	return webhooks.flatMap((webhook) => Object.values(webhook.headers ?? {}).map(String));
}

/** POST /v1/workflow/invoke: starts a run (never resent once GPTBots may have accepted it). */
export async function invoke(
	client: GptBotsClient,
	body: IDataObject,
	timeoutMs: number,
	itemIndex: number,
): Promise<IDataObject> {
	const answer = await client.request(
		{
			method: 'POST',
			path: PATHS.invoke,
			body,
			timeoutMs,
			idempotent: false,
			product: 'workflow',
			secrets: webhookHeaderValues(body),
			...(body.isAsync !== true && {
				onTimeout:
					'A synchronous run must finish within the Timeout option. For long workflows use the mode "Async, Wait by Polling" or "Async, Wait by Callback", which do not hold a request open. The run may still be going on in GPTBots.',
			}),
		},
		itemIndex,
	);
	// The echoed input would carry every file's base64 again.
	return withoutFileContents(unwrapRun(answer));
}

/** POST /v1/workflow/query/result: a run's status and, once it ended, its output. */
export async function queryResult(
	client: GptBotsClient,
	workflowRunId: string,
	timeoutMs: number,
	itemIndex: number,
): Promise<IDataObject> {
	const answer = await client.request(
		{
			method: 'POST',
			path: PATHS.queryResult,
			body: { workflowRunId },
			timeoutMs,
			idempotent: true,
			product: 'workflow',
			workflowRunId,
		},
		itemIndex,
	);
	return unwrapRun(answer);
}

export interface RunLogsPageQuery {
	conversationType: string;
	startMs: number;
	endMs: number;
	page: number;
	pageSize: number;
	userId?: string;
}

/** GET /v1/workflow/run/logs: one page of runs, its rows read wherever the answer puts them. */
export async function runLogs(
	client: GptBotsClient,
	query: RunLogsPageQuery,
	timeoutMs: number,
	itemIndex: number,
): Promise<RunLogPage> {
	const answer = await client.request(
		{
			method: 'GET',
			path: PATHS.runLogs,
			qs: {
				conversation_type: query.conversationType,
				start_time: query.startMs,
				end_time: query.endMs,
				page: query.page,
				page_size: query.pageSize,
				...(query.userId && { user_id: query.userId }),
			},
			timeoutMs,
			idempotent: true,
			product: 'workflow',
		},
		itemIndex,
	);
	return readRunLogPage(answer);
}
