'use strict';

/**
 * What a simulator records of its clients (`sim.state`) and the summary the control API
 * shows. Every function takes the simulator's context (see server.js).
 */

const { send } = require('./http-utils');

/** The records reset() starts afresh (inFlight/peakInFlight live beside them: requests may be in flight). */
function freshState() {
	return {
		requests: [],
		runs: new Map(),
		counts: {
			invoke: 0,
			invokeAccepted: 0,
			query: 0,
			verify: 0,
			logs: 0,
			rateLimited: 0,
			unauthorized: 0,
		},
		runsByItemKey: {},
		deliveries: [],
		faultsInjected: {},
	};
}

function classifyAuth(header, apiKeys) {
	if (!header) return 'missing';
	const match = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
	return match && apiKeys.includes(match[1]) ? 'valid' : 'invalid';
}

/** Drops the oldest entries once `list` is a tenth over `max`: trimming on every push would be quadratic. */
function trimInChunks(list, max) {
	if (list.length > max + Math.max(1, Math.floor(max / 10))) list.splice(0, list.length - max);
}

/** Records a request; the Authorization value is never stored, only whether it was valid. */
function recordRequest(ctx, req, path, query) {
	const { authorization, ...headers } = req.headers;
	const entry = {
		id: ++ctx.requestSeq,
		method: req.method,
		path,
		query,
		headers,
		auth: classifyAuth(authorization, ctx.options.apiKeys),
		body: undefined,
		time: Date.now(),
		answeredStatus: null,
		fault: null,
	};
	ctx.state.requests.push(entry);
	trimInChunks(ctx.state.requests, ctx.options.maxRecordedRequests);
	return entry;
}

function noteFault(state, entry, kind) {
	entry.fault = kind;
	state.faultsInjected[kind] = (state.faultsInjected[kind] || 0) + 1;
}

function respond(state, res, entry, response) {
	entry.answeredStatus = response.status;
	if (response.status === 429) state.counts.rateLimited += 1;
	send(res, response);
}

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

/** A JSON-friendly summary for the control API; never the API keys. */
function summary(ctx, { lastRequests = 200 } = {}) {
	const { state, options } = ctx;
	const runStatuses = {};
	for (const { run } of state.runs.values())
		runStatuses[run.status] = (runStatuses[run.status] || 0) + 1;
	const { apiKeys, ...safeOptions } = options;
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
	};
}

module.exports = { freshState, recordRequest, noteFault, respond, recordDelivery, summary };
