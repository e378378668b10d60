'use strict';

/**
 * What the simulator's tests share: one simulator per test file, started before its tests and
 * reset to known options before each; `call` and friends to speak to it over real HTTP (node's
 * global fetch); a webhook receiver; waiting for a condition.
 */

const http = require('node:http');
const { createSimulator, DEFAULT_OPTIONS } = require('../../simulator/server');
const { SIM_API_KEY, SIM_AGENT_KEY } = require('../../simulator/names');

const KEY = SIM_API_KEY;
const AGENT_KEY = SIM_AGENT_KEY;
const VERIFY = '/v1/api-key/verify';
const INVOKE = '/v1/workflow/invoke';
const QUERY = '/v1/workflow/query/result';
const LOGS = '/v1/workflow/run/logs';

/**
 * How `call` speaks: method, body (an object is sent as JSON), key (null: none), abort signal, base URL.
 * @typedef {{ method?: string, body?: unknown, key?: string | null, signal?: AbortSignal,
 *   url?: string | null }} CallOptions
 */

/**
 * Creates a simulator for the calling test file. Before each test it is reset and given the
 * default options plus `options` again, so what one test configures does not leak into the next.
 * @param {Record<string, unknown>} [options]
 */
function useSimulator(options = {}) {
	const sim = createSimulator(options);
	beforeAll(async () => {
		await sim.start();
	});
	afterAll(() => sim.stop());
	beforeEach(() => {
		sim.reset();
		sim.configure({ ...DEFAULT_OPTIONS, ...options });
	});

	/**
	 * Calls the simulator; `body` objects are sent as JSON, strings as-is. `json` is the answer
	 * parsed (any: whatever the simulator answered), undefined if it is not JSON.
	 * @param {string} urlPath
	 * @param {CallOptions} [how]
	 * @returns {Promise<{ status: number, headers: Headers, text: string, json: any }>}
	 */
	async function call(urlPath, { method = 'GET', body, key = KEY, signal, url = sim.url } = {}) {
		/** @type {Record<string, string>} */
		const headers = { 'Content-Type': 'application/json' };
		if (key !== null) headers.Authorization = `Bearer ${key}`;
		const res = await fetch(url + urlPath, {
			method,
			headers,
			body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
			signal,
		});
		const text = await res.text();
		/** @type {any} */
		let json;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: res.status, headers: res.headers, text, json };
	}

	/** The agent API (the conversation endpoints) with the agent key. */
	const agent = {
		create: (userId = 'user-1') =>
			call('/v1/conversation', { method: 'POST', body: { user_id: userId }, key: AGENT_KEY }),
		send: (/** @type {unknown} */ body, /** @type {CallOptions} */ opts = {}) =>
			call('/v2/conversation/message', { method: 'POST', body, key: AGENT_KEY, ...opts }),
		history: (/** @type {Record<string, string | number>} */ params, version = 'v2') =>
			call(
				`/${version}/messages?${new URLSearchParams(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])))}`,
				{ key: AGENT_KEY },
			),
		/**
		 * A new conversation's id.
		 * @param {string} [userId]
		 * @returns {Promise<string>}
		 */
		async conversation(userId) {
			return (await agent.create(userId)).json.conversation_id;
		},
	};

	return {
		sim,
		call,
		agent,
		invoke: (/** @type {unknown} */ body, /** @type {CallOptions} */ opts = {}) =>
			call(INVOKE, { method: 'POST', body, ...opts }),
		query: (/** @type {string} */ workflowRunId) =>
			call(QUERY, { method: 'POST', body: { workflowRunId } }),
		logs: (/** @type {Record<string, string>} */ params) =>
			call(`${LOGS}?${new URLSearchParams(params)}`),
	};
}

/**
 * A request the receiver got.
 * @typedef {{ method: string | undefined, url: string | undefined,
 *   headers: import('node:http').IncomingHttpHeaders, body: string, time: number }} Received
 */

/** A webhook receiver that records requests and answers with queued status codes (default 200). */
async function startReceiver() {
	/** @type {Received[]} */
	const received = [];
	/** @type {number[]} */
	const statuses = [];
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			received.push({
				method: req.method,
				url: req.url,
				headers: req.headers,
				body,
				time: Date.now(),
			});
			res.writeHead(statuses.shift() ?? 200);
			res.end('ok');
		});
	});
	await /** @type {Promise<void>} */ (
		new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
	);
	const url = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
	return {
		url,
		received,
		statuses,
		close: () =>
			/** @type {Promise<void>} */ (
				new Promise((resolve) => {
					server.closeAllConnections();
					server.close(() => resolve());
				})
			),
	};
}

module.exports = { KEY, AGENT_KEY, VERIFY, INVOKE, QUERY, LOGS, useSimulator, startReceiver };
