import type { IDataObject } from 'n8n-workflow';

import type { StreamEvent } from './answerStream';
import { AnswerStreamReader } from './answerStream';

// A streamed answer read to its end, piece by piece: what it came to, or why it broke off.

/** What a streamed answer came to: its text, how many pieces, and what else it said. */
export interface StreamedAnswer {
	text: string;
	pieces: number;
	conversationId?: string;
	messageId?: string;
	/** A whole answer, when the body was one (GPTBots answering as in blocking mode). */
	answer?: IDataObject;
	usage?: IDataObject;
}

/** The body broke off before its end: what had come by then is kept, for the error to carry. */
export class StreamBrokenError extends Error {
	constructor(
		readonly received: StreamedAnswer,
		readonly cause: unknown,
		/** Set when nothing had come for the time-out: the likely reason the request was ended. */
		silentMs?: number,
	) {
		const why =
			silentMs !== undefined
				? `GPTBots sent nothing for ${Math.round(silentMs / 100) / 10} s (the Timeout option)`
				: ((cause as Error)?.message ?? String(cause));
		super(
			`The answer's stream broke off after ${received.pieces} piece${received.pieces === 1 ? '' : 's'} (${received.text.length} characters received): ${why}`,
		);
	}
}

/** GPTBots' error inside a stream (`{code, message}` with a code other than 0 or 3). */
export class StreamErrorEvent extends Error {
	constructor(
		readonly code: string,
		readonly received: StreamedAnswer,
		message: string,
	) {
		super(`GPTBots sent error code ${code} in the answer's stream: ${message}`);
	}
}

/** How much earlier than the time-out a silence may end and still be taken for it. */
const SILENCE_SLACK_MS = 250;

/**
 * Reads a streamed body to its end (its end event or its close), calling `onPiece` with each
 * piece as it arrives. Throws StreamBrokenError when the body breaks off (nothing lost: the text
 * so far travels with it), StreamErrorEvent when GPTBots reports an error in the stream.
 */
export async function collectStream(
	body: AsyncIterable<Uint8Array | string>,
	onPiece: (text: string) => Promise<void> | void,
	idleTimeoutMs = Infinity,
): Promise<StreamedAnswer> {
	let lastDataAt = Date.now();
	const reader = new AnswerStreamReader();
	const received: StreamedAnswer = { text: '', pieces: 0 };
	let ended = false;
	const take = async (events: StreamEvent[]) => {
		for (const event of events) {
			if (ended) return;
			if (event.kind === 'piece') {
				received.text += event.text;
				received.pieces += 1;
				await onPiece(event.text);
			} else if (event.kind === 'answer') {
				received.answer = event.answer;
			} else if (event.kind === 'error') {
				throw new StreamErrorEvent(event.code, snapshot(), event.message);
			} else {
				ended = true;
			}
		}
	};
	const snapshot = (): StreamedAnswer => ({
		...received,
		...reader.ids,
		...(reader.extras.usage !== undefined && { usage: reader.extras.usage as IDataObject }),
	});
	// Read apart from what it throws: GPTBots' own error passes as it is, a break is wrapped.
	let failure: unknown;
	try {
		for await (const chunk of body) {
			lastDataAt = Date.now();
			await take(reader.push(chunk));
			if (ended) break;
		}
		if (!ended) await take(reader.finish());
	} catch (error) {
		failure = error;
	}
	if (failure === undefined) return snapshot();
	if (failure instanceof StreamErrorEvent) throw failure;
	// n8n's request helper ends a request whose socket stays silent for the time-out. The clock
	// here starts when the body is handed over, a little after the socket's own (by the event
	// loop's delay, which a busy machine stretches to a few hundred ms): allow for that.
	const silentMs = Date.now() - lastDataAt;
	const timedOut = silentMs >= idleTimeoutMs - Math.max(idleTimeoutMs * 0.05, SILENCE_SLACK_MS);
	throw new StreamBrokenError(
		snapshot(),
		failure,
		timedOut ? Math.max(silentMs, idleTimeoutMs) : undefined,
	);
}
