// @ts-nocheck -- not typed yet: remove this line and give tsc the JSDoc types it asks for
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
 * Creates a simulator for the calling test file. Before each test it is reset and given the
 * default options plus `options` again, so what one test configures does not leak into the next.
 */
function useSimulator(options = {}) {
	const sim = createSimulator(options);
	beforeAll(() => sim.start());
	afterAll(() => sim.stop());
	beforeEach(() => {
		sim.reset();
		sim.configure({ ...DEFAULT_OPTIONS, ...options });
	});

	/** Calls the simulator; `body` objects are sent as JSON, strings as-is. */
	async function call(urlPath, { method = 'GET', body, key = KEY, signal, url = sim.url } = {}) {
		const headers = { 'Content-Type': 'application/json' };
		if (key !== null) headers.Authorization = `Bearer ${key}`;
		const res = await fetch(url + urlPath, {
			method,
			headers,
			body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
			signal,
		});
		const text = await res.text();
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
		send: (body, opts) =>
			call('/v2/conversation/message', { method: 'POST', body, key: AGENT_KEY, ...opts }),
		history: (params, version = 'v2') =>
			call(`/${version}/messages?${new URLSearchParams(params)}`, { key: AGENT_KEY }),
		/** A new conversation's id. */
		async conversation(userId) {
			return (await agent.create(userId)).json.conversation_id;
		},
	};

	return {
		sim,
		call,
		agent,
		invoke: (body, opts) => call(INVOKE, { method: 'POST', body, ...opts }),
		query: (workflowRunId) => call(QUERY, { method: 'POST', body: { workflowRunId } }),
		logs: (params) => call(`${LOGS}?${new URLSearchParams(params)}`),
	};
}

/** A webhook receiver that records requests and answers with queued status codes (default 200). */
async function startReceiver() {
	const received = [];
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
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${server.address().port}`;
	return {
		url,
		received,
		statuses,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(resolve);
			}),
	};
}

module.exports = { KEY, AGENT_KEY, VERIFY, INVOKE, QUERY, LOGS, useSimulator, startReceiver };
