import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import {
	acknowledgeOnly,
	answer,
	receivedDelivery,
	repeatGuard,
	secretMatches,
	startWorkflow,
} from '../shared/webhookHandling';
import { readDelivery } from '../shared/deliveryReader';
import { lookUpRun } from './lookUpRun';

/** Run ids remembered per trigger for de-duplication (kept in memory and in n8n's static data). */
export const SEEN_RUN_IDS_CAPACITY = 2000;

/**
 * One delivery to the trigger: secret check, the run found in any delivery shape (see
 * readDelivery), optionally confirmed with GPTBots' result API, filtered by status, de-duplicated
 * on the normalised run id. What it refuses it answers with a status and a reason, never silently.
 */
export async function receiveDelivery(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const secret = String(ctx.getNodeParameter('secretHeaderValue', '') ?? '');
	if (secret !== '') {
		const headerName = String(
			ctx.getNodeParameter('secretHeaderName', 'X-GPTBots-Secret'),
		).toLowerCase();
		if (!secretMatches(ctx.getHeaderData()[headerName], secret))
			return answer(ctx, 401, { error: 'Missing or wrong secret header' });
	}
	const delivery = await receivedDelivery(ctx);
	const deliveryMethod = delivery.method;
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const verify = ctx.getNodeParameter('verifyWithApi', false) === true;
	const reading = readDelivery(delivery);
	if (!reading.ok) {
		if (options.unrecognised === 'passOn' && !verify) {
			return startWorkflow(ctx, {
				deliveryMethod,
				unrecognised: reading.reason,
				rawDelivery: reading.raw,
			});
		}
		return answer(ctx, 400, { error: `Not a GPTBots run result: ${reading.reason}` });
	}

	const seen = repeatGuard(ctx, options.dedupe !== false, SEEN_RUN_IDS_CAPACITY);
	const duplicate = () => acknowledgeOnly(ctx, 'duplicate delivery');
	if (seen?.isRepeat(reading.runId)) return duplicate();

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
	if (!statuses.includes(String(run.status)))
		return acknowledgeOnly(ctx, `status ${String(run.status)} is filtered out`);
	// Checked again: another delivery of this run may have been recorded while this one was looked up.
	if (seen && !seen.recordIfNew(reading.runId)) return duplicate();
	return startWorkflow(ctx, run);
}
