import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { apiErrorFields } from '../shared/transport/apiError';
import { queryResult } from '../shared/transport/endpoints';
import { GptBotsClient } from '../shared/transport/client';

/** A webhook's sender waits for the answer: the look-up (with its retries) must not take minutes. */
const LOOKUP_TIMEOUT_MS = 20_000;
const LOOKUP_RETRY_POLICY = {
	maxRetries: 3,
	baseDelayMs: 500,
	maxDelayMs: 5_000,
	maxTotalMs: 25_000,
};

export type LookUp = { ok: true; run: IDataObject } | { ok: false; status: number; error: string };

/** GPTBots' answers that mean "no such run" (the unknown-id answer is not documented). */
function meansUnknownRun(error: NodeApiError): boolean {
	const { errorKind, httpCode } = apiErrorFields(error);
	if (errorKind === 'apiCode') return true;
	return errorKind === 'http' && (httpCode === '404' || httpCode === '400');
}

/**
 * Looks a delivered run id up with the result API (retried like every read). A run GPTBots does
 * not know is refused (404); a look-up that fails otherwise is answered 502 so the sender may retry.
 */
export async function lookUpRun(ctx: IWebhookFunctions, runId: string): Promise<LookUp> {
	const client = new GptBotsClient(ctx, {
		concurrency: 1,
		retryInvokeWhenSafe: false,
		retryPolicy: LOOKUP_RETRY_POLICY,
	});
	try {
		const run = await queryResult(client, runId, LOOKUP_TIMEOUT_MS, 0);
		if (run.workflowRunId !== runId) {
			return {
				ok: false,
				status: 404,
				error: `GPTBots answered for run ${runId} with ${run.workflowRunId ? `another run (${String(run.workflowRunId)})` : 'no run'}: refused`,
			};
		}
		return { ok: true, run };
	} catch (error) {
		if (error instanceof NodeApiError && meansUnknownRun(error)) {
			return {
				ok: false,
				status: 404,
				error: `GPTBots does not know run ${runId}: refused (${error.message})`,
			};
		}
		const message = error instanceof Error ? error.message : String(error);
		return {
			ok: false,
			status: 502,
			error: `Could not look run ${runId} up in GPTBots, try again later: ${message}`,
		};
	}
}
