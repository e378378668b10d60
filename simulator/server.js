'use strict';

/**
 * GPTBots workflow API simulator: speaks the API of GPTBots' reference (README → Resources)
 * and adds what a real server cannot give on demand: latency, a concurrency limit,
 * reproducible fault injection and complete records of what clients did.
 */

const http = require('node:http');
const { createRandom } = require('./prng');
const { DEFAULT_OPTIONS, normalizeOptions } = require('./options');
const { AFTER_EFFECT_KINDS, createFaultPlan, faultResponse } = require('./faults');
const { readBody, parseJson, jsonResponse, apiError, send } = require('./http-utils');
const { validateInvokeBody, validateQueryBody, validateLogsQuery } = require('./validation');
const { buildDelivery, sendOnce, isSuccess } = require('./webhooks');
const { answerBody, logsBody, normalizeVariants, variantsFor, verifyBody } = require('./variants');
const wf = require('./workflow');
const { createControlHandler } = require('./control');
const { checkFileInputs, serveFile, summariseBodyFiles } = require('./files');

/** API routes. `limited` routes count toward maxInFlight (the expensive calls). */
const ROUTES = {
	'GET /v1/api-key/verify': { name: 'verify', counter: 'verify', needsBody: false, limited: false },
	'POST /v1/workflow/invoke': { name: 'invoke', counter: 'invoke', needsBody: true, limited: true },
	'POST /v1/workflow/query/result': { name: 'query', counter: 'query', needsBody: true, limited: true },
	'GET /v1/workflow/run/logs': { name: 'logs', counter: 'logs', needsBody: false, limited: false },
};

const REQUEST_BODY_PREVIEW = 2000;

function freshState() {
	return {
		requests: [],
		runs: new Map(),
		counts: { invoke: 0, invokeAccepted: 0, query: 0, verify: 0, logs: 0, rateLimited: 0, unauthorized: 0 },
		runsByItemKey: {},
		deliveries: [],
		faultsInjected: {},
	};
}

function errorFrom({ status, code, message }) {
	return apiError(status, code, message);
}

function createSimulator(userOptions = {}) {
	// Normalizing the defaults too gives every simulator its own copies of the arrays.
	const options = normalizeOptions({ ...DEFAULT_OPTIONS, ...userOptions });
	// inFlight/peakInFlight live on state too, but survive reset() (requests may be in flight).
	const state = { ...freshState(), inFlight: 0, peakInFlight: 0 };
	let random = createRandom(options.seed);
	const faultPlan = createFaultPlan({ getOptions: () => options, random: () => random() });

	let server = null;
	let address = null;
	let stopped = false;
	let requestSeq = 0;
	let runSeq = 0;
	// Bumped by reset(): work started before a reset must not write into the fresh records.
	let generation = 0;

	// Timers in two groups: 'runs' (async runs, webhook retries) die on reset(); all die on stop().
	const timers = { runs: new Set(), server: new Set() };
	const outgoing = new Set(); // webhook requests in progress

	function later(ms, fn, group = 'server') {
		const set = timers[group];
		const timer = setTimeout(() => {
			set.delete(timer);
			fn();
		}, ms);
		set.add(timer);
		return timer;
	}

	function sleep(ms, group) {
		return ms > 0 ? new Promise((resolve) => later(ms, resolve, group)) : Promise.resolve();
	}

	function clearTimers(group) {
		for (const timer of timers[group]) clearTimeout(timer);
		timers[group].clear();
	}

	function abortOutgoing() {
		for (const req of outgoing) req.destroy(new Error('simulator reset or stopped'));
		outgoing.clear();
	}

	// ---- records ---------------------------------------------------------------------

	function classifyAuth(header) {
		if (!header) return 'missing';
		const match = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
		return match && options.apiKeys.includes(match[1]) ? 'valid' : 'invalid';
	}

	/** Records a request; the Authorization value is never stored, only whether it was valid. */
	function recordRequest(req, path, query) {
		const { authorization, ...headers } = req.headers;
		const entry = {
			id: ++requestSeq,
			method: req.method,
			path,
			query,
			headers,
			auth: classifyAuth(authorization),
			body: undefined,
			time: Date.now(),
			answeredStatus: null,
			fault: null,
		};
		const list = state.requests;
		list.push(entry);
		// Trim in chunks: shifting a 20,000-entry array on every request would be quadratic.
		const max = options.maxRecordedRequests;
		if (list.length > max + Math.max(1, Math.floor(max / 10))) list.splice(0, list.length - max);
		return entry;
	}

	function noteFault(entry, kind) {
		entry.fault = kind;
		state.faultsInjected[kind] = (state.faultsInjected[kind] || 0) + 1;
	}

	function respond(res, entry, response) {
		entry.answeredStatus = response.status;
		if (response.status === 429) state.counts.rateLimited += 1;
		send(res, response);
	}

	/** Drops the connection without an answer (client sees a reset / "socket hang up"). */
	function dropConnection(req) {
		req.socket.destroy();
	}

	// ---- concurrency limit -------------------------------------------------------------

	/** Admits a limited request unless maxInFlight are already being handled. */
	function admit(res) {
		if (options.maxInFlight !== null && state.inFlight >= options.maxInFlight) return false;
		state.inFlight += 1;
		state.peakInFlight = Math.max(state.peakInFlight, state.inFlight);
		// 'close' fires when the answer is sent and also when the socket dies (resets, hangs at stop).
		res.once('close', () => {
			state.inFlight -= 1;
		});
		return true;
	}

	function tooManyRequests() {
		return apiError(429, 42900, 'Too many requests', { 'Retry-After': String(options.retryAfterSeconds) });
	}

	// ---- runs --------------------------------------------------------------------------

	function addRun(record) {
		state.runs.set(record.run.workflowRunId, record);
		if (!record.seeded) state.counts.invokeAccepted += 1;
		if (record.itemKey !== null) {
			state.runsByItemKey[record.itemKey] = (state.runsByItemKey[record.itemKey] || 0) + 1;
		}
		return record;
	}

	/** PENDING for the first 20% of the duration, RUNNING after, then finished + webhooks. */
	function scheduleAsyncRun(record) {
		later(record.durationMs * 0.2, () => {
			if (record.run.status === 'PENDING') record.run.status = 'RUNNING';
		}, 'runs');
		later(record.durationMs, () => {
			wf.finishRun(record, Date.now());
			for (const hook of record.webhooks) {
				deliverHook(hook, record).catch(() => {}); // sendOnce never rejects; belt and braces
			}
		}, 'runs');
	}

	function recordDelivery(runId, delivery, result, extra) {
		state.deliveries.push({
			runId,
			url: delivery.url,
			method: delivery.method,
			headers: delivery.headers,
			...extra,
			sentAt: result.sentAt,
			answeredAt: result.answeredAt,
			statusCode: result.statusCode,
			error: result.error,
		});
		const max = options.maxRecordedRequests;
		if (state.deliveries.length > max) state.deliveries.splice(0, state.deliveries.length - max);
	}

	function track(req) {
		outgoing.add(req);
		return () => outgoing.delete(req);
	}

	/** Sends one delivery and records it, unless a reset/stop happened meanwhile. */
	async function deliverAndRecord(hook, view, extra, variants = options.variants) {
		const startedIn = generation;
		const delivery = buildDelivery(hook, view, variants);
		const result = await sendOnce(delivery, { timeoutMs: options.webhookTimeoutMs, track });
		if (startedIn === generation && !stopped) recordDelivery(view.workflowRunId ?? null, delivery, result, extra);
		return result;
	}

	/** Delivers one webhook `webhookRepeat` times (duplicates on purpose), each with up to `webhookRetries` retries. */
	async function deliverHook(hook, record) {
		const startedIn = generation;
		const view = wf.publicRun(record.run);
		for (let copy = 1; copy <= options.webhookRepeat; copy++) {
			for (let attempt = 1; ; attempt++) {
				const result = await deliverAndRecord(hook, view, { copy, attempt }, variantsFor(options.variants, record.run.input));
				if (startedIn !== generation || stopped) return;
				if (isSuccess(result.statusCode) || attempt > options.webhookRetries) break;
				await sleep(options.webhookRetryDelayMs, 'runs');
			}
		}
	}

	// ---- API handlers --------------------------------------------------------------------

	const handlers = {
		verify() {
			const { id, name } = options.workflow;
			return jsonResponse(200, verifyBody({ type: 'WORKFLOW', id, name }, options.variants));
		},

		async invoke({ body, entry }) {
			const checked = validateInvokeBody(body);
			if (checked.error) return errorFrom(checked.error);
			const { userId, isAsync, webhooks } = checked.value;
			const files = checkFileInputs(checked.value.input, options);
			if (files.error) return errorFrom(files.error);
			const { input } = files;
			const record = addRun(
				wf.createRunRecord({
					workflow: options.workflow,
					filesBaseUrl: address?.url,
					outputFiles: options.outputFiles,
					input,
					userId,
					isAsync,
					webhooks,
					durationMs: wf.durationFor(input, isAsync ? options.asyncDurationMs : 0),
					seq: ++runSeq,
					requestId: entry.id,
					now: Date.now(),
				}),
			);
			entry.runId = record.run.workflowRunId;
			if (isAsync) {
				scheduleAsyncRun(record);
				return jsonResponse(200, answerBody(wf.pendingAnswer(record.run), variantsFor(options.variants, input)));
			}
			// Sync: the answer comes when the run has finished. Webhooks are an async-only feature.
			await sleep(record.durationMs);
			wf.finishRun(record, Date.now());
			return jsonResponse(200, answerBody(wf.publicRun(record.run), variantsFor(options.variants, input)));
		},

		query({ body }) {
			const checked = validateQueryBody(body);
			if (checked.error) return errorFrom(checked.error);
			const record = state.runs.get(checked.value.workflowRunId);
			if (!record) return apiError(404, 40400, 'workflowRunId not found');
			return jsonResponse(200, answerBody(wf.publicRun(record.run), variantsFor(options.variants, record.run.input)));
		},

		logs({ url }) {
			const checked = validateLogsQuery(url.searchParams);
			if (checked.error) return errorFrom(checked.error);
			const { type, start, end, page, pageSize, userId } = checked.value;
			const matches = [...state.runs.values()]
				.filter(
					(r) =>
						(type === 'ALL' || r.conversationType === type) &&
						r.run.startTime >= start &&
						r.run.startTime <= end &&
						(userId === null || r.userId === userId),
				)
				.sort((a, b) => b.run.startTime - a.run.startTime || b.seq - a.seq); // newest first
			const list = matches.slice((page - 1) * pageSize, page * pageSize).map(wf.logRow);
			return jsonResponse(200, logsBody({ total: matches.length, page, pageSize, list }, options.variants));
		},
	};

	/** What a request that got past faults is answered: 404, 401, 400 or the handler's answer. */
	async function answer(route, url, raw, entry) {
		if (!route) return apiError(404, 40400, 'Not found');
		if (entry.auth !== 'valid') {
			state.counts.unauthorized += 1;
			return apiError(401, 40100, 'Invalid API key');
		}
		let body;
		if (route.needsBody) {
			const parsed = parseJson(raw);
			if (!parsed.ok) return apiError(400, 40000, 'Request body is not valid JSON');
			body = parsed.value;
		}
		return handlers[route.name]({ body, url, entry });
	}

	function bodyForRecord(raw) {
		if (!raw) return undefined;
		const parsed = parseJson(raw);
		return parsed.ok ? summariseBodyFiles(parsed.value) : raw.slice(0, REQUEST_BODY_PREVIEW);
	}

	/**
	 * The /v1 pipeline. Order matters: the concurrency limit and faults are decided before
	 * anything takes effect, except the *_after faults which strike when the answer is due.
	 */
	async function handleApi(req, res, url) {
		const path = url.pathname;
		const entry = recordRequest(req, path, Object.fromEntries(url.searchParams));
		const route = ROUTES[`${req.method} ${path}`];
		if (route) state.counts[route.counter] += 1;

		if (route?.limited && !admit(res)) {
			entry.limited = true;
			await sleep(options.latencyMs);
			return respond(res, entry, tooManyRequests());
		}

		const fault = faultPlan.pick(path);
		if (fault) noteFault(entry, fault);
		if (fault === 'reset_before') return dropConnection(req);
		if (fault === 'hang') return; // never answered; stop() closes the socket

		let raw;
		try {
			raw = await readBody(req, options.maxBodyBytes);
		} catch (error) {
			if (error.tooLarge) respond(res, entry, apiError(413, 41300, 'Request body too large'));
			return; // otherwise the client went away
		}
		entry.body = bodyForRecord(raw);
		await sleep(options.latencyMs);

		if (fault && !AFTER_EFFECT_KINDS.has(fault)) return respond(res, entry, faultResponse(fault, options));
		const response = await answer(route, url, raw, entry);
		if (fault === 'reset_after') return dropConnection(req);
		if (fault === 'hang_after') return;
		respond(res, entry, response);
	}

	async function handleRequest(req, res) {
		const url = new URL(req.url, 'http://simulator.local');
		try {
			if (url.pathname.startsWith('/__sim/')) return await control(req, res, url);
			if (url.pathname.startsWith('/v1/')) return await handleApi(req, res, url);
			if (url.pathname.startsWith('/files/')) return serveFile(req, res, url);
			send(res, apiError(404, 40400, 'Not found'));
		} catch (error) {
			if (!res.headersSent && !res.destroyed) send(res, apiError(500, 50000, `Simulator error: ${error.message}`));
		}
	}

	// ---- public API ------------------------------------------------------------------------

	function configure(partial = {}) {
		const normalized = normalizeOptions(partial);
		Object.assign(options, normalized);
		if ('seed' in normalized) random = createRandom(options.seed);
		return { ...options };
	}

	/** Clears records, queued faults and background work; keeps options. Re-seeds the PRNG. */
	function reset() {
		generation += 1;
		requestSeq = 0;
		clearTimers('runs');
		abortOutgoing();
		faultPlan.clear();
		Object.assign(state, freshState());
		state.peakInFlight = state.inFlight;
		random = createRandom(options.seed);
	}

	/** Creates `count` finished runs, oldest first, sending `inputs` in turn (else `{seeded: i}`). Returns their ids. */
	function seedRuns(count, { userId = null, startTime = Date.now(), conversationType = 'API', fail = false, inputs = null } = {}) {
		if (!Number.isInteger(count) || count < 1 || count > 100000) throw new TypeError('count must be 1..100000');
		if (typeof startTime !== 'number') throw new TypeError('startTime must be epoch ms');
		if (inputs !== null && (!Array.isArray(inputs) || inputs.length === 0)) throw new TypeError('inputs must be a non-empty array');
		const ids = [];
		for (let i = 1; i <= count; i++) {
			const base = inputs ? structuredClone(inputs[(i - 1) % inputs.length]) : { seeded: i };
			const input = fail ? { ...base, __fail: true } : base;
			const record = wf.createRunRecord({
				workflow: options.workflow,
				input,
				userId,
				isAsync: false,
				durationMs: 100,
				seq: ++runSeq,
				now: startTime,
			});
			Object.assign(record, { seeded: true, conversationType });
			wf.finishRun(record, startTime + 100);
			addRun(record);
			ids.push(record.run.workflowRunId);
		}
		return ids;
	}

	/** One webhook delivery right now (for testing receivers); `run` defaults to a finished sample run; `variants` shape it. */
	async function deliver({ url, method = 'POST', headers = {}, run, variants } = {}) {
		let view = run;
		if (!view) {
			const sample = wf.createRunRecord({
				workflow: options.workflow,
				input: { sample: true },
				isAsync: true,
				durationMs: 0,
				seq: 0,
				now: Date.now(),
			});
			wf.finishRun(sample, Date.now());
			view = wf.publicRun(sample.run);
		}
		const shape = variants ? { ...options.variants, ...normalizeVariants(variants) } : options.variants;
		return deliverAndRecord({ url, method, headers }, view, { manual: true, copy: 1, attempt: 1 }, shape);
	}

	/** Stops accepting connections for `ms` (clients get ECONNREFUSED), then listens again on the same port. */
	function refuseFor(ms) {
		if (!server || !server.listening) throw new Error('simulator is not listening');
		const { port, host } = address;
		server.close(); // open connections live on; only new ones are refused
		noteFault({}, 'refuse');
		later(ms, () => {
			if (server && !stopped) server.listen(port, host);
		});
	}

	/** A JSON-friendly summary for the control API. */
	function summary({ lastRequests = 200 } = {}) {
		const runStatuses = {};
		for (const { run } of state.runs.values()) runStatuses[run.status] = (runStatuses[run.status] || 0) + 1;
		const { apiKeys, ...safeOptions } = options;
		return {
			counts: { ...state.counts },
			runs: state.runs.size,
			runStatuses,
			runsByItemKey: state.runsByItemKey,
			duplicateItemKeys: Object.keys(state.runsByItemKey).filter((k) => state.runsByItemKey[k] > 1),
			deliveries: state.deliveries,
			faultsInjected: state.faultsInjected,
			pendingFaults: faultPlan.pending(),
			inFlight: state.inFlight,
			peakInFlight: state.peakInFlight,
			options: safeOptions,
			requests: state.requests.slice(-lastRequests),
		};
	}

	async function start(port = 0, host = '127.0.0.1') {
		if (server) throw new Error('simulator already started');
		stopped = false;
		server = http.createServer((req, res) => {
			handleRequest(req, res);
		});
		await new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, host, () => {
				server.off('error', reject);
				resolve();
			});
		});
		const actualPort = server.address().port;
		address = { port: actualPort, host, url: `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}` };
		return { port: actualPort, url: address.url };
	}

	async function stop() {
		stopped = true;
		generation += 1;
		clearTimers('runs');
		clearTimers('server');
		abortOutgoing();
		if (!server) return;
		const closing = server;
		server = null;
		await new Promise((resolve) => {
			closing.close(() => resolve()); // called with an error if it was not listening: fine
			closing.closeAllConnections(); // includes hanging requests
		});
	}

	const sim = {
		start,
		stop,
		get url() {
			return address ? address.url : null;
		},
		get port() {
			return address ? address.port : null;
		},
		state,
		options,
		reset,
		configure,
		seedRuns,
		deliver,
		summary,
		faults: {
			kinds: faultPlan.kinds,
			queue: faultPlan.queue,
			pending: faultPlan.pending,
			clear: faultPlan.clear,
			refuseFor,
		},
	};
	const control = createControlHandler(sim);
	return sim;
}

module.exports = { createSimulator, DEFAULT_OPTIONS };
