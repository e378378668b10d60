'use strict';

/**
 * What the probe reports of an answer: its shape, never its values. Field names, JSON types,
 * array lengths and the values that say how GPTBots behaves (status, code, msg) are kept;
 * everything else becomes its type. The key is cut from every text as a last guard.
 */

/** Fields whose values describe the API rather than the user's data. */
const KEPT_VALUES = new Set([
	'status',
	'code',
	'msg',
	'message',
	'type',
	'conversation_type',
	'page',
	'page_size',
	'total',
]);
const MAX_DEPTH = 6;

/**
 * The shape of a JSON value: a type name, or an object describing it (nested shapes, a kept
 * value, an array's length and first element).
 * @typedef {string | { [key: string]: unknown }} Shape
 */

/** @param {unknown} value */
function typeOf(value) {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	return typeof value;
}

/**
 * A string that holds JSON is reported as such (run-log rows carry input/output as JSON text).
 * @param {string} value
 * @returns {Shape}
 */
function describeString(value) {
	const text = value.trim();
	if (text.startsWith('{') || text.startsWith('[')) {
		try {
			const parsed = JSON.parse(text);
			return { type: 'string (JSON text)', json: shapeOf(parsed, 1) };
		} catch {
			// plain text after all
		}
	}
	return 'string';
}

/**
 * @param {unknown} value parsed JSON
 * @returns {Shape}
 */
function shapeOf(value, depth = 0, key = '') {
	if (
		KEPT_VALUES.has(key) &&
		(typeof value === 'string' || typeof value === 'number') &&
		String(value).length <= 40
	) {
		return { type: typeOf(value), value };
	}
	if (typeof value === 'string') return describeString(value);
	if (depth >= MAX_DEPTH) return typeOf(value);
	if (Array.isArray(value))
		return {
			type: 'array',
			length: value.length,
			...(value.length > 0 && { first: shapeOf(value[0], depth + 1) }),
		};
	if (value !== null && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value).map(([name, inner]) => [name, shapeOf(inner, depth + 1, name)]),
		);
	}
	return typeOf(value);
}

/** Response headers worth reporting with their values; the others by name only. */
const HEADER_VALUES =
	/^(content-type|retry-after|x-ratelimit-.*|ratelimit-.*|transfer-encoding|content-encoding)$/i;

/**
 * @param {Record<string, unknown> | undefined} headers
 * @param {string[]} [secretNames] lower-case names of headers to redact besides the usual ones
 */
function headersShape(headers, secretNames = []) {
	/** @type {Record<string, string>} */
	const result = {};
	for (const [name, value] of Object.entries(headers || {})) {
		const lower = name.toLowerCase();
		const secret =
			secretNames.includes(lower) || /authorization|cookie|token|secret|key/i.test(lower);
		result[lower] = secret ? '(redacted)' : HEADER_VALUES.test(lower) ? String(value) : '(present)';
	}
	return result;
}

const SNAKE_RUN_ID = 'workflow_run_id';

/**
 * Where a run sits in a body, and how its fields are spelled: the facts the package must get right.
 * @param {any} body parsed JSON
 */
function runLocation(body, root = 'body') {
	/** @type {[string, any][]} */
	const places = [
		[root, body],
		[`${root}.data`, body?.data],
		[`${root}.result`, body?.result],
		[`${root}.data.result`, body?.data?.result],
	];
	for (const [place, value] of places) {
		if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
		if ('workflowRunId' in value)
			return { place, spelling: 'camelCase', status: value.status ?? null };
		if (SNAKE_RUN_ID in value)
			return { place, spelling: 'snake_case', status: value.status ?? null };
	}
	return null;
}

/**
 * Where run-log rows sit.
 * @param {any} body parsed JSON
 */
function rowsLocation(body) {
	/** @type {[string, any][]} */
	const places = [
		['list', body?.list],
		['records', body?.records],
		['data', body?.data],
		['data.list', body?.data?.list],
		['data.records', body?.data?.records],
	];
	const found = places.find(([, value]) => Array.isArray(value));
	const total = body?.total ?? body?.data?.total;
	return found
		? { place: found[0], rows: found[1].length, total: total === undefined ? null : total }
		: null;
}

/**
 * Replaces every occurrence of each secret (4+ characters) in a text.
 * @param {string} text
 * @param {(string | undefined)[]} secrets
 */
function redact(text, secrets) {
	let result = text;
	for (const secret of secrets)
		if (secret && secret.length >= 4) result = result.split(secret).join('***');
	return result;
}

module.exports = { shapeOf, headersShape, runLocation, rowsLocation, redact };
