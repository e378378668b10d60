'use strict';

const { isPlainObject } = require('./http-utils');

/** Request validation, mirroring the real API's rules. Each validator returns
 * `{value}` or `{error: {status, code, message}}`. */

const MAX_WEBHOOKS = 5;
const WEBHOOK_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const CONVERSATION_TYPES = ['ALL', 'API', 'AGENT', 'SHARE', 'C_WORKFLOW'];

/**
 * What a validator gives: the checked value, or the API's answer to refuse it with.
 * @typedef {{ status: number, code: number, message: string }} Failure
 */
/**
 * @template T
 * @typedef {{ value: T, error?: undefined } | { error: Failure, value?: undefined }} Checked
 */

/**
 * @param {number} code
 * @param {string} message
 * @returns {{ error: Failure, value?: undefined }}
 */
const fail = (code, message, status = 400) => ({ error: { status, code, message } });

/**
 * @param {unknown} entry
 * @param {number} index
 */
function validateWebhookEntry(entry, index) {
	const where = `webhook[${index}]`;
	if (!isPlainObject(entry)) return `${where} must be an object`;
	if (typeof entry.method !== 'string') return `${where}.method must be a string`;
	if (!WEBHOOK_METHODS.includes(entry.method.toUpperCase())) {
		return `${where}.method must be one of ${WEBHOOK_METHODS.join(', ')}`;
	}
	if (typeof entry.url !== 'string') return `${where}.url must be a string`;
	let parsed;
	try {
		parsed = new URL(entry.url);
	} catch {
		return `${where}.url is not a valid URL`;
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
		return `${where}.url must be http(s)`;
	if (entry.headers !== undefined && entry.headers !== null && !isPlainObject(entry.headers)) {
		return `${where}.headers must be an object`;
	}
	return null;
}

/**
 * @param {unknown} webhook
 * @returns {Checked<import('./workflow').Webhook[]>}
 */
function validateWebhooks(webhook) {
	if (webhook === undefined || webhook === null) return { value: [] };
	if (!Array.isArray(webhook)) return fail(40002, 'webhook must be an array');
	if (webhook.length > MAX_WEBHOOKS)
		return fail(40002, `webhook accepts at most ${MAX_WEBHOOKS} entries`);
	for (let i = 0; i < webhook.length; i++) {
		const problem = validateWebhookEntry(webhook[i], i);
		if (problem) return fail(40002, problem);
	}
	const value = webhook.map((/** @type {Record<string, any>} */ w) => ({
		method: w.method.toUpperCase(),
		url: w.url,
		headers: isPlainObject(w.headers) ? { ...w.headers } : {},
	}));
	return { value };
}

/**
 * @param {unknown} body the request's JSON
 * @returns {Checked<{ input: Record<string, any>, userId: string | null, isAsync: boolean,
 *   webhooks: import('./workflow').Webhook[] }>}
 */
function validateInvokeBody(body) {
	if (!isPlainObject(body)) return fail(40000, 'Request body must be a JSON object');
	if (!isPlainObject(body.input)) return fail(40001, 'input must be an object');
	if (body.userId !== undefined && body.userId !== null && typeof body.userId !== 'string') {
		return fail(40003, 'userId must be a string');
	}
	if (body.isAsync !== undefined && typeof body.isAsync !== 'boolean') {
		return fail(40003, 'isAsync must be a boolean');
	}
	const webhooks = validateWebhooks(body.webhook);
	if (webhooks.error) return { error: webhooks.error };
	return {
		value: {
			input: body.input,
			userId: body.userId ?? null,
			isAsync: body.isAsync === true,
			webhooks: webhooks.value,
		},
	};
}

/**
 * @param {unknown} body the request's JSON
 * @returns {Checked<{ workflowRunId: string }>}
 */
function validateQueryBody(body) {
	if (!isPlainObject(body)) return fail(40000, 'Request body must be a JSON object');
	if (typeof body.workflowRunId !== 'string' || body.workflowRunId === '') {
		return fail(40003, 'workflowRunId is required');
	}
	return { value: { workflowRunId: body.workflowRunId } };
}

/**
 * Integer query parameter; `fallback` when absent (undefined means required).
 * @param {URLSearchParams} params
 * @param {string} name
 * @param {number} [fallback]
 * @returns {{ value: number, problem?: undefined } | { problem: string, value?: undefined }}
 */
function intParam(params, name, fallback) {
	const raw = params.get(name);
	if (raw === null || raw === '') {
		return fallback === undefined ? { problem: `${name} is required` } : { value: fallback };
	}
	if (!/^\d+$/.test(raw)) return { problem: `${name} must be an integer` };
	return { value: Number(raw) };
}

/**
 * @param {URLSearchParams} params
 * @returns {Checked<{ type: string, start: number, end: number, page: number, pageSize: number,
 *   userId: string | null }>}
 */
function validateLogsQuery(params) {
	const type = params.get('conversation_type');
	if (!type) return fail(40003, 'conversation_type is required');
	if (!CONVERSATION_TYPES.includes(type)) {
		return fail(40003, `conversation_type must be one of ${CONVERSATION_TYPES.join(', ')}`);
	}
	const checks = {
		start: intParam(params, 'start_time'),
		end: intParam(params, 'end_time'),
		page: intParam(params, 'page', 1),
		pageSize: intParam(params, 'page_size', 10),
	};
	for (const check of Object.values(checks)) if (check.problem) return fail(40003, check.problem);
	// every check has a value now
	const [start, end, page, pageSize] = [checks.start, checks.end, checks.page, checks.pageSize].map(
		(c) => /** @type {number} */ (c.value),
	);
	if (end < start) return fail(40003, 'end_time must not be before start_time');
	if (page < 1) return fail(40003, 'page must be at least 1');
	if (pageSize < 10 || pageSize > 100) return fail(40003, 'page_size must be between 10 and 100');
	const userId = params.get('user_id') || null;
	return { value: { type, start, end, page, pageSize, userId } };
}

module.exports = {
	validateInvokeBody,
	validateQueryBody,
	validateLogsQuery,
	CONVERSATION_TYPES,
	MAX_WEBHOOKS,
};
