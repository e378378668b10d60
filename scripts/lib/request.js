// @ts-check
'use strict';
// One HTTP(S) request, its answer read whole.

const http = require('http');
const https = require('https');

/**
 * An HTTP answer as request() resolves it; `json` is the body parsed (undefined if not JSON): what
 * a server sent, so its shape is the caller's to check.
 * @typedef {{ status: number, headers: import('http').IncomingHttpHeaders, text: string, json: any, ms: number }} HttpResponse
 */

/**
 * A small HTTP(S) request: resolves { status, headers, text, json, ms } (json undefined if not
 * JSON). `body` objects are sent as JSON; `agent` is an http.Agent to use instead of the default.
 * A time-out rejects with code ETIMEDOUT, like a socket error, so callers can name it by its code.
 * @param {string} method
 * @param {string} url
 * @param {{ headers?: Record<string, string | number>, body?: unknown, timeoutMs?: number, agent?: import('http').Agent }} [options]
 * @returns {Promise<HttpResponse>}
 */
function request(method, url, { headers = {}, body, timeoutMs = 15000, agent } = {}) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const payload =
			body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
		const client = new URL(url).protocol === 'https:' ? https : http;
		const req = client.request(
			url,
			{
				method,
				...(agent && { agent }),
				headers: {
					...(payload !== undefined && {
						'content-type': 'application/json',
						'content-length': Buffer.byteLength(payload),
					}),
					...headers,
				},
				timeout: timeoutMs,
			},
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (d) => (text += d));
				res.on('end', () => {
					let json;
					try {
						json = JSON.parse(text);
					} catch {
						json = undefined;
					}
					resolve({
						// a client's response always has a status code
						status: /** @type {number} */ (res.statusCode),
						headers: res.headers,
						text,
						json,
						ms: Date.now() - started,
					});
				});
			},
		);
		req.on('timeout', () =>
			req.destroy(
				Object.assign(new Error(`${method} ${url}: no answer within ${timeoutMs} ms`), {
					code: 'ETIMEDOUT',
				}),
			),
		);
		req.on('error', reject);
		if (payload !== undefined) req.write(payload);
		req.end();
	});
}

module.exports = { request };
