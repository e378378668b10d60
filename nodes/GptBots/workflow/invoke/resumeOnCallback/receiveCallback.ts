import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { readDelivery } from '../../../shared/deliveryReader';
import { answer } from '../../../shared/webhookHandling';
import { readRunOptions } from '../../../shared/runOptions';
import { GptBotsClient } from '../../../shared/transport/client';
import type { AwaitedRuns } from './awaitedRuns';
import { checkRuns, isAwaited, mayResume, memoryOf, resultsOf, runIdAt } from './awaitedRuns';
import { ITEM_PARAM, SIGNATURE_PARAM, TOKEN_PARAM, itemOfCallback } from './callbackUrls';

// A callback of "wait by callback": see startRunsAndWait.ts for how the whole mode works.

/** What a callback told to come back is asked to wait (seconds). */
const RETRY_AFTER_S = 5;

function readWaitingList(ctx: IWebhookFunctions): INodeExecutionData[] {
	const value = ctx.evaluateExpression('{{ $input.all() }}', 0);
	return Array.isArray(value) ? (value as INodeExecutionData[]) : [];
}

/** The callback's own item: named by its URL, else (older executions) by the run its body names. */
function ownItem(ctx: IWebhookFunctions, list: INodeExecutionData[]): number | undefined {
	const query = ctx.getQueryData() as IDataObject;
	const fromUrl = itemOfCallback(ctx, query, list.length);
	if (fromUrl !== undefined) return isAwaited(list[fromUrl]) ? fromUrl : undefined;
	const request = ctx.getRequestObject();
	const reading = readDelivery(
		{
			method: request.method,
			contentType: ctx.getHeaderData()['content-type'],
			body: ctx.getBodyData(),
			rawBody: (request as { rawBody?: unknown }).rawBody,
			query,
		},
		[SIGNATURE_PARAM, ITEM_PARAM, TOKEN_PARAM],
	);
	if (!reading.ok) return undefined;
	const index = list.findIndex(
		(item) => isAwaited(item) && item.json.workflowRunId === reading.runId,
	);
	return index === -1 ? undefined : index;
}

/**
 * A resume is under way: a non-2xx, so a retrying sender comes back. Should that resume be lost
 * (n8n accepted it, yet still has the execution waiting), the callback that comes back resumes.
 */
function comeBack(ctx: IWebhookFunctions, reason: string): IWebhookResponseData {
	ctx.getResponseObject().setHeader('Retry-After', String(RETRY_AFTER_S));
	return answer(ctx, 503, { received: true, resumed: false, reason });
}

interface AnswerEvents {
	statusCode?: number;
	once?: (event: 'finish' | 'close', listener: () => void) => unknown;
}

/** Settles the claim by n8n's answer to this callback: given back unless n8n accepted the resume. */
function settleOnAnswer(ctx: IWebhookFunctions, memory: AwaitedRuns): void {
	const res = ctx.getResponseObject() as unknown as AnswerEvents;
	if (typeof res.once !== 'function') return; // the claim lapses on its own
	let settled = false;
	const settle = (accepted: boolean) => {
		if (settled) return;
		settled = true;
		memory.settleClaim(accepted, Date.now());
	};
	res.once('finish', () => {
		const status = Number(res.statusCode ?? 200);
		settle(status >= 200 && status < 300);
	});
	// Closed before an answer: n8n may have resumed all the same, so treat it as accepted.
	res.once('close', () => settle(true));
}

/** The callback: resume with every item's result once all runs have ended, else keep waiting. */
export async function handleCallback(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const list = readWaitingList(this);
	if (!list.some(isAwaited))
		return answer(this, 409, { error: 'This execution waits for no GPTBots run' });
	const self = ownItem(this, list);
	const options = readRunOptions(this.getNodeParameter('options', {}) as IDataObject, {
		maxWait: this.getNodeParameter('maxWait', null),
	});
	const client = new GptBotsClient(this, options);
	const { memory } = memoryOf(this);
	if (self !== undefined) memory.calledBack.add(runIdAt(list, self));

	const unfinished = await checkRuns(client, list, memory, self, options);
	if (unfinished !== undefined) {
		return answer(this, 202, {
			received: true,
			resumed: false,
			waitingFor: String(list[unfinished].json.workflowRunId),
		});
	}
	const now = Date.now();
	if (memory.resumeUnderWay(now)) return comeBack(this, 'a resume of this execution is under way');
	// Acknowledged: the last run's callback resumes (its sender retries it if it fails), or any
	// callback after the hand-over. A non-2xx here would make every retrying sender come back.
	if (!mayResume(self, list, memory, now))
		return answer(this, 202, { received: true, resumed: false });
	if (!memory.claimResume(now)) return comeBack(this, 'a resume of this execution is under way');
	settleOnAnswer(this, memory);
	return { workflowData: [await resultsOf(this, list, memory.ended, options, client.apiBaseUrl)] };
}
