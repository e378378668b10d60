import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { secretMatches, answer } from '../shared/webhookHandling';
import { readDelivery } from '../shared/deliveryReader';
import { seenRunIdsOf } from './seenRunIds';
import { lookUpRun } from './lookUpRun';

/** Run ids remembered per trigger for de-duplication (kept in memory and in n8n's static data). */
export const SEEN_RUN_IDS_CAPACITY = 2000;

function start(ctx: IWebhookFunctions, json: IDataObject): IWebhookResponseData {
	return {
		workflowData: [ctx.helpers.returnJsonArray([json])],
		webhookResponse: { received: true, started: true },
	};
}

/**
 * One delivery to the trigger: secret check, the run found in any delivery shape (see
 * readDelivery), optionally confirmed with GPTBots' result API, filtered by status, de-duplicated
 * on the normalised run id. What it refuses it answers with a status and a reason, never silently.
 */
export async function receiveDelivery(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const secret = String(ctx.getNodeParameter('secretHeaderValue', '') ?? '');
	const headers = ctx.getHeaderData();
	if (secret !== '') {
		const headerName = String(
			ctx.getNodeParameter('secretHeaderName', 'X-GPTBots-Secret'),
		).toLowerCase();
		if (!secretMatches(headers[headerName], secret))
			return answer(ctx, 401, { error: 'Missing or wrong secret header' });
	}
	const request = ctx.getRequestObject();
	// From typeVersion 1.1 n8n reads only JSON, text, form and XML bodies itself.
	if (request.rawBody === undefined && typeof request.readRawBody === 'function')
		await request.readRawBody();
	const deliveryMethod = request.method.toUpperCase();
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const verify = ctx.getNodeParameter('verifyWithApi', false) === true;
	const reading = readDelivery({
		method: deliveryMethod,
		contentType: headers['content-type'],
		body: ctx.getBodyData(),
		rawBody: request.rawBody,
		query: ctx.getQueryData(),
	});
	if (!reading.ok) {
		if (options.unrecognised === 'passOn' && !verify) {
			return start(ctx, { deliveryMethod, unrecognised: reading.reason, rawDelivery: reading.raw });
		}
		return answer(ctx, 400, { error: `Not a GPTBots run result: ${reading.reason}` });
	}

	// Static data only with de-duplication: asking n8n for it creates it, and n8n then writes the
	// workflow to its database after the delivery.
	const seen =
		options.dedupe === false
			? undefined
			: {
					store: seenRunIdsOf(
						`${ctx.getWorkflow().id ?? ''}:${ctx.getNode().id}`,
						SEEN_RUN_IDS_CAPACITY,
					),
					staticData: ctx.getWorkflowStaticData('node'),
				};
	seen?.store.load(seen.staticData);
	const duplicate = () =>
		answer(ctx, 200, { received: true, started: false, reason: 'duplicate delivery' });
	if (seen?.store.has(reading.runId)) return duplicate();

	let run: IDataObject;
	if (verify) {
		const found = await lookUpRun(ctx, reading.runId);
		if (!found.ok) return answer(ctx, found.status, { error: found.error });
		run = { ...found.run, deliveryMethod };
	} else {
		if (typeof reading.run.status !== 'string' || reading.run.status === '') {
			return answer(ctx, 400, {
				error: `Not a GPTBots run result: run ${reading.runId} carries no status. Turn on "Verify with GPTBots" to look such runs up.`,
			});
		}
		run = { ...reading.run, deliveryMethod, rawDelivery: reading.raw };
	}

	const statuses = ctx.getNodeParameter('statuses', []) as string[];
	if (!statuses.includes(String(run.status))) {
		return answer(ctx, 200, {
			received: true,
			started: false,
			reason: `status ${String(run.status)} is filtered out`,
		});
	}
	// Checked again: another delivery of this run may have been recorded while this one was looked up.
	if (seen && !seen.store.recordIfNew(reading.runId)) return duplicate();
	seen?.store.save(seen.staticData);
	return start(ctx, run);
}
