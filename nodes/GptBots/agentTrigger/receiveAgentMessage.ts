import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import {
	acknowledgeOnly,
	answer,
	authorizationCarries,
	receivedDelivery,
	repeatGuard,
	startWorkflow,
} from '../shared/webhookHandling';
import { readAgentDelivery } from './agentDelivery';

/** Message ids remembered per trigger for de-duplication (in memory and in n8n's static data). */
export const SEEN_MESSAGE_IDS_CAPACITY = 2000;

/**
 * One delivery to the Agent Trigger: the credential's API key checked in the Authorization header
 * (GPTBots signs nothing else), GPTBots' availability test acknowledged, the message found in any
 * delivery shape (agentDelivery.ts), de-duplicated by message_id. What it refuses it answers with
 * a status and a reason, never silently; the key never appears in an answer.
 */
export async function receiveAgentMessage(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const credentials = await ctx.getCredentials('gptBotsApi');
	const key = typeof credentials.apiKey === 'string' ? credentials.apiKey.trim() : '';
	if (!authorizationCarries(ctx.getHeaderData().authorization, key)) {
		return answer(ctx, 401, {
			error: "Missing or wrong API key: GPTBots sends the agent's key as Authorization: Bearer …",
		});
	}
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const reading = readAgentDelivery(await receivedDelivery(ctx));
	if (reading.kind === 'test') return acknowledgeOnly(ctx, 'availability test (istest)');
	if (reading.kind === 'unrecognised') {
		if (options.unrecognised === 'passOn')
			return startWorkflow(ctx, { unrecognised: reading.reason, rawDelivery: reading.raw });
		return answer(ctx, 400, { error: `Not a GPTBots agent message: ${reading.reason}` });
	}
	const { message } = reading;
	const seen = repeatGuard(ctx, options.dedupe !== false, SEEN_MESSAGE_IDS_CAPACITY);
	if (seen && !seen.recordIfNew(message.messageId))
		return acknowledgeOnly(ctx, 'duplicate delivery');
	return startWorkflow(ctx, { ...message, rawDelivery: reading.raw });
}
