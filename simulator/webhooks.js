'use strict';

const http = require('node:http');
const https = require('node:https');
const { DEFAULT_VARIANTS, deliveryBody, viewRun } = require('./variants');
/** The run's scalar fields sent as query parameters to GET/DELETE webhooks. */
const QUERY_FIELDS = [
	'workflowRunId',
	'status',
	'workflowId',
	'workflowName',
	'workflowVersion',
	'totalCost',
	'totalTokens',
	'startTime',
	'endTime',
	'workflowExecutionTime',
];

const BODYLESS_METHODS = new Set(['GET', 'DELETE']);

/**
 * One HTTP request to a webhook, as sent.
 * @typedef {{ url: string, method: string, headers: Record<string, string>, body: string | null }} Delivery
 * What became of it: the answer's status (null: none) or the network error.
 * @typedef {{ statusCode: number | null, error: string | null, sentAt: number, answeredAt: number }} SendResult
 */

/**
 * What is sent for one webhook entry, given the run as the API shows it (`view`) and the
 * variants in force (see variants.js).
 * POST/PUT/PATCH: the run as the body, shaped by `variants.delivery`.
 * GET/DELETE: no body; the run's scalars plus `output` and `input` (JSON strings) are
 * appended to the URL's query, keeping the query the caller put there.
 * @param {{ url: string, method?: string, headers?: Record<string, unknown> }} hook
 * @param {Partial<import('./workflow').Run>} view
 * @param {import('./variants').Variants} [variants]
 * @returns {Delivery}
 */
function buildDelivery(hook, view, variants = DEFAULT_VARIANTS) {
	const method = String(hook.method || 'POST').toUpperCase();
	/** @type {Record<string, string>} */
	const headers = {};
	for (const [name, value] of Object.entries(hook.headers || {})) headers[name] = String(value);
	if (BODYLESS_METHODS.has(method)) {
		/** @type {Record<string, unknown>} */
		const run = viewRun(view, variants);
		const url = new URL(hook.url);
		for (const field of QUERY_FIELDS) {
			if (run[field] !== undefined) url.searchParams.append(field, String(run[field]));
		}
		url.searchParams.append('output', JSON.stringify(run.output ?? null));
		url.searchParams.append('input', JSON.stringify(run.input ?? null));
		return { url: url.toString(), method, headers, body: null };
	}
	const { body, contentType } = deliveryBody(view, variants);
	return {
		url: hook.url,
		method,
		headers: contentType ? { ...headers, 'Content-Type': contentType } : headers,
		body,
	};
}

/**
 * Sends one delivery; never rejects. Resolves `{statusCode, error, sentAt, answeredAt}`.
 * `track` registers the outgoing request so the simulator can abort it on stop().
 * @param {Delivery} delivery
 * @param {{ timeoutMs: number, track: (req: import('node:http').ClientRequest) => () => void }} how
 * @returns {Promise<SendResult>}
 */
function sendOnce(delivery, { timeoutMs, track }) {
	return new Promise((resolve) => {
		const sentAt = Date.now();
		/**
		 * @param {number | null} statusCode
		 * @param {string | null} error
		 */
		const finish = (statusCode, error) => {
			resolve({ statusCode, error, sentAt, answeredAt: Date.now() });
		};
		let req;
		try {
			const client = delivery.url.startsWith('https:') ? https : http;
			/** @type {Record<string, string | number>} */
			const headers = { ...delivery.headers };
			if (delivery.body !== null) headers['Content-Length'] = Buffer.byteLength(delivery.body);
			req = client.request(delivery.url, { method: delivery.method, headers });
		} catch (error) {
			finish(null, /** @type {Error} */ (error).message); // e.g. an invalid header name from the caller
			return;
		}
		const untrack = track(req);
		req.setTimeout(timeoutMs, () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
		req.on('response', (res) => {
			res.resume(); // the body does not matter, but must be drained to free the socket
			res.on('end', () => {
				untrack();
				finish(res.statusCode ?? null, null);
			});
			res.on('error', (error) => {
				untrack();
				finish(res.statusCode ?? null, error.message);
			});
		});
		req.on('error', (/** @type {NodeJS.ErrnoException} */ error) => {
			untrack();
			finish(null, error.message || error.code || 'request failed');
		});
		req.end(delivery.body ?? undefined);
	});
}

/** @param {number | null | undefined} statusCode */
function isSuccess(statusCode) {
	if (statusCode === undefined) return false;
	return statusCode !== null && statusCode >= 200 && statusCode < 300;
}

module.exports = { buildDelivery, sendOnce, isSuccess, QUERY_FIELDS };
