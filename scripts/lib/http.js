// @ts-check
'use strict';
// Ports, HTTP requests, waiting, and the local servers a suite runs in-process (a receiver for
// webhook deliveries, the GPTBots simulator).

const http = require('http');
const https = require('https');
const net = require('net');
const path = require('path');

const { REPO, SIM_API_KEY } = require('./constants');
const { onCleanup } = require('./processes');

/**
 * A free TCP port on 127.0.0.1 (free when asked: another process may take it before us).
 * @returns {Promise<number>}
 */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = /** @type {import('net').AddressInfo} */ (server.address());
			server.close(() => resolve(port));
		});
	});
}

/**
 * True when nothing listens on `port` at `host`.
 * @param {number} port
 * @returns {Promise<boolean>}
 */
function portIsFree(port, host = '127.0.0.1') {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, host, () => server.close(() => resolve(true)));
	});
}

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

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

/**
 * POSTs to the GPTBots API of a simulator (e.g. `/v1/workflow/invoke`) with the simulator's key.
 * @param {string} simUrl
 * @param {string} apiPath
 * @param {unknown} body
 */
function simulatorPost(simUrl, apiPath, body) {
	return request('POST', `${simUrl}${apiPath}`, {
		headers: { authorization: `Bearer ${SIM_API_KEY}` },
		body,
	});
}

/**
 * Polls `probe` (async, returns truthy when done) every `intervalMs` until `timeoutMs`; a probe
 * error with `fatal` set ends it at once. Resolves the probe's first truthy value.
 * @template T
 * @param {string} label
 * @param {() => T | Promise<T>} probe
 * @param {{ timeoutMs?: number, intervalMs?: number }} [options]
 * @returns {Promise<Exclude<T, false | 0 | '' | null | undefined>>}
 */
async function waitFor(label, probe, { timeoutMs = 30000, intervalMs = 250 } = {}) {
	const deadline = Date.now() + timeoutMs;
	/** @type {Error | undefined} */
	let lastError;
	for (;;) {
		try {
			const value = await probe();
			if (value) return /** @type {Exclude<T, false | 0 | '' | null | undefined>} */ (value);
		} catch (error) {
			// a probe can say that waiting longer is pointless
			if (/** @type {Error & { fatal?: boolean }} */ (error).fatal) throw error;
			lastError = /** @type {Error} */ (error);
		}
		if (Date.now() >= deadline) {
			throw new Error(
				`timed out after ${timeoutMs / 1000} s waiting for ${label}${lastError ? ` (last error: ${lastError.message})` : ''}`,
			);
		}
		await sleep(intervalMs);
	}
}

/**
 * A request the receiver recorded; `body` is the JSON it carried (parsed; the text if not JSON).
 * @typedef {{ method?: string, url?: string, headers: import('http').IncomingHttpHeaders, body: any, at: number }} ReceivedRequest
 */

/**
 * A tiny HTTP receiver that records every request (method, url, headers, parsed body) and
 * answers 200 {"ok":true}. For webhook deliveries from the simulator.
 */
async function startReceiver() {
	/** @type {ReceivedRequest[]} */
	const received = [];
	const server = http.createServer((req, res) => {
		let text = '';
		req.setEncoding('utf8');
		req.on('data', (d) => (text += d));
		req.on('end', () => {
			let body;
			try {
				body = text ? JSON.parse(text) : undefined;
			} catch {
				body = text;
			}
			received.push({
				method: req.method,
				url: req.url,
				headers: req.headers,
				body,
				at: Date.now(),
			});
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{"ok":true}');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const url = `http://127.0.0.1:${/** @type {import('net').AddressInfo} */ (server.address()).port}`;
	/** @returns {Promise<void>} */
	const stop = () =>
		new Promise((resolve) => {
			server.closeAllConnections?.();
			server.close(() => resolve());
		});
	onCleanup('receiver', stop);
	return { url, received, stop };
}

/**
 * The GPTBots simulator, in-process, on 127.0.0.1 and a free port. `options` are the simulator's
 * (simulator/options.js), e.g. { latencyMs, asyncDurationMs }.
 * @param {Record<string, unknown>} [options]
 * @returns {Promise<{ sim: any, url: string }>} `sim` is the simulator's own object
 *   (simulator/server.js, untyped JS outside the driver)
 */
async function startSimulator(options = {}) {
	const { createSimulator } = require(path.join(REPO, 'simulator', 'server'));
	const sim = createSimulator({ latencyMs: 0, ...options });
	const { url } = await sim.start(0, '127.0.0.1');
	onCleanup('simulator', () => sim.stop());
	return { sim, url };
}

/**
 * Runs async tasks with at most `width` at a time; resolves when all have settled.
 * @param {Array<() => Promise<unknown>>} tasks
 * @param {number} width
 */
async function pool(tasks, width) {
	let next = 0;
	const workers = Array.from({ length: Math.min(width, tasks.length) }, async () => {
		while (next < tasks.length) {
			const task = tasks[next++];
			await task();
		}
	});
	await Promise.all(workers);
}

module.exports = {
	freePort,
	portIsFree,
	sleep,
	request,
	simulatorPost,
	waitFor,
	startReceiver,
	startSimulator,
	pool,
};
