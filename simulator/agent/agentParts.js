// @ts-check
'use strict';

/**
 * The messages of a send-message request: checked as GPTBots documents them, and summarised for
 * the records (file contents replaced by size and hash, so tests can assert what arrived).
 *
 * A message is `{role: "user"|"assistant", content}`, where content is a string or a list of
 * parts: `{type:"text", text}`, `{type:"image", image}`, `{type:"audio", audio}`,
 * `{type:"document", document}`. A file part holds one file object or a list of them (the
 * copies of GPTBots' page differ); a file is `{url | base64_content, format, name?}`.
 */

const { FILE_FORMATS, fileProblem, fileSummary } = require('../files');

/** Which formats each file part accepts. */
const PART_FORMATS = {
	image: new Set(FILE_FORMATS.Image),
	audio: new Set(FILE_FORMATS.Audio),
	document: new Set([
		...FILE_FORMATS.Doc,
		...FILE_FORMATS.Excel,
		...FILE_FORMATS.Ppt,
		...FILE_FORMATS.Code,
	]),
};
const FILE_TYPES = Object.keys(PART_FORMATS);

/**
 * @typedef {{ format: string, name?: string, source: 'url' | 'base64', url?: string, bytes?: number, sha256?: string }} FileRecord
 * @typedef {{ type: string, text?: string, files?: FileRecord[], asList?: boolean }} PartRecord
 * @typedef {{ role: string, text: string, parts: PartRecord[] }} MessageRecord
 */

/** @param {unknown} value @returns {value is Record<string, any>} */
const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * @param {Record<string, any>} file
 * @returns {FileRecord}
 */
function fileRecord(file) {
	const { url, base64_content: content, ...rest } = fileSummary(file);
	void content;
	return typeof file.base64_content === 'string'
		? /** @type {FileRecord} */ ({ ...rest, source: 'base64' })
		: /** @type {FileRecord} */ ({ ...rest, url, source: 'url' });
}

/**
 * Checks one part; returns its record or a problem.
 * @param {unknown} part
 * @param {string} where
 * @param {number} maxFileBytes
 * @returns {{ part: PartRecord } | { problem: string }}
 */
function checkPart(part, where, maxFileBytes) {
	if (!isObject(part)) return { problem: `${where} must be an object` };
	if (part.type === 'text') {
		return typeof part.text === 'string'
			? { part: { type: 'text', text: part.text } }
			: { problem: `${where}.text must be a string` };
	}
	if (!FILE_TYPES.includes(part.type))
		return { problem: `${where}.type must be one of text, ${FILE_TYPES.join(', ')}` };
	const value = part[part.type];
	const asList = Array.isArray(value);
	const files = asList ? value : [value];
	if (files.length === 0) return { problem: `${where}.${part.type} holds no file` };
	/** @type {FileRecord[]} */
	const records = [];
	for (let i = 0; i < files.length; i++) {
		const file = files[i];
		const at = asList ? `${where}.${part.type}[${i}]` : `${where}.${part.type}`;
		if (!isObject(file) || typeof file.format !== 'string')
			return { problem: `${at} must be a file object with a format` };
		if (!('url' in file) && !('base64_content' in file))
			return { problem: `${at} needs url or base64_content` };
		const problem = fileProblem(file, at, maxFileBytes);
		if (problem) return { problem };
		if (!PART_FORMATS[/** @type {'image'} */ (part.type)].has(file.format))
			return { problem: `${at}: format "${file.format}" is not an ${part.type} format` };
		records.push(fileRecord(file));
	}
	return { part: { type: part.type, files: records, asList } };
}

/**
 * Checks the `messages` of a request. Returns the records (one per message, in order) or the
 * problem, which names the field.
 * @param {unknown} messages
 * @param {number} maxFileBytes
 * @returns {{ messages: MessageRecord[] } | { problem: string }}
 */
function checkMessages(messages, maxFileBytes) {
	if (!Array.isArray(messages) || messages.length === 0)
		return { problem: 'messages must be a non-empty array' };
	/** @type {MessageRecord[]} */
	const records = [];
	for (let m = 0; m < messages.length; m++) {
		const message = messages[m];
		const where = `messages[${m}]`;
		if (!isObject(message)) return { problem: `${where} must be an object` };
		if (message.role !== 'user' && message.role !== 'assistant')
			return { problem: `${where}.role must be user or assistant` };
		if (typeof message.content === 'string') {
			records.push({
				role: message.role,
				text: message.content,
				parts: [{ type: 'text', text: message.content }],
			});
			continue;
		}
		if (!Array.isArray(message.content) || message.content.length === 0)
			return { problem: `${where}.content must be a string or a non-empty list of parts` };
		/** @type {PartRecord[]} */
		const parts = [];
		for (let p = 0; p < message.content.length; p++) {
			const checked = checkPart(message.content[p], `${where}.content[${p}]`, maxFileBytes);
			if ('problem' in checked) return checked;
			parts.push(checked.part);
		}
		records.push({ role: message.role, text: textOf(parts), parts });
	}
	const last = records[records.length - 1];
	if (last.role !== 'user') return { problem: 'the last message must have role user' };
	if (last.text.trim() === '' && !last.parts.some((part) => part.files))
		return { problem: `messages[${records.length - 1}] has no text and no files` };
	return { messages: records };
}

/** @param {PartRecord[]} parts */
function textOf(parts) {
	return parts
		.filter((part) => part.type === 'text')
		.map((part) => part.text)
		.join('\n');
}

/**
 * A send-message body as the request records keep it: file contents replaced by their size and
 * hash. Bodies of other shapes are returned as they are.
 * @param {unknown} body
 */
function summariseMessageFiles(body) {
	if (!isObject(body) || !Array.isArray(body.messages)) return body;
	const messages = body.messages.map((message) => {
		if (!isObject(message) || !Array.isArray(message.content)) return message;
		const content = message.content.map((part) => {
			if (!isObject(part) || !FILE_TYPES.includes(part.type)) return part;
			const value = part[part.type];
			const summary = (/** @type {unknown} */ file) =>
				isObject(file) && typeof file.base64_content === 'string' ? fileSummary(file) : file;
			return { ...part, [part.type]: Array.isArray(value) ? value.map(summary) : summary(value) };
		});
		return { ...message, content };
	});
	return { ...body, messages };
}

module.exports = { checkMessages, summariseMessageFiles };
