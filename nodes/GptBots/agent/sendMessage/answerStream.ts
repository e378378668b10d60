import type { IDataObject } from 'n8n-workflow';

/*
 * Reads a streamed answer of POST /v2/conversation/message, whatever its form. GPTBots' reference
 * shows no event format, so every plausible one is read: SSE `data:` lines (with or without a
 * space, \n or \r\n) or bare JSON lines; a piece as `{code: 3, data}` or under `text`, `content`
 * or `delta` (also nested one level, and OpenAI-like `choices[0].delta.content`); the end as
 * `{code: 0}`, an `event` named end/done/finish, `[DONE]` or just the stream's close. A body that
 * is one whole answer (as in blocking mode) is taken as that answer; `{code, message}` with any
 * other code is GPTBots' error. Bytes are decoded as UTF-8 across chunk borders, so a character
 * cut in two by the network is never lost or garbled.
 */

export type StreamEvent =
	| { kind: 'piece'; text: string }
	| { kind: 'end' }
	| { kind: 'answer'; answer: IDataObject }
	| { kind: 'error'; code: string; message: string };

const PIECE_KEYS = ['text', 'content', 'delta'] as const;
const END_EVENTS = new Set(['end', 'done', 'finish', 'finished', 'message_end', 'complete']);
const SSE_FIELDS = /^(event|id|retry)\s*:/;

const isObject = (value: unknown): value is IDataObject =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch {
		return { ok: false };
	}
}

/** The text of a piece held in `value` (a string, or an object with a piece key), if any. */
function pieceIn(value: unknown, depth = 0): string | undefined {
	if (typeof value === 'string') return value;
	if (!isObject(value) || depth > 1) return undefined;
	for (const key of PIECE_KEYS) {
		const found = pieceIn(value[key], depth + 1);
		if (found !== undefined) return found;
	}
	const choice = Array.isArray(value.choices) ? (value.choices[0] as unknown) : undefined;
	return isObject(choice) ? pieceIn(choice.delta, depth + 1) : undefined;
}

function codeOf(event: IDataObject): string | undefined {
	const code = event.code;
	return typeof code === 'number' || typeof code === 'string' ? String(code).trim() : undefined;
}

/** What one event's payload means (the text after `data:`, or one bare line). */
export function readPayload(payload: string): StreamEvent[] {
	const text = payload.trim();
	if (text === '') return [];
	if (text === '[DONE]') return [{ kind: 'end' }];
	const parsed = parseJson(text);
	// Not JSON: a piece of plain text, kept as it came (never dropped).
	if (!parsed.ok) return [{ kind: 'piece', text: payload }];
	const event = parsed.value;
	if (typeof event === 'string') return [{ kind: 'piece', text: event }];
	if (!isObject(event)) return [];
	const code = codeOf(event);
	if (code === '3') {
		const piece = pieceIn(event.data);
		return piece === undefined ? [] : [{ kind: 'piece', text: piece }];
	}
	if (code !== undefined && code !== '0' && code !== '200') {
		const message = [event.message, event.msg, event.error].find((m) => typeof m === 'string');
		return [{ kind: 'error', code, message: (message as string | undefined) ?? 'no message' }];
	}
	if (Array.isArray(event.output)) return [{ kind: 'answer', answer: event }];
	const piece = pieceIn(event) ?? (code === undefined ? pieceIn(event.data) : undefined);
	if (piece !== undefined) return [{ kind: 'piece', text: piece }];
	const name = typeof event.event === 'string' ? event.event.toLowerCase() : '';
	if (code === '0' || END_EVENTS.has(name)) return [{ kind: 'end' }];
	return [];
}

/** An incremental reader: push the body's chunks as they come, then finish. */
export class AnswerStreamReader {
	private readonly decoder = new TextDecoder('utf-8');

	private buffered = '';

	/** The `data:` lines of the SSE event being read (joined by \n at its blank line). */
	private dataLines: string[] = [];

	/** The answer's ids, from whichever event carried them. */
	readonly ids: { conversationId?: string; messageId?: string } = {};

	/** Anything besides text that events carried (e.g. usage), last value wins. */
	readonly extras: IDataObject = {};

	push(chunk: Uint8Array | string): StreamEvent[] {
		this.buffered +=
			typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
		const events: StreamEvent[] = [];
		let newline = this.buffered.indexOf('\n');
		while (newline !== -1) {
			const line = this.buffered.slice(0, newline).replace(/\r$/, '');
			this.buffered = this.buffered.slice(newline + 1);
			events.push(...this.readLine(line));
			newline = this.buffered.indexOf('\n');
		}
		return events;
	}

	/** The end of the body: what is left is read as a last line and a last event. */
	finish(): StreamEvent[] {
		this.buffered += this.decoder.decode();
		const rest = this.buffered.replace(/\r$/, '');
		this.buffered = '';
		return [...(rest ? this.readLine(rest) : []), ...this.dispatch()];
	}

	private readLine(line: string): StreamEvent[] {
		if (line.trim() === '') return this.dispatch();
		if (line.startsWith('data:')) {
			const value = line.slice(5);
			this.dataLines.push(value.startsWith(' ') ? value.slice(1) : value);
			return [];
		}
		if (line.startsWith(':') || SSE_FIELDS.test(line)) return [];
		// A bare line (JSON lines): an event of its own, after any pending SSE event.
		return [...this.dispatch(), ...this.note(readPayload(line), line)];
	}

	private dispatch(): StreamEvent[] {
		if (this.dataLines.length === 0) return [];
		const lines = this.dataLines;
		this.dataLines = [];
		const joined = lines.join('\n');
		// Several JSON events on the data lines of one SSE event: each read on its own.
		if (lines.length > 1 && !parseJson(joined).ok && lines.every((l) => parseJson(l).ok))
			return this.note(lines.flatMap(readPayload));
		return this.note(readPayload(joined), joined);
	}

	private note(events: StreamEvent[], raw?: string): StreamEvent[] {
		const source = raw ?? '';
		if (source.includes('_id') || source.includes('usage')) {
			const parsed = parseJson(source);
			if (parsed.ok && isObject(parsed.value)) this.noteIds(parsed.value);
		}
		for (const event of events) if (event.kind === 'answer') this.noteIds(event.answer);
		return events;
	}

	private noteIds(event: IDataObject): void {
		if (typeof event.conversation_id === 'string') this.ids.conversationId = event.conversation_id;
		if (typeof event.message_id === 'string') this.ids.messageId = event.message_id;
		if (isObject(event.usage)) this.extras.usage = event.usage;
	}
}
