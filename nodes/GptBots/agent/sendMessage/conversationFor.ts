import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { InvalidParameterError, ItemError } from '../../shared/errors';
import { getItemParameter } from '../../shared/itemParameters';
import { createConversation } from '../../shared/transport/agentEndpoints';
import type { GptBotsClient } from '../../shared/transport/client';
import type { ChatSessions } from './chatSessions';
import type { CONVERSATION_MODES } from './sendMessage.description';

export type ConversationMode = (typeof CONVERSATION_MODES)[number];

/** GPTBots takes a user_id of at most this many characters. */
export const MAX_USER_ID = 32;

/** The item's User ID, checked; `fallback` when it is empty. */
export function readUserId(ctx: IExecuteFunctions, itemIndex: number, fallback: string): string {
	const value = getItemParameter(ctx, 'userId', itemIndex, '') ?? '';
	if (typeof value !== 'string' && typeof value !== 'number')
		throw new InvalidParameterError('User ID', 'must be text');
	const userId = String(value).trim() || fallback;
	if (userId.length > MAX_USER_ID) {
		throw new InvalidParameterError(
			'User ID',
			`"${userId.slice(0, 40)}…" is ${userId.length} characters; GPTBots takes at most ${MAX_USER_ID}`,
		);
	}
	return userId;
}

/** The item's chat session id (the Chat Trigger's `sessionId`). */
export function readSessionId(ctx: IExecuteFunctions, itemIndex: number): string {
	const value = ctx.getInputData()[itemIndex]?.json.sessionId;
	if ((typeof value !== 'string' && typeof value !== 'number') || String(value).trim() === '') {
		throw new InvalidParameterError(
			'Conversation',
			'"One per Chat Session" needs the sessionId of the incoming item, as n8n\'s Chat Trigger gives it; this item has none (connect the Chat Trigger, or set sessionId with an Edit Fields node)',
		);
	}
	return String(value).trim();
}

/** A user id from a session id: a UUID without its dashes is exactly 32 characters. */
export function userIdOfSession(sessionId: string): string {
	return sessionId.replace(/[^A-Za-z0-9_]/g, '').slice(0, MAX_USER_ID) || 'n8n-chat';
}

/** The conversation an item's message goes to, and how it was found. */
export interface ItemConversation {
	conversationId: string;
	created: boolean;
	sessionId?: string;
}

/** Creates a conversation for the item; an answer without an id is an error naming the item. */
export async function newConversation(
	ctx: IExecuteFunctions,
	client: GptBotsClient,
	userId: string,
	timeoutMs: number,
	itemIndex: number,
): Promise<string> {
	const { conversationId, answer } = await createConversation(client, userId, timeoutMs, itemIndex);
	if (!conversationId) {
		throw new ItemError(
			ctx,
			`GPTBots created no conversation: its answer named no conversation_id (${JSON.stringify(answer).slice(0, 200)})`,
			itemIndex,
		);
	}
	return conversationId;
}

/** Finds or creates the conversation of one item, as the Conversation parameter says. */
export async function conversationFor(
	ctx: IExecuteFunctions,
	client: GptBotsClient,
	mode: ConversationMode,
	itemIndex: number,
	timeoutMs: number,
	sessions?: ChatSessions,
): Promise<ItemConversation> {
	if (mode === 'id') {
		const id = getItemParameter(ctx, 'conversationId', itemIndex, '');
		if (typeof id !== 'string' || id.trim() === '')
			throw new InvalidParameterError('Conversation ID', 'is empty');
		return { conversationId: id.trim(), created: false };
	}
	if (mode === 'new') {
		const userId = readUserId(ctx, itemIndex, 'n8n');
		const conversationId = await newConversation(ctx, client, userId, timeoutMs, itemIndex);
		return { conversationId, created: true };
	}
	const sessionId = readSessionId(ctx, itemIndex);
	const userId = readUserId(ctx, itemIndex, userIdOfSession(sessionId));
	let created = false;
	const conversationId = await sessions!.conversationOf(sessionId, async () => {
		created = true;
		return await newConversation(ctx, client, userId, timeoutMs, itemIndex);
	});
	return { conversationId, created, sessionId };
}

/**
 * Whether an error says GPTBots does not know the conversation (a 4xx whose message names the
 * conversation as missing). GPTBots refused the message, so it took nothing.
 */
export function isUnknownConversation(error: unknown): boolean {
	if (!(error instanceof NodeApiError)) return false;
	const status = Number(error.httpCode ?? 0);
	if (status !== 0 && (status < 400 || status >= 500 || status === 401 || status === 403))
		return false;
	return (
		/conversation/i.test(error.message) &&
		/not exist|does not exist|doesn't exist|not found|unknown|invalid|no such/i.test(error.message)
	);
}

/** The error for a Conversation ID GPTBots does not know. */
export function unknownConversationError(
	ctx: IExecuteFunctions,
	conversationId: string,
	cause: NodeApiError,
	itemIndex: number,
): ItemError {
	return new ItemError(
		ctx,
		`Conversation ID: GPTBots does not know the conversation "${conversationId}"`,
		itemIndex,
		{ errorKind: 'unknownConversation', field: 'Conversation ID', conversationId },
		`GPTBots answered: ${cause.message}. Nothing was sent. Check the ID, and that the credential's key belongs to the agent the conversation was created with.`,
	);
}
