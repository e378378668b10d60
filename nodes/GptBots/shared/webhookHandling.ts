import type {
	IDataObject,
	IHookFunctions,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { createHash, timingSafeEqual } from 'crypto';

/**
 * GPTBots has no API to register a webhook: each run carries its callback URLs. So there is
 * nothing to create, check or delete when a workflow is activated; these say so to n8n. (For the
 * resume URL of "wait by callback" n8n never calls them at all.)
 */
export const webhooksNeedNoRegistration = {
	default: {
		async checkExists(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		async create(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		async delete(this: IHookFunctions): Promise<boolean> {
			return true;
		},
	},
};

/**
 * The webhook of a node that waits for a callback, as n8n's Wait node has it: n8n routes a POST
 * to the waiting execution's resume URL ($execution.resumeUrl) to the node's webhook().
 */
export const resumeWebhook: IWebhookDescription = {
	name: 'default',
	httpMethod: 'POST',
	responseMode: 'onReceived',
	path: '',
	restartWebhook: true,
};

/** Answers a webhook call with a status and a JSON body, and starts nothing. */
export function answer(
	ctx: IWebhookFunctions,
	status: number,
	json: IDataObject,
): IWebhookResponseData {
	ctx.getResponseObject().status(status).json(json);
	return { noWebhookResponse: true };
}

/** Compares a received secret with the expected one in constant time, whatever their lengths. */
export function secretMatches(received: unknown, expected: string): boolean {
	const value = Array.isArray(received) ? received[0] : received;
	if (typeof value !== 'string') return false;
	const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
	return timingSafeEqual(digest(value), digest(expected));
}
