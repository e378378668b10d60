'use strict';

/**
 * What a simulator records of its clients (`sim.state`) and the summary the control API
 * shows. Every function takes the simulator's context (see server.js).
 */

const { send } = require('./http-utils');
const { AGENT_COUNTS, freshAgentState, agentSummary } = require('./agent/agentState');

/**
 * A request as recorded: never the Authorization value, only whether it was valid.
 * @typedef {{ id: number, method: string | undefined, path: string, query: Record<string, string>,
 *   headers: import('node:http').IncomingHttpHeaders, auth: 'missing' | 'valid' | 'invalid',
 *   keyKind: 'workflow' | 'agent' | null, body: unknown, time: number, answeredStatus: number | null,
 *   fault: string | null, runId?: string, limited?: boolean }} RequestEntry
 * A webhook delivery as recorded: what was sent, what became of it, and `extra` (copy, attempt,
 * manual, or the agent's own fields).
 * @typedef {{ runId: string | null, url: string, method: string, headers: Record<string, string>,
 *   sentAt: number, answeredAt: number, statusCode: number | null, error: string | null }
 *   & Record<string, unknown>} DeliveryRecord
 * @typedef {ReturnType<typeof freshState> & { inFlight: number, peakInFlight: number }} SimState
 */

/** The records reset() starts afresh (inFlight/peakInFlight live beside them: requests may be in flight). */
function freshState() {
	return {
		/** @type {RequestEntry[]} */
		requests: [],
		/** @type {Map<string, import('./workflow').RunRecord>} */
		runs: new Map(),
		/** @type {Record<string, number>} */
		counts: {
			invoke: 0,
			invokeAccepted: 0,
			query: 0,
			verify: 0,
			logs: 0,
			rateLimited: 0,
			unauthorized: 0,
			...AGENT_COUNTS,
		},
		/** @type {Record<string, number>} */
		runsByItemKey: {},
		/** @type {DeliveryRecord[]} */
		deliveries: [],
		/** @type {Record<string, number>} */
		faultsInjected: {},
		agent: freshAgentState(),
	};
}

/**
 * Whether the request's key is valid, and whose it is: a workflow's or an agent's.
 * @param {string | undefined} header
 * @param {{ apiKeys: string[], agentApiKeys: string[] }} keys
 * @returns {Pick<RequestEntry, 'auth' | 'keyKind'>}
 */
function classifyAuth(header, { apiKeys, agentApiKeys }) {
	if (!header) return { auth: 'missing', keyKind: null };
	const match = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
	if (match && apiKeys.includes(match[1])) return { auth: 'valid', keyKind: 'workflow' };
	if (match && agentApiKeys.includes(match[1])) return { auth: 'valid', keyKind: 'agent' };
	return { auth: 'invalid', keyKind: null };
}

/** Drops the oldest entries once `list` is a tenth over `max`: trimming on every push would be quadratic. */
/**
 * @param {unknown[]} list
 * @param {number} max
 */
function trimInChunks(list, max) {
	if (list.length > max + Math.max(1, Math.floor(max / 10))) list.splice(0, list.length - max);
}

/**
 * Records a request; the Authorization value is never stored, only whether it was valid.
 * @param {import('./server').SimContext} ctx
 * @param {import('node:http').IncomingMessage} req
 * @param {string} path
 * @param {Record<string, string>} query
 */
function recordRequest(ctx, req, path, query) {
	const { authorization, ...headers } = req.headers;
	/** @type {RequestEntry} */
	const entry = {
		id: ++ctx.requestSeq,
		method: req.method,
		path,
		query,
		headers,
		...classifyAuth(authorization, ctx.options),
		body: undefined,
		time: Date.now(),
		answeredStatus: null,
		fault: null,
	};
	ctx.state.requests.push(entry);
	trimInChunks(ctx.state.requests, ctx.options.maxRecordedRequests);
	return entry;
}

/**
 * @param {SimState} state
 * @param {{ fault?: string | null }} entry
 * @param {string} kind
 */
function noteFault(state, entry, kind) {
	entry.fault = kind;
	state.faultsInjected[kind] = (state.faultsInjected[kind] || 0) + 1;
}

/**
 * @param {SimState} state
 * @param {import('node:http').ServerResponse} res
 * @param {RequestEntry} entry
 * @param {import('./http-utils').SimResponse} response
 * @param {import('./http-utils').StreamHow} [how]
 */
function respond(state, res, entry, response, how) {
	entry.answeredStatus = response.status;
	if (response.status === 429) state.counts.rateLimited += 1;
	return send(res, response, how);
}

/**
 * @param {import('./server').SimContext} ctx
 * @param {string | null} runId
 * @param {{ url: string, method: string, headers: Record<string, string> }} delivery
 * @param {import('./webhooks').SendResult} result
 * @param {Record<string, unknown>} extra
 */
function recordDelivery(ctx, runId, delivery, result, extra) {
	const { deliveries } = ctx.state;
	deliveries.push({
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
	const max = ctx.options.maxRecordedRequests;
	if (deliveries.length > max) deliveries.splice(0, deliveries.length - max);
}

/**
 * A JSON-friendly summary for the control API; never the API keys.
 * @param {import('./server').SimContext} ctx
 */
function summary(ctx, { lastRequests = 200 } = {}) {
	const { state, options } = ctx;
	/** @type {Record<string, number>} */
	const runStatuses = {};
	for (const { run } of state.runs.values())
		runStatuses[run.status] = (runStatuses[run.status] || 0) + 1;
	const { apiKeys, agentApiKeys, ...safeOptions } = options;
	return {
		counts: { ...state.counts },
		runs: state.runs.size,
		runStatuses,
		runsByItemKey: state.runsByItemKey,
		duplicateItemKeys: Object.keys(state.runsByItemKey).filter((k) => state.runsByItemKey[k] > 1),
		deliveries: state.deliveries,
		faultsInjected: state.faultsInjected,
		pendingFaults: ctx.faultPlan.pending(),
		inFlight: state.inFlight,
		peakInFlight: state.peakInFlight,
		options: safeOptions,
		requests: state.requests.slice(-lastRequests),
		agent: agentSummary(state.agent),
	};
}

module.exports = { freshState, recordRequest, noteFault, respond, recordDelivery, summary };
