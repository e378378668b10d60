import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { ItemError } from '../../shared/errors';
import { answerField, sendMessage, streamMessage } from '../../shared/transport/agentEndpoints';
import type { GptBotsClient } from '../../shared/transport/client';
import type { StreamedAnswer } from './streamedAnswer';
import { StreamBrokenError, StreamErrorEvent, collectStream } from './streamedAnswer';
import type { RESPONSE_MODES } from './sendMessage.description';

export type ResponseMode = (typeof RESPONSE_MODES)[number];

/** An answer (or, in webhook mode, the acknowledgement) as the node reads it. */
export interface AgentAnswer {
	conversationId: string;
	messageId: string;
	text: string;
	/** The answer's body as GPTBots sent it; null for a streamed answer that was no one body. */
	answer: IDataObject | null;
	usage: IDataObject | null;
	/** Streamed pieces, in streaming mode. */
	pieces?: number;
}

/** The text of an answer: its output entries' `content.text`, joined in order. */
export function answerText(answer: IDataObject): string {
	const output = answerField(answer, 'output');
	if (!Array.isArray(output)) return '';
	return output
		.map((entry) => {
			const content = (entry as IDataObject | null)?.content as IDataObject | undefined;
			return typeof content?.text === 'string' ? content.text : '';
		})
		.join('');
}

function fromBody(body: IDataObject, conversationId: string): AgentAnswer {
	const id = answerField(body, 'conversation_id');
	const messageId = answerField(body, 'message_id');
	const usage = answerField(body, 'usage');
	return {
		conversationId: typeof id === 'string' && id ? id : conversationId,
		messageId: typeof messageId === 'string' ? messageId : '',
		text: answerText(body),
		answer: body,
		usage: usage !== null && typeof usage === 'object' ? (usage as IDataObject) : null,
	};
}

/** What the streamed body came to, as an answer. */
function fromStream(received: StreamedAnswer, conversationId: string): AgentAnswer {
	if (received.pieces === 0 && received.answer) {
		return { ...fromBody(received.answer, conversationId), pieces: 0 };
	}
	return {
		conversationId: received.conversationId ?? conversationId,
		messageId: received.messageId ?? '',
		text: received.text,
		answer: received.answer ?? null,
		usage: received.usage ?? null,
		pieces: received.pieces,
	};
}

/**
 * Sends one item's message in the response mode and reads what comes back. In streaming mode,
 * each piece goes to n8n's chat at once when `toChat` (the execution streams); either way the
 * pieces are collected. A stream that breaks off fails the item with the text received so far
 * (nothing is sent again: GPTBots has the message).
 */
export async function deliverMessage(
	ctx: IExecuteFunctions,
	client: GptBotsClient,
	body: IDataObject,
	mode: ResponseMode,
	timeoutMs: number,
	itemIndex: number,
	toChat: boolean,
): Promise<AgentAnswer> {
	const conversationId = String(body.conversation_id);
	if (mode !== 'streaming') {
		return fromBody(await sendMessage(client, body, timeoutMs, itemIndex), conversationId);
	}
	let begun = false;
	const onPiece = async (text: string) => {
		if (!toChat || text === '') return;
		if (!begun) {
			begun = true;
			await ctx.sendChunk('begin', itemIndex);
		}
		await ctx.sendChunk('item', itemIndex, text);
	};
	try {
		const received = await streamMessage(
			client,
			body,
			timeoutMs,
			itemIndex,
			async (chunks) => await collectStream(chunks, onPiece, timeoutMs),
		);
		const answer = fromStream(received, conversationId);
		// GPTBots answered with one whole body instead of pieces: the chat still gets the answer.
		if (answer.pieces === 0) await onPiece(answer.text);
		return answer;
	} catch (error) {
		throw streamFailure(ctx, error, conversationId, itemIndex);
	} finally {
		if (begun) await ctx.sendChunk('end', itemIndex);
	}
}

/**
 * A stream that broke off, or carried GPTBots' error, as the item's error: with the text received
 * so far (nothing is sent again: GPTBots has the message). Any other error as it is.
 */
function streamFailure(
	ctx: IExecuteFunctions,
	error: unknown,
	conversationId: string,
	itemIndex: number,
): unknown {
	if (!(error instanceof StreamBrokenError || error instanceof StreamErrorEvent)) return error;
	const got = error.received;
	return new ItemError(
		ctx,
		error.message,
		itemIndex,
		{
			errorKind: error instanceof StreamBrokenError ? 'streamBroken' : 'streamError',
			conversationId: got.conversationId ?? conversationId,
			...(got.messageId && { messageId: got.messageId }),
			text: got.text,
			pieces: got.pieces,
		},
		'GPTBots had taken the message, so it was not sent again. The text received before the break is in this error item (field text) and, when streaming, already in the chat.',
	);
}
