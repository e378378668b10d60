'use strict';

/** Small helpers shared by the API and the control API. Responses are plain
 * objects ({status, headers, body}) so a fault can replace or drop them before sending. */

const MAX_BODY_BYTES = 5 * 1024 * 1024;

/**
 * A response before it is sent: a body, or `stream(res, how)` that writes it (an agent's
 * streamed answer; `how.breakMidway` breaks it, as the stream_break fault does).
 * @typedef {{ status: number, headers: Record<string, string | number>, body?: string,
 *   stream?: (res: import('node:http').ServerResponse, how?: StreamHow) => Promise<void> | void }} SimResponse
 * @typedef {{ breakMidway?: boolean }} StreamHow
 */

/**
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<string>}
 */
function readBody(req, maxBytes = MAX_BODY_BYTES) {
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		let done = false;
		req.on('data', (/** @type {Buffer} */ chunk) => {
			size += chunk.length;
			if (size > maxBytes) {
				done = true;
				reject(Object.assign(new Error('Request body too large'), { tooLarge: true }));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => {
			done = true;
			resolve(Buffer.concat(chunks).toString('utf8'));
		});
		req.on('error', (error) => {
			done = true;
			reject(error);
		});
		// A client that gives up mid-body must not leave the handler waiting forever.
		req.on('close', () => {
			if (!done) reject(new Error('Client closed the request'));
		});
	});
}

/**
 * @param {string} text
 * @returns {{ ok: true, value: any } | { ok: false, value?: undefined }} `value` is parsed JSON
 */
function parseJson(text) {
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch {
		return { ok: false };
	}
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, any>}
 */
function isPlainObject(value) {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string | number>} [headers]
 * @returns {SimResponse & { body: string }}
 */
function jsonResponse(status, body, headers = {}) {
	return {
		status,
		headers: { 'Content-Type': 'application/json', ...headers },
		body: JSON.stringify(body),
	};
}

/**
 * @param {number} status
 * @param {string} text
 * @param {Record<string, string | number>} [headers]
 * @returns {SimResponse & { body: string }}
 */
function textResponse(status, text, contentType = 'text/plain', headers = {}) {
	return {
		status,
		headers: { 'Content-Type': `${contentType}; charset=utf-8`, ...headers },
		body: text,
	};
}

/**
 * API-style error: `{code, message}` with the HTTP status.
 * @param {number} status
 * @param {number} code
 * @param {string} message
 * @param {Record<string, string | number>} [headers]
 */
function apiError(status, code, message, headers) {
	return jsonResponse(status, { code, message }, headers);
}

/**
 * The answer to a validation failure `{status, code, message}` (validation.js, files.js).
 * @param {{ status: number, code: number, message: string }} failure
 */
function apiErrorFrom({ status, code, message }) {
	return apiError(status, code, message);
}

/**
 * Sends a response. A response with `stream(res, how)` (a streamed agent answer) gets its headers
 * now and writes its own body; the promise it returns is returned.
 * @param {import('node:http').ServerResponse} res
 * @param {SimResponse} response
 * @param {StreamHow} [how]
 */
function send(res, response, how) {
	if (res.writableEnded || res.destroyed) return undefined;
	if (response.stream) {
		res.writeHead(response.status, response.headers);
		return response.stream(res, how);
	}
	res.writeHead(response.status, {
		...response.headers,
		'Content-Length': Buffer.byteLength(response.body ?? ''),
	});
	res.end(response.body);
	return undefined;
}

module.exports = {
	readBody,
	parseJson,
	isPlainObject,
	jsonResponse,
	textResponse,
	apiError,
	apiErrorFrom,
	send,
};
