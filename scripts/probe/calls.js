'use strict';

/**
 * What both sides of the probe (workflows: probe.js, agents: agent.js) use to talk to GPTBots and
 * to listen for its webhook deliveries. Node built-ins only.
 */

const http = require('node:http');
const { request } = require('../lib/request');
const { shapeOf, headersShape } = require('./shape');

/**
 * An answer, or no answer (`error`: the network error's code). `json` is the body parsed (any:
 * whatever GPTBots answered), undefined when it is not JSON.
 * @typedef {{ status: number, headers: Record<string, unknown>, json: any, text: string, ms: number,
 *   error?: undefined } | { error: string, ms: number, status?: undefined, headers?: undefined,
 *   json?: undefined, text?: undefined }} Answer
 * @typedef {{ body?: unknown, qs?: Record<string, unknown> }} CallOptions
 * What the report keeps of one call (`describeCall`): `error` when no answer came.
 * @typedef {{ call: string, request: string, ms: number, error?: string, httpStatus?: number,
 *   headers?: Record<string, string>, json?: boolean, bodyLength?: number,
 *   shape?: import('./shape').Shape | null }} CallRecord
 */

/**
 * One API call with `key`; resolves {status, headers, json, text, ms} or {error, ms}. The error is
 * kept as its code (ECONNRESET, ETIMEDOUT, …): the report holds no URL with the user's query values.
 * @param {string} baseUrl
 * @param {string} key
 * @param {string} method
 * @param {string} path
 * @param {CallOptions} [options]
 * @returns {Promise<Answer>}
 */
async function apiCall(baseUrl, key, method, path, { body, qs } = {}) {
	const url = new URL(`${baseUrl}${path}`);
	for (const [name, value] of Object.entries(qs || {})) url.searchParams.set(name, String(value));
	const started = Date.now();
	try {
		const { status, headers, json, text, ms } = await request(method, url.toString(), {
			headers: {
				Authorization: `Bearer ${key}`,
				Accept: 'application/json',
				'Content-Type': 'application/json',
			},
			body,
			timeoutMs: 180000,
		});
		return { status, headers, json, text, ms };
	} catch (error) {
		const failure = /** @type {NodeJS.ErrnoException} */ (error);
		return { error: failure.code || failure.message, ms: Date.now() - started };
	}
}

/**
 * What the report keeps of one answer: status, time, headers, the shape of its body.
 * @param {string} label
 * @param {string} method
 * @param {string} path
 * @param {Answer} answer
 * @returns {CallRecord}
 */
function describeCall(label, method, path, answer) {
	if (answer.error)
		return { call: label, request: `${method} ${path}`, error: answer.error, ms: answer.ms };
	return {
		call: label,
		request: `${method} ${path}`,
		httpStatus: answer.status,
		ms: answer.ms,
		headers: headersShape(answer.headers),
		json: answer.json !== undefined,
		...(answer.json === undefined && { bodyLength: (answer.text ?? '').length }),
		shape: answer.json === undefined ? null : shapeOf(answer.json),
	};
}

/**
 * A local listener for webhook deliveries: `describe({req, url, text, json})` makes the record of
 * each (what the report may keep of it); every delivery is answered 200 `{"received":true}`.
 * @template {object} T
 * @param {number} port
 * @param {(delivery: { req: import('node:http').IncomingMessage, url: URL, text: string, json: any }) => T} describe
 * @returns {Promise<{ deliveries: (T & { at: string })[], close: () => Promise<void> }>}
 */
function startListener(port, describe) {
	/** @type {(T & { at: string })[]} */
	const deliveries = [];
	const server = http.createServer((req, res) => {
		let text = '';
		req.setEncoding('utf8');
		req.on('data', (chunk) => (text += chunk));
		req.on('end', () => {
			/** @type {any} */
			let json;
			try {
				json = JSON.parse(text);
			} catch {
				json = undefined;
			}
			const url = new URL(req.url ?? '/', 'http://probe.local');
			deliveries.push({ at: new Date().toISOString(), ...describe({ req, url, text, json }) });
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end('{"received":true}');
		});
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, () =>
			resolve({
				deliveries,
				close: () =>
					/** @type {Promise<void>} */ (
						new Promise((done) => {
							server.closeAllConnections?.();
							server.close(() => done());
						})
					),
			}),
		);
	});
}

/**
 * A function that makes one call, adds what `describe` keeps of it to `calls` and says one line
 * (the label padded to `width`); resolves the answer.
 * @template {object} R
 * @param {{ calls: R[], say: (text: string) => void,
 *   call: (method: string, path: string, options?: CallOptions) => Promise<Answer>,
 *   describe: (label: string, method: string, path: string, answer: Answer) => R,
 *   width: number }} parts
 */
function recorder({ calls, say, call, describe, width }) {
	/**
	 * @param {string} label
	 * @param {string} method
	 * @param {string} path
	 * @param {CallOptions} [options]
	 */
	return async (label, method, path, options) => {
		const answer = await call(method, path, options);
		calls.push(describe(label, method, path, answer));
		say(
			`${label.padEnd(width)} ${answer.error ? `no answer (${answer.error})` : `HTTP ${answer.status}`}  ${answer.ms} ms`,
		);
		return answer;
	};
}

module.exports = { apiCall, describeCall, recorder, startListener };
