import type { IDataObject } from 'n8n-workflow';

import { isPlainObject, parseJsonText } from './values';

/*
 * A GPTBots agent's message as GPTBots sends it (a blocking answer, or a webhook delivery), read
 * tolerantly: the v2 form `{conversation_id, message_id, create_time, output: [{from_component_
 * branch, from_component_name, content: {text, audio: [{audio, transcript}]}}], usage}`, the older
 * v1 form `{message_id, message_type, text, flow_output: [{content, branch, from_component_name}],
 * conversation_id, create_time}`, camelCase spellings, and numbers for ids. Pure.
 */

/** Who wrote the message, as far as the delivery tells. */
export type MessageSender = 'agent' | 'humanAgent' | 'unknown';

export interface AgentMessage {
	conversationId: string;
	messageId: string;
	/** the `content.text` of the output entries, joined in order (v1: `text`) */
	text: string;
	from: MessageSender;
	/** seconds since 1970, as GPTBots sends it; null when missing */
	createTime: number | null;
	/** audio the answer carries: `{url, transcript}` */
	audio: IDataObject[];
	usage: IDataObject | null;
}

/** Field names that may mark a sender, and the values that mean a person took over. */
const SENDER_FIELDS = ['from', 'sender', 'role', 'source', 'message_from', 'messageFrom'];
const HUMAN = /human|manual|staff|operator/i;
const HUMAN_FLAGS = ['is_human', 'isHuman', 'human'];

/** The value of the first of `names` that is a non-empty string or a finite number, as text. */
export function firstId(object: IDataObject, names: readonly string[]): string {
	for (const name of names) {
		const value = object[name];
		if (typeof value === 'string' && value.trim() !== '') return value.trim();
		if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	}
	return '';
}

export const messageIdOf = (object: IDataObject) => firstId(object, ['message_id', 'messageId']);

const objects = (value: unknown): IDataObject[] =>
	Array.isArray(value) ? value.filter(isPlainObject) : [];

/** An output entry's content: `{text, audio}` as documented, or plain text (JSON text parsed). */
function contentOf(entry: IDataObject): { text: string; audio: IDataObject[] } {
	const content = parseJsonText(entry.content, { scalars: false });
	if (typeof content === 'string') return { text: content, audio: [] };
	const object = isPlainObject(content) ? content : entry;
	const text = typeof object.text === 'string' ? object.text : '';
	const audio = objects(object.audio).map((clip) => ({
		url: typeof clip.audio === 'string' ? clip.audio : (clip.url ?? null),
		transcript: typeof clip.transcript === 'string' ? clip.transcript : null,
	}));
	return { text, audio };
}

function senderOf(object: IDataObject, entries: IDataObject[]): MessageSender {
	const names = entries.map((entry) =>
		String(entry.from_component_name ?? entry.fromComponentName ?? ''),
	);
	const marks = SENDER_FIELDS.map((field) => object[field]).filter(
		(value): value is string => typeof value === 'string',
	);
	if (
		[...names, ...marks].some((name) => HUMAN.test(name)) ||
		HUMAN_FLAGS.some((flag) => object[flag] === true)
	)
		return 'humanAgent';
	const namesComponent = entries.some(
		(entry, i) => names[i] !== '' || String(entry.from_component_branch ?? '') !== '',
	);
	return namesComponent || marks.some((mark) => /^(agent|assistant|bot|ai)$/i.test(mark.trim()))
		? 'agent'
		: 'unknown';
}

function timeOf(value: unknown): number | null {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof number === 'number' && Number.isFinite(number) ? number : null;
}

/** Reads an agent's message from the object that carries it (see the forms above). */
export function readAgentMessage(object: IDataObject): AgentMessage {
	const output = objects(object.output);
	const v1Output = objects(object.flow_output ?? object.flowOutput);
	const contents = output.map(contentOf);
	let text = contents.map((content) => content.text).join('');
	if (output.length === 0) {
		text =
			typeof object.text === 'string'
				? object.text
				: v1Output.map((entry) => contentOf(entry).text).join('');
	}
	return {
		conversationId: firstId(object, ['conversation_id', 'conversationId']),
		messageId: messageIdOf(object),
		text,
		from: senderOf(object, output.length ? output : v1Output),
		createTime: timeOf(object.create_time ?? object.createTime),
		audio: contents.flatMap((content) => content.audio),
		usage: isPlainObject(object.usage) ? object.usage : null,
	};
}
