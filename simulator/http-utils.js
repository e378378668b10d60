'use strict';

/** Small helpers shared by the API and the control API. Responses are plain
 * objects ({status, headers, body}) so a fault can replace or drop them before sending. */

const MAX_BODY_BYTES = 5 * 1024 * 1024;

function readBody(req, maxBytes = MAX_BODY_BYTES) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		let done = false;
		req.on('data', (chunk) => {
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

function parseJson(text) {
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch {
		return { ok: false };
	}
}

function isPlainObject(value) {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function jsonResponse(status, body, headers = {}) {
	return {
		status,
		headers: { 'Content-Type': 'application/json', ...headers },
		body: JSON.stringify(body),
	};
}

function textResponse(status, text, contentType = 'text/plain', headers = {}) {
	return {
		status,
		headers: { 'Content-Type': `${contentType}; charset=utf-8`, ...headers },
		body: text,
	};
}

/** API-style error: `{code, message}` with the HTTP status. */
function apiError(status, code, message, headers) {
	return jsonResponse(status, { code, message }, headers);
}

/** The answer to a validation failure `{status, code, message}` (validation.js, files.js). */
function apiErrorFrom({ status, code, message }) {
	return apiError(status, code, message);
}

/**
 * Sends a response. A response with `stream(res, how)` (a streamed agent answer) gets its headers
 * now and writes its own body; the promise it returns is returned.
 */
function send(res, response, how) {
	if (res.writableEnded || res.destroyed) return undefined;
	if (response.stream) {
		res.writeHead(response.status, response.headers);
		return response.stream(res, how);
	}
	res.writeHead(response.status, {
		...response.headers,
		'Content-Length': Buffer.byteLength(response.body),
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
