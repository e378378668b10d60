'use strict';

const { apiError, textResponse, jsonResponse } = require('./http-utils');

/** Every per-request fault the simulator can inject (see README for what each one means). */
const FAULT_KINDS = [
	'rate_limit',
	'server_error',
	'bad_gateway',
	'unavailable',
	'gateway_timeout',
	'reset_before',
	'reset_after',
	'hang',
	'hang_after',
	'non_json',
	'error_code_200',
];

/**
 * Kinds that are never drawn at random unless named in `faultKinds`: `stream_break` takes
 * effect and breaks a streamed agent answer after half its pieces (other answers: the socket
 * is destroyed, as with reset_after).
 */
const EXTRA_KINDS = ['stream_break'];

/** Kinds applied only after the request took effect (the invoke created its run). */
const AFTER_EFFECT_KINDS = new Set(['reset_after', 'hang_after', 'stream_break']);

/** Kinds that drop or keep the connection instead of answering. */
const CONNECTION_KINDS = new Set(['reset_before', 'hang', 'reset_after', 'hang_after']);

/** @param {string} kind */
function assertKind(kind) {
	if (!FAULT_KINDS.includes(kind) && !EXTRA_KINDS.includes(kind)) {
		throw new TypeError(
			`Unknown fault kind "${kind}". Known kinds: ${[...FAULT_KINDS, ...EXTRA_KINDS].join(', ')}, refuse`,
		);
	}
}

/**
 * Decides which fault (if any) hits a request: first a queued one for its path
 * (or for '*', any /v1 path), else a random one at `faultRate` drawn from the seeded PRNG.
 */
/**
 * @param {{ getOptions: () => { faultRate: number, faultKinds: string[] }, random: () => number }} sources
 */
function createFaultPlan({ getOptions, random }) {
	/** @type {Map<string, { kind: string, remaining: number }[]>} */
	let queues = new Map(); // path -> [{kind, remaining}]

	/**
	 * @param {string} path
	 * @param {string} kind
	 */
	function queue(path, kind, count = 1) {
		assertKind(kind);
		if (typeof path !== 'string' || !(path === '*' || path.startsWith('/'))) {
			throw new TypeError('path must be "*" or start with "/", e.g. "/v1/workflow/invoke"');
		}
		if (!Number.isInteger(count) || count < 1)
			throw new TypeError('count must be a positive integer');
		const list = queues.get(path) ?? [];
		queues.set(path, list);
		list.push({ kind, remaining: count });
	}

	/** @param {string} path */
	function takeQueued(path) {
		for (const key of [path, '*']) {
			const list = queues.get(key);
			if (!list || list.length === 0) continue;
			const entry = list[0];
			entry.remaining -= 1;
			if (entry.remaining <= 0) list.shift();
			return entry.kind;
		}
		return null;
	}

	function drawRandom() {
		const { faultRate, faultKinds } = getOptions();
		// Only touch the PRNG when random faults are on, so queued-only runs do not shift the sequence.
		if (!(faultRate > 0) || faultKinds.length === 0) return null;
		if (random() >= faultRate) return null;
		return faultKinds[Math.floor(random() * faultKinds.length)];
	}

	return {
		kinds: [...FAULT_KINDS, ...EXTRA_KINDS],
		queue,
		pick: (/** @type {string} */ path) => takeQueued(path) ?? drawRandom(),
		pending: () =>
			[...queues].flatMap(([path, list]) =>
				list.map((entry) => ({ path, kind: entry.kind, remaining: entry.remaining })),
			),
		clear: () => {
			queues = new Map();
		},
	};
}

/**
 * The answer for the kinds that do answer (all but the connection kinds).
 * @param {string} kind
 * @param {{ retryAfterSeconds: number }} options
 */
function faultResponse(kind, { retryAfterSeconds }) {
	const retryAfter = { 'Retry-After': String(retryAfterSeconds) };
	switch (kind) {
		case 'rate_limit':
			return apiError(429, 42900, 'Too many requests', retryAfter);
		case 'server_error':
			return apiError(500, 50000, 'Internal error');
		case 'bad_gateway':
			return textResponse(502, '<html>502 Bad Gateway</html>', 'text/html');
		case 'unavailable':
			return apiError(503, 50300, 'Service unavailable', retryAfter);
		case 'gateway_timeout':
			return textResponse(504, 'Gateway Timeout', 'text/plain');
		case 'non_json':
			return textResponse(200, '<html>Maintenance</html>', 'text/html');
		case 'error_code_200':
			return jsonResponse(200, { code: 40348, message: 'Workflow is disabled' });
		default:
			throw new Error(`fault kind ${kind} has no response`);
	}
}

module.exports = {
	FAULT_KINDS,
	AFTER_EFFECT_KINDS,
	CONNECTION_KINDS,
	assertKind,
	createFaultPlan,
	faultResponse,
};
