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
import { checkRuns, isAwaited, mayResume, memoryOf, resultsOf, runIdAt } from './awaitedRuns';
import { ITEM_PARAM, SIGNATURE_PARAM, TOKEN_PARAM, itemOfCallback } from './callbackUrls';

// A callback of "wait by callback": see start.ts for how the whole mode works.

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

/** The callback: resume with every item's result once all runs have ended, else keep waiting. */
export async function handleCallback(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const list = readWaitingList(this);
	if (!list.some(isAwaited))
		return answer(this, 409, { error: 'This execution waits for no GPTBots run' });
	const self = ownItem(this, list);
	const options = readRunOptions(this.getNodeParameter('options', {}) as IDataObject);
	const client = new GptBotsClient(this, options);
	const { memory, forget } = memoryOf(this);
	if (self !== undefined) memory.calledBack.add(runIdAt(list, self));

	const unfinished = await checkRuns(client, list, memory, self, options);
	if (unfinished !== undefined) {
		return answer(this, 202, {
			received: true,
			resumed: false,
			waitingFor: String(list[unfinished].json.workflowRunId),
		});
	}
	if (!mayResume(self, list, memory) || !memory.claimResume())
		return answer(this, 202, { received: true, resumed: false });
	forget();
	return { workflowData: [await resultsOf(this, list, memory.ended, options)] };
}
