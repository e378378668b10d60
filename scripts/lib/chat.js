// @ts-check
'use strict';
// A chat client of n8n's Chat Trigger, as n8n's chat widget talks to it: POST
// /webhook/<webhookId>/chat `{action: "sendMessage", sessionId, chatInput}`. With a streaming
// response the answer comes as JSON objects, one after another (`{"type":"begin"|"item"|"end",
// "content"?, "metadata"}`), each timed on arrival; otherwise as one JSON body (`{output}`).

const http = require('http');

/**
 * One chunk of n8n's streamed answer, with the time it arrived (ms since 1970, this process's clock).
 * @typedef {{ type: string, content?: string, metadata?: Record<string, unknown>, at: number }} ChatChunk
 */

/**
 * What a chat message got: the HTTP status, the chunks (streaming), the answer's text (the items'
 * content joined, or the body's `output`), the raw body, and when the request was sent.
 * @typedef {{ status: number, contentType: string, chunks: ChatChunk[], text: string, body: string, sentAt: number, endedAt: number }} ChatReply
 */

/** The chat URL of a Chat Trigger with this webhook id. */
const chatUrl = (/** @type {{ url: string }} */ server, /** @type {string} */ webhookId) =>
	`${server.url}/webhook/${webhookId}/chat`;

/**
 * Splits what arrived into whole JSON objects (n8n writes them back to back, usually one a
 * line); returns the objects and the unfinished rest.
 * @param {string} buffered
 * @returns {{ objects: any[], rest: string }}
 */
function takeObjects(buffered) {
	const objects = [];
	let depth = 0;
	let inString = false;
	let escaped = false;
	let start = -1;
	let consumed = 0;
	for (let i = 0; i < buffered.length; i++) {
		const c = buffered[i];
		if (inString) {
			if (escaped) escaped = false;
			else if (c === '\\') escaped = true;
			else if (c === '"') inString = false;
			continue;
		}
		if (c === '"') inString = true;
		else if (c === '{') {
			if (depth === 0) start = i;
			depth++;
		} else if (c === '}' && depth > 0) {
			depth--;
			if (depth === 0) {
				try {
					objects.push(JSON.parse(buffered.slice(start, i + 1)));
				} catch {
					// not JSON after all: skipped
				}
				consumed = i + 1;
			}
		}
	}
	return { objects, rest: buffered.slice(consumed) };
}

/**
 * Sends one chat message and reads the answer as it arrives.
 * @param {string} url the Chat Trigger's chat URL (chatUrl)
 * @param {{ sessionId: string, chatInput: string, timeoutMs?: number }} message
 * @returns {Promise<ChatReply>}
 */
function sendChatMessage(url, { sessionId, chatInput, timeoutMs = 60000 }) {
	return new Promise((resolve, reject) => {
		const payload = JSON.stringify({ action: 'sendMessage', sessionId, chatInput });
		const sentAt = Date.now();
		const req = http.request(
			url,
			{
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					'content-length': Buffer.byteLength(payload),
				},
				timeout: timeoutMs,
			},
			(res) => {
				/** @type {ChatChunk[]} */
				const chunks = [];
				let body = '';
				let pending = '';
				res.setEncoding('utf8');
				res.on('data', (/** @type {string} */ data) => {
					const at = Date.now();
					body += data;
					const { objects, rest } = takeObjects(pending + data);
					pending = rest;
					for (const object of objects)
						if (object && typeof object.type === 'string') chunks.push({ ...object, at });
				});
				res.on('end', () => {
					const items = chunks.filter((chunk) => chunk.type === 'item');
					let text = items.map((chunk) => String(chunk.content ?? '')).join('');
					if (items.length === 0) {
						try {
							text = String(JSON.parse(body).output ?? '');
						} catch {
							text = '';
						}
					}
					resolve({
						status: /** @type {number} */ (res.statusCode),
						contentType: String(res.headers['content-type'] ?? ''),
						chunks,
						text,
						body,
						sentAt,
						endedAt: Date.now(),
					});
				});
				res.on('error', reject);
			},
		);
		req.on('timeout', () =>
			req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })),
		);
		req.on('error', reject);
		req.end(payload);
	});
}

module.exports = { chatUrl, sendChatMessage, takeObjects };
