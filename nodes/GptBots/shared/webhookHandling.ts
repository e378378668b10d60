import type {
	IDataObject,
	IHookFunctions,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { createHash, timingSafeEqual } from 'crypto';

import type { ReceivedDelivery } from './deliveryReader';
import { seenIdsOf } from './seenIds';

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

/**
 * Whether an `Authorization` header carries `key`: `Bearer <key>` (or `Basic <key>`, which older
 * copies of GPTBots' webhook page also name), compared in constant time.
 */
export function authorizationCarries(header: unknown, key: string): boolean {
	const value = Array.isArray(header) ? header[0] : header;
	const token = typeof value === 'string' ? /^\s*(?:Bearer|Basic)\s+(\S+)\s*$/i.exec(value) : null;
	// compared even when there is none, so a missing header takes as long as a wrong one
	return secretMatches(token?.[1] ?? '', key) && token !== null && key !== '';
}

/** Starts the workflow with one item and tells the sender so. */
export function startWorkflow(ctx: IWebhookFunctions, json: IDataObject): IWebhookResponseData {
	return {
		workflowData: [ctx.helpers.returnJsonArray([json])],
		webhookResponse: { received: true, started: true },
	};
}

/** Acknowledges a delivery that starts nothing, saying why (200: the sender must not retry). */
export function acknowledgeOnly(ctx: IWebhookFunctions, reason: string): IWebhookResponseData {
	return answer(ctx, 200, { received: true, started: false, reason });
}

/** The delivery as the webhook received it; its bytes read when n8n left the body unparsed. */
export async function receivedDelivery(ctx: IWebhookFunctions): Promise<ReceivedDelivery> {
	const request = ctx.getRequestObject();
	// From a Webhook node typeVersion above 1, n8n reads only JSON, text, form and XML bodies itself.
	if (request.rawBody === undefined && typeof request.readRawBody === 'function')
		await request.readRawBody();
	return {
		method: request.method.toUpperCase(),
		contentType: ctx.getHeaderData()['content-type'],
		body: ctx.getBodyData(),
		rawBody: request.rawBody,
		query: ctx.getQueryData(),
	};
}

/** A trigger's memory of the ids it started a workflow for (see SeenIds), per workflow and node. */
export interface RepeatGuard {
	isRepeat(id: string): boolean;
	/** Records `id` and saves the store into the node's static data; false if it was a repeat. */
	recordIfNew(id: string): boolean;
}

/**
 * The trigger node's repeat guard, or undefined when de-duplication is off. Static data is asked
 * for only with de-duplication: asking n8n for it creates it, and n8n then writes the workflow to
 * its database after the delivery.
 */
export function repeatGuard(
	ctx: IWebhookFunctions,
	enabled: boolean,
	capacity: number,
): RepeatGuard | undefined {
	if (!enabled) return undefined;
	const store = seenIdsOf(`${ctx.getWorkflow().id ?? ''}:${ctx.getNode().id}`, capacity);
	const staticData = ctx.getWorkflowStaticData('node');
	store.load(staticData);
	return {
		isRepeat: (id) => store.has(id),
		recordIfNew(id) {
			if (!store.recordIfNew(id)) return false;
			store.save(staticData);
			return true;
		},
	};
}
