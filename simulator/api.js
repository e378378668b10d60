'use strict';

/**
 * The /v1 pipeline every API request goes through: record, concurrency limit, faults, body,
 * latency, then authentication and the route's handler (routes/). Order matters: the limit and
 * faults are decided before anything takes effect, except the *_after faults, which strike
 * when the answer is due.
 */

const { AFTER_EFFECT_KINDS, faultResponse } = require('./faults');
const { readBody, parseJson, apiError } = require('./http-utils');
const { summariseBodyFiles } = require('./files');
const { recordRequest, noteFault, respond } = require('./records');
const { verify } = require('./routes/verify');
const { invoke } = require('./routes/invoke');
const { query } = require('./routes/query');
const { logs } = require('./routes/logs');
const { AGENT_ROUTES } = require('./agent/agentRoutes');
const { summariseMessageFiles } = require('./agent/agentParts');

/**
 * An API route: `limited` routes count toward maxInFlight (the expensive calls); `counter` names
 * their count in state.counts; `kind` is the product whose key it takes (default: workflow).
 * @typedef {{ handler: Function, counter: string, needsBody: boolean, limited: boolean, kind?: 'agent' }} Route
 * @typedef {import('./server').SimContext} SimContext
 */

/** @type {Record<string, Route>} */
const ROUTES = {
	'GET /v1/api-key/verify': {
		handler: verify,
		counter: 'verify',
		needsBody: false,
		limited: false,
	},
	'POST /v1/workflow/invoke': {
		handler: invoke,
		counter: 'invoke',
		needsBody: true,
		limited: true,
	},
	'POST /v1/workflow/query/result': {
		handler: query,
		counter: 'query',
		needsBody: true,
		limited: true,
	},
	'GET /v1/workflow/run/logs': { handler: logs, counter: 'logs', needsBody: false, limited: false },
	...AGENT_ROUTES, // agents (the conversation API): agent/
};

const REQUEST_BODY_PREVIEW = 2000;

/**
 * Admits a limited request unless maxInFlight are already being handled.
 * @param {SimContext} ctx
 * @param {import('node:http').ServerResponse} res
 */
function admit({ options, state }, res) {
	if (options.maxInFlight !== null && state.inFlight >= options.maxInFlight) return false;
	state.inFlight += 1;
	state.peakInFlight = Math.max(state.peakInFlight, state.inFlight);
	// 'close' fires when the answer is sent and also when the socket dies (resets, hangs at stop).
	res.once('close', () => {
		state.inFlight -= 1;
	});
	return true;
}

/** @param {{ retryAfterSeconds: number }} options */
function tooManyRequests(options) {
	return apiError(429, 42900, 'Too many requests', {
		'Retry-After': String(options.retryAfterSeconds),
	});
}

/**
 * What a request that got past faults is answered: 404, 401, 400 or the handler's answer.
 * @param {SimContext} ctx
 * @param {Route | undefined} route
 * @param {URL} url
 * @param {string} raw
 * @param {import('./records').RequestEntry} entry
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<import('./http-utils').SimResponse>}
 */
async function answer(ctx, route, url, raw, entry, req) {
	if (!route) return apiError(404, 40400, 'Not found');
	if (entry.auth !== 'valid') {
		ctx.state.counts.unauthorized += 1;
		return apiError(401, 40100, 'Invalid API key');
	}
	// verify takes both kinds of key; every other endpoint only its own product's
	if (route.handler !== verify && entry.keyKind !== (route.kind ?? 'workflow'))
		return apiError(
			403,
			40300,
			`This API key belongs to ${entry.keyKind === 'agent' ? 'an agent' : 'a workflow'}`,
		);
	let body;
	if (route.needsBody) {
		const parsed = parseJson(raw);
		if (!parsed.ok) return apiError(400, 40000, 'Request body is not valid JSON');
		body = parsed.value;
	}
	return route.handler(ctx, { body, url, entry, req });
}

/** @param {string} raw */
function bodyForRecord(raw) {
	if (!raw) return undefined;
	const parsed = parseJson(raw);
	return parsed.ok
		? summariseMessageFiles(summariseBodyFiles(parsed.value))
		: raw.slice(0, REQUEST_BODY_PREVIEW);
}

/** Drops the connection without an answer (client sees a reset / "socket hang up"). */
/** @param {import('node:http').IncomingMessage} req */
function dropConnection(req) {
	req.socket.destroy();
}

/**
 * @param {SimContext} ctx
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 */
async function handleApi(ctx, req, res, url) {
	const { options, state, background } = ctx;
	const path = url.pathname;
	const entry = recordRequest(ctx, req, path, Object.fromEntries(url.searchParams));
	const route = ROUTES[`${req.method} ${path}`];
	if (route) state.counts[route.counter] += 1;

	if (route?.limited && !admit(ctx, res)) {
		entry.limited = true;
		await background.sleep(options.latencyMs);
		return respond(state, res, entry, tooManyRequests(options));
	}

	const fault = ctx.faultPlan.pick(path);
	if (fault) noteFault(state, entry, fault);
	if (fault === 'reset_before') return dropConnection(req);
	if (fault === 'hang') return; // never answered; stop() closes the socket

	let raw;
	try {
		raw = await readBody(req, options.maxBodyBytes);
	} catch (error) {
		if (/** @type {{ tooLarge?: boolean }} */ (error).tooLarge)
			respond(state, res, entry, apiError(413, 41300, 'Request body too large'));
		return; // otherwise the client went away
	}
	entry.body = bodyForRecord(raw);
	await background.sleep(options.latencyMs);

	if (fault && !AFTER_EFFECT_KINDS.has(fault))
		return respond(state, res, entry, faultResponse(fault, options));
	const response = await answer(ctx, route, url, raw, entry, req);
	if (fault === 'stream_break' && response.stream)
		return respond(state, res, entry, response, { breakMidway: true });
	if (fault === 'reset_after' || fault === 'stream_break') return dropConnection(req);
	if (fault === 'hang_after') return;
	return respond(state, res, entry, response);
}

module.exports = { handleApi };
