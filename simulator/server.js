'use strict';

/**
 * GPTBots workflow API simulator: speaks the API of GPTBots' reference (README → Resources)
 * and adds what a real server cannot give on demand: latency, a concurrency limit,
 * reproducible fault injection and complete records of what clients did.
 *
 * This file owns the lifecycle (start, stop, reset, configure, refuseFor) and the public object;
 * the /v1 pipeline is api.js, its handlers routes/, the records records.js, runs runs.js,
 * webhook deliveries deliveries.js and the control API control.js.
 */

const http = require('node:http');
const { createRandom } = require('./prng');
const { DEFAULT_OPTIONS, normalizeOptions } = require('./options');
const { createFaultPlan } = require('./faults');
const { apiError, send } = require('./http-utils');
const { createBackground } = require('./background');
const { freshState, noteFault, summary } = require('./records');
const { seedRuns } = require('./runs');
const { deliverNow } = require('./deliveries');
const { handleApi } = require('./api');
const { createControlHandler } = require('./control');
const { serveFile } = require('./files');
const { humanReply } = require('./agent/agentMessage');

/**
 * The context every part of one simulator works on. `random`, `address`, the sequences and
 * `state`'s records are replaced as the simulator lives, so parts read them from here each time.
 * @typedef {{ options: import('./options').SimOptions, state: import('./records').SimState,
 *   random: () => number, background: ReturnType<typeof createBackground>,
 *   server: http.Server | null, address: { port: number, host: string, url: string } | null,
 *   requestSeq: number, runSeq: number,
 *   faultPlan: ReturnType<typeof createFaultPlan> }} SimContext
 */

/**
 * @param {Record<string, unknown>} userOptions
 * @returns {SimContext}
 */
function createContext(userOptions) {
	// Normalizing the defaults too gives every simulator its own copies of the arrays.
	const options = /** @type {import('./options').SimOptions} */ (
		normalizeOptions({ ...DEFAULT_OPTIONS, ...userOptions })
	);
	/** @type {Omit<SimContext, 'faultPlan'> & { faultPlan?: SimContext['faultPlan'] }} */
	const ctx = {
		options,
		// inFlight/peakInFlight live on state too, but survive reset() (requests may be in flight).
		state: { ...freshState(), inFlight: 0, peakInFlight: 0 },
		random: createRandom(options.seed),
		background: createBackground(),
		server: null,
		address: null,
		requestSeq: 0,
		runSeq: 0,
	};
	const faultPlan = createFaultPlan({ getOptions: () => ctx.options, random: () => ctx.random() });
	// The same object, completed: the fault plan reads ctx.options and ctx.random as they change.
	return Object.assign(ctx, { faultPlan });
}

/** @param {Record<string, unknown>} [userOptions] */
function createSimulator(userOptions = {}) {
	const ctx = createContext(userOptions);
	const { options, state, background, faultPlan } = ctx;
	/** @type {ReturnType<typeof createControlHandler> | null} */
	let control = null; // the /__sim/ handler, made once `sim` exists

	/**
	 * @param {http.IncomingMessage} req
	 * @param {http.ServerResponse} res
	 */
	async function handleRequest(req, res) {
		const url = new URL(req.url ?? '/', 'http://simulator.local');
		try {
			if (url.pathname.startsWith('/__sim/') && control) return await control(req, res, url);
			if (/^\/v[12]\//.test(url.pathname)) return await handleApi(ctx, req, res, url);
			if (url.pathname.startsWith('/files/')) return serveFile(req, res, url);
			send(res, apiError(404, 40400, 'Not found'));
		} catch (error) {
			if (!res.headersSent && !res.destroyed)
				send(res, apiError(500, 50000, `Simulator error: ${/** @type {Error} */ (error).message}`));
		}
	}

	/** @param {Record<string, unknown>} [partial] */
	function configure(partial = {}) {
		const normalized = normalizeOptions(partial);
		Object.assign(options, normalized);
		if ('seed' in normalized) ctx.random = createRandom(options.seed);
		return { ...options };
	}

	/** Clears records, queued faults and background work; keeps options. Re-seeds the PRNG. */
	function reset() {
		background.generation += 1;
		ctx.requestSeq = 0;
		background.clearTimers('runs');
		background.abortOutgoing();
		faultPlan.clear();
		Object.assign(state, freshState());
		state.peakInFlight = state.inFlight;
		ctx.random = createRandom(options.seed);
	}

	/** Stops accepting connections for `ms` (clients get ECONNREFUSED), then listens again on the same port. */
	/** @param {number} ms */
	function refuseFor(ms) {
		const { server, address } = ctx;
		if (!server || !server.listening || !address) throw new Error('simulator is not listening');
		const { port, host } = address;
		server.close(); // open connections live on; only new ones are refused
		noteFault(state, {}, 'refuse');
		background.later(ms, () => {
			if (ctx.server && !background.stopped) ctx.server.listen(port, host);
		});
	}

	async function start(port = 0, host = '127.0.0.1') {
		if (ctx.server) throw new Error('simulator already started');
		background.stopped = false;
		const server = http.createServer((req, res) => {
			handleRequest(req, res);
		});
		ctx.server = server;
		await /** @type {Promise<void>} */ (
			new Promise((resolve, reject) => {
				server.once('error', reject);
				server.listen(port, host, () => {
					server.off('error', reject);
					resolve();
				});
			})
		);
		const actualPort = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
		ctx.address = {
			port: actualPort,
			host,
			url: `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`,
		};
		return { port: actualPort, url: ctx.address.url };
	}

	/** Clears every timer, aborts webhook requests and closes all sockets (hanging ones too). */
	async function stop() {
		background.stopped = true;
		background.generation += 1;
		background.clearTimers('runs');
		background.clearTimers('server');
		background.abortOutgoing();
		const closing = ctx.server;
		if (!closing) return;
		ctx.server = null;
		await /** @type {Promise<void>} */ (
			new Promise((resolve) => {
				closing.close(() => resolve()); // called with an error if it was not listening: fine
				closing.closeAllConnections(); // includes hanging requests
			})
		);
	}

	const sim = {
		start,
		stop,
		get url() {
			return ctx.address ? ctx.address.url : null;
		},
		get port() {
			return ctx.address ? ctx.address.port : null;
		},
		state,
		options,
		reset,
		configure,
		seedRuns: (
			/** @type {number} */ count,
			/** @type {Parameters<typeof seedRuns>[2]} */ seedOptions = {},
		) => seedRuns(ctx, count, seedOptions),
		deliver: (/** @type {Parameters<typeof deliverNow>[1]} */ delivery = {}) =>
			deliverNow(ctx, delivery),
		/** Agents: a human agent's reply, delivered to the agent's webhook (agent/agentMessage.js). */
		agent: {
			humanReply: (/** @type {Parameters<typeof humanReply>[1]} */ reply) => humanReply(ctx, reply),
		},
		summary: (/** @type {Parameters<typeof summary>[1]} */ summaryOptions = {}) =>
			summary(ctx, summaryOptions),
		faults: {
			kinds: faultPlan.kinds,
			queue: faultPlan.queue,
			pending: faultPlan.pending,
			clear: faultPlan.clear,
			refuseFor,
		},
	};
	control = createControlHandler(sim);
	return sim;
}

module.exports = { createSimulator, DEFAULT_OPTIONS };
