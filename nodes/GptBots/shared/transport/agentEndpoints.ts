import type { IDataObject } from 'n8n-workflow';

import type { GptBotsRequest } from './apiError';
import type { GptBotsClient } from './client';

/** GPTBots' agent (conversation) API: one function per endpoint the Agent node calls. */
export const AGENT_PATHS = {
	conversation: '/v1/conversation',
	message: '/v2/conversation/message',
	messages: '/v2/messages',
} as const;

/** A field of an answer, plain or wrapped under `data` (some GPTBots API families wrap). */
export function answerField(body: IDataObject, name: string): unknown {
	if (body[name] !== undefined) return body[name];
	const data = body.data;
	return data !== null && typeof data === 'object' && !Array.isArray(data)
		? (data as IDataObject)[name]
		: undefined;
}

/** POST /v1/conversation: a new conversation for `userId`; its id ('' if the answer named none). */
export async function createConversation(
	client: GptBotsClient,
	userId: string,
	timeoutMs: number,
	itemIndex: number,
): Promise<{ conversationId: string; answer: IDataObject }> {
	const answer = await client.request(
		{
			method: 'POST',
			path: AGENT_PATHS.conversation,
			body: { user_id: userId },
			timeoutMs,
			idempotent: false,
			product: 'agent',
		},
		itemIndex,
	);
	const id = answerField(answer, 'conversation_id');
	return { conversationId: typeof id === 'string' ? id : '', answer };
}

/** A message's request: never resent once GPTBots may have taken it (a message costs credits). */
function messageRequest(body: IDataObject, timeoutMs: number): GptBotsRequest {
	return {
		method: 'POST',
		path: AGENT_PATHS.message,
		body,
		timeoutMs,
		idempotent: false,
		product: 'agent',
	};
}

/**
 * POST /v2/conversation/message in blocking or webhook mode: the answer, or the acknowledgement.
 */
export async function sendMessage(
	client: GptBotsClient,
	body: IDataObject,
	timeoutMs: number,
	itemIndex: number,
): Promise<IDataObject> {
	return await client.request(messageRequest(body, timeoutMs), itemIndex);
}

/** The same in streaming mode: `consume` reads the answer's body as it comes. */
export async function streamMessage<T>(
	client: GptBotsClient,
	body: IDataObject,
	timeoutMs: number,
	itemIndex: number,
	consume: (body: AsyncIterable<Uint8Array | string>) => Promise<T>,
): Promise<T> {
	return await client.stream(messageRequest(body, timeoutMs), itemIndex, consume);
}

/** GET /v2/messages: one page of a conversation's history, as GPTBots answers it. */
export async function messagesPage(
	client: GptBotsClient,
	query: { conversationId: string; page: number; pageSize: number },
	timeoutMs: number,
	itemIndex: number,
): Promise<IDataObject> {
	return await client.request(
		{
			method: 'GET',
			path: AGENT_PATHS.messages,
			qs: {
				conversation_id: query.conversationId,
				page: query.page,
				page_size: query.pageSize,
			},
			timeoutMs,
			idempotent: true,
			product: 'agent',
		},
		itemIndex,
	);
}
