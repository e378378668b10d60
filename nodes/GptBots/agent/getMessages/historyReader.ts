import type { IDataObject } from 'n8n-workflow';

// A page of a conversation's history (GET /v2/messages), in either shape GPTBots has answered:
// v2 `{total, conversation_content: [{message_id, parent_message_id, create_time, role,
// content: [{branch_content: [parts]}]}]}` or v1 `{total, messages: [{message_id,
// parent_message_id, message_type: QUESTION|ANSWER, text, create_time}]}`, plain or under `data`.

/** One message of the history, the same whichever shape it came in. */
export interface HistoryMessage {
	messageId: string;
	parentMessageId: string;
	role: string;
	text: string;
	files: IDataObject[];
	createTime: unknown;
	/** The entry as GPTBots sent it. */
	message: IDataObject;
}

export interface HistoryPage {
	messages: HistoryMessage[];
	/** The conversation's message count, when the answer says it. */
	total?: number;
	shape: 'v2' | 'v1' | 'none';
}

const FILE_PARTS = ['image', 'audio', 'document', 'file', 'video'];

const isObject = (value: unknown): value is IDataObject =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** A v2 entry's parts, from every branch (a list of parts, or a part, or a list of those). */
function partsOf(entry: IDataObject): IDataObject[] {
	const content = entry.content;
	if (typeof content === 'string') return [{ type: 'text', text: content }];
	const blocks = Array.isArray(content) ? content : [content];
	return blocks.flatMap((block): IDataObject[] => {
		if (!isObject(block)) return [];
		if (Array.isArray(block.branch_content)) return block.branch_content.filter(isObject);
		return block.type ? [block] : [];
	});
}

function fromV2(entry: IDataObject): HistoryMessage {
	const parts = partsOf(entry);
	const files = parts.flatMap((part) => {
		const type = text(part.type);
		if (!FILE_PARTS.includes(type)) return [];
		const value = part[type];
		const list = Array.isArray(value) ? value : [value];
		return list.filter(isObject).map((file) => ({ type, ...file }));
	});
	return {
		messageId: text(entry.message_id),
		parentMessageId: text(entry.parent_message_id),
		role: text(entry.role),
		text: parts
			.filter((part) => part.type === 'text')
			.map((part) => text(part.text))
			.join(''),
		files,
		createTime: entry.create_time,
		message: entry,
	};
}

function fromV1(entry: IDataObject): HistoryMessage {
	const type = text(entry.message_type).toUpperCase();
	return {
		messageId: text(entry.message_id),
		parentMessageId: text(entry.parent_message_id),
		role: type === 'QUESTION' ? 'user' : type === 'ANSWER' ? 'assistant' : text(entry.role),
		text: text(entry.text) || text(entry.content),
		files: [],
		createTime: entry.create_time,
		message: entry,
	};
}

/** Reads one page of history, whichever shape and wrapping it has. */
export function readHistoryPage(body: IDataObject): HistoryPage {
	const place = [body, body.data].find(
		(candidate): candidate is IDataObject =>
			isObject(candidate) &&
			(Array.isArray(candidate.conversation_content) || Array.isArray(candidate.messages)),
	);
	const totalOf = (value: unknown) => {
		const number = typeof value === 'string' ? Number(value) : value;
		return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
	};
	if (!place) return { messages: [], total: totalOf(body.total), shape: 'none' };
	const total = totalOf(place.total ?? body.total);
	if (Array.isArray(place.conversation_content)) {
		return {
			messages: place.conversation_content.filter(isObject).map(fromV2),
			total,
			shape: 'v2',
		};
	}
	return {
		messages: (place.messages as unknown[]).filter(isObject).map(fromV1),
		total,
		shape: 'v1',
	};
}
