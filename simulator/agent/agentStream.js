// @ts-check
'use strict';

/**
 * A streamed answer (`response_mode: "streaming"`) in the form the variants choose
 * (agentOptions.js): each piece after `pieceMs`, the time each was sent recorded, then the end
 * event (or none: the stream just closes). With `breakMidway` the connection is destroyed after
 * half the pieces: a stream that breaks in the middle. GPTBots' reference shows no event
 * format; `npm run probe` records the real one.
 */

/**
 * @typedef {import('./agentOptions').AgentVariants} AgentVariants
 * @typedef {import('./agentState').StreamRecord} StreamRecord
 * @typedef {import('node:http').ServerResponse} ServerResponse
 */

const LINE = { sse: 'data: ', compact: 'data:', crlf: 'data: ', ndjson: '' };
const END = { sse: '\n\n', compact: '\n\n', crlf: '\r\n\r\n', ndjson: '\n' };

/**
 * The text of one event as the framing writes it.
 * @param {string} data JSON text (or `[DONE]`)
 * @param {AgentVariants} variants
 */
function frame(data, variants) {
	const framing = /** @type {keyof typeof LINE} */ (variants.framing);
	return `${LINE[framing]}${data}${END[framing]}`;
}

/**
 * One piece's event.
 * @param {string} piece
 * @param {AgentVariants} variants
 * @param {{ conversationId: string, messageId: string }} ids
 */
function pieceEvent(piece, variants, ids) {
	if (variants.stream === 'code') return { code: 3, message: 'Text', data: piece };
	return {
		conversation_id: ids.conversationId,
		message_id: ids.messageId,
		[variants.stream]: piece,
	};
}

/**
 * The end event's text, or null when the stream just closes.
 * @param {AgentVariants} variants
 * @param {{ conversationId: string, messageId: string }} ids
 */
function endEvent(variants, ids) {
	if (variants.streamEnd === 'close') return null;
	if (variants.streamEnd === 'done') return '[DONE]';
	return JSON.stringify(
		variants.stream === 'code'
			? { code: 0, message: 'End' }
			: { event: 'end', conversation_id: ids.conversationId, message_id: ids.messageId },
	);
}

/**
 * The answer split into pieces whose concatenation is exactly the answer: `count` pieces of
 * near-equal length, or (count null) one piece per word with its trailing white space.
 * @param {string} text
 * @param {number | null} count
 */
function splitPieces(text, count) {
	const chars = Array.from(text);
	if (count === null) return text.split(/(?<=\s)(?=\S)/u).filter(Boolean);
	const n = Math.max(1, Math.min(count, chars.length));
	const pieces = [];
	for (let i = 0; i < n; i++)
		pieces.push(
			chars
				.slice(Math.floor((i * chars.length) / n), Math.floor(((i + 1) * chars.length) / n))
				.join(''),
		);
	return pieces;
}

/**
 * The response's headers for this framing.
 * @param {AgentVariants} variants
 */
function streamHeaders(variants) {
	return {
		'Content-Type':
			variants.framing === 'ndjson' ? 'application/x-ndjson' : 'text/event-stream; charset=utf-8',
		'Cache-Control': 'no-cache',
		'X-Accel-Buffering': 'no',
	};
}

/**
 * Writes the stream. Resolves when it has ended, broken, or the client went away.
 * @param {ServerResponse} res headers already written
 * @param {{ background: any, pieces: string[], pieceMs: number, variants: AgentVariants, ids: { conversationId: string, messageId: string }, record: StreamRecord, breakMidway: boolean }} plan
 */
async function writeStream(
	res,
	{ background, pieces, pieceMs, variants, ids, record, breakMidway },
) {
	const gone = () => res.destroyed || res.writableEnded;
	/** @param {string} text */
	const write = async (text) => {
		if (!variants.splitWrites) return void res.write(text);
		const bytes = Buffer.from(text, 'utf8');
		const half = Math.max(1, Math.floor(bytes.length / 2));
		res.write(bytes.subarray(0, half)); // may cut a UTF-8 character in two: readers must cope
		await background.sleep(10, 'runs');
		if (!gone()) res.write(bytes.subarray(half));
	};
	res.flushHeaders();
	const breakAt = breakMidway ? Math.max(1, Math.floor(pieces.length / 2)) : Infinity;
	for (let i = 0; i < pieces.length; i++) {
		await background.sleep(pieceMs, 'runs');
		if (gone()) {
			record.clientGone = true;
			return;
		}
		if (i === breakAt) {
			record.broken = true;
			res.destroy(); // the connection dies with no end event
			return;
		}
		await write(frame(JSON.stringify(pieceEvent(pieces[i], variants, ids)), variants));
		record.pieces.push({ text: pieces[i], sentAt: Date.now() });
	}
	if (breakMidway) {
		record.broken = true; // a single piece: the break comes before the end event
		res.destroy();
		return;
	}
	const end = endEvent(variants, ids);
	if (end !== null && !gone()) await write(frame(end, variants));
	record.endSentAt = Date.now();
	res.end();
}

module.exports = { splitPieces, streamHeaders, writeStream };
