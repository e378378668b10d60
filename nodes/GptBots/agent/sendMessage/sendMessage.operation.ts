import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { InvalidParameterError, readForAllItems } from '../../shared/errors';
import { getItemParameter } from '../../shared/itemParameters';
import { executePerItem } from '../../shared/itemPool';
import type { AgentOptions } from '../../shared/agentOptions';
import { agentSetup, toAnswerOutput } from '../agentOutput';
import { ChatSessions } from './chatSessions';
import type { ConversationMode } from './conversationFor';
import {
	conversationFor,
	isUnknownConversation,
	newConversation,
	readUserId,
	unknownConversationError,
	userIdOfSession,
} from './conversationFor';
import type { ResponseMode } from './deliverMessage';
import { deliverMessage } from './deliverMessage';
import type { FileEntry } from './messageFiles';
import { readMessageFiles } from './messageFiles';
import { buildContent } from './messageParts';
import { CONVERSATION_MODES, RESPONSE_MODES } from './sendMessage.description';

export { description } from './sendMessage.description';

function oneOf<T extends string>(values: readonly T[], field: string, value: unknown): T {
	if (!(values as readonly unknown[]).includes(value))
		throw new InvalidParameterError(field, `unknown value "${String(value)}"`);
	return value as T;
}

/**
 * The item's message content: text and files, checked before anything is sent. Files are read
 * here, so build it just before its request.
 */
async function readContent(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: AgentOptions,
): Promise<string | IDataObject[]> {
	const raw = getItemParameter(ctx, 'text', itemIndex, '');
	if (raw !== undefined && raw !== null && typeof raw === 'object')
		throw new InvalidParameterError('Text', 'must be text, got an object');
	const text = String(raw ?? '');
	const entries = (getItemParameter(ctx, 'files.file', itemIndex, []) ?? []) as FileEntry[];
	if (text.trim() === '' && entries.length === 0) {
		throw new InvalidParameterError(
			'Text',
			'is empty and no files are given: a message needs text, files or both',
		);
	}
	return buildContent(text, await readMessageFiles(ctx, itemIndex, entries, options));
}

function messageBody(
	conversationId: string,
	mode: ResponseMode,
	content: string | IDataObject[],
	options: AgentOptions,
): IDataObject {
	return {
		conversation_id: conversationId,
		response_mode: mode,
		messages: [{ role: 'user', content }],
		...(Object.keys(options.conversationConfig).length > 0 && {
			conversation_config: options.conversationConfig,
		}),
	};
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const { options, client } = agentSetup(this);
	const [conversationMode, responseMode] = readForAllItems(this, () => [
		oneOf<ConversationMode>(
			CONVERSATION_MODES,
			'Conversation',
			this.getNodeParameter('conversation', 0),
		),
		oneOf<ResponseMode>(RESPONSE_MODES, 'Response Mode', this.getNodeParameter('responseMode', 0)),
	]);
	const sessions = conversationMode === 'chatSession' ? new ChatSessions(this) : undefined;
	const toChat = responseMode === 'streaming' && this.isStreaming?.() === true;

	return await executePerItem(this, options.concurrency, async (itemIndex) => {
		// Checked (and files read) before anything is sent: a bad item costs no request.
		let content = await readContent(this, itemIndex, options);
		const found = await conversationFor(
			this,
			client,
			conversationMode,
			itemIndex,
			options.timeoutMs,
			sessions,
		);
		const send = async (conversationId: string, fresh: string | IDataObject[]) =>
			await deliverMessage(
				this,
				client,
				messageBody(conversationId, responseMode, fresh, options),
				responseMode,
				options.timeoutMs,
				itemIndex,
				toChat,
			);
		let conversationId = found.conversationId;
		let refused: unknown;
		try {
			return toAnswerOutput(
				await send(conversationId, content),
				responseMode,
				options,
				found.sessionId,
			);
		} catch (error) {
			refused = error;
		}
		if (!isUnknownConversation(refused)) throw refused;
		if (conversationMode === 'id')
			throw unknownConversationError(this, conversationId, refused as NodeApiError, itemIndex);
		if (!found.sessionId || found.created) throw refused;
		// The session's saved conversation is gone in GPTBots (which refused the message, so took
		// nothing): start a new one for the session and send the message there.
		sessions!.forget(found.sessionId, conversationId);
		const userId = readUserId(this, itemIndex, userIdOfSession(found.sessionId));
		conversationId = await sessions!.conversationOf(
			found.sessionId,
			async () => await newConversation(this, client, userId, options.timeoutMs, itemIndex),
		);
		content = await readContent(this, itemIndex, options); // files are written once per body
		const answer = await send(conversationId, content);
		return toAnswerOutput(answer, responseMode, options, found.sessionId);
	});
}
