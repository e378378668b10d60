'use strict';

const http = require('node:http');
const https = require('node:https');
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
 * What is sent for one webhook entry, given the run as the API shows it (`view`).
 * POST/PUT/PATCH: the run as JSON body.
 * GET/DELETE: no body; the run's scalars plus `output` and `input` (JSON strings) are
 * appended to the URL's query, keeping the query the caller put there.
 */
function buildDelivery(hook, view) {
	const method = String(hook.method || 'POST').toUpperCase();
	const headers = {};
	for (const [name, value] of Object.entries(hook.headers || {})) headers[name] = String(value);
	if (BODYLESS_METHODS.has(method)) {
		const url = new URL(hook.url);
		for (const field of QUERY_FIELDS) {
			if (view[field] !== undefined) url.searchParams.append(field, String(view[field]));
		}
		url.searchParams.append('output', JSON.stringify(view.output ?? null));
		url.searchParams.append('input', JSON.stringify(view.input ?? null));
		return { url: url.toString(), method, headers, body: null };
	}
	return {
		url: hook.url,
		method,
		headers: { ...headers, 'Content-Type': 'application/json' },
		body: JSON.stringify(view),
	};
}

/**
 * Sends one delivery; never rejects. Resolves `{statusCode, error, sentAt, answeredAt}`.
 * `track` registers the outgoing request so the simulator can abort it on stop().
 */
function sendOnce(delivery, { timeoutMs, track }) {
	return new Promise((resolve) => {
		const sentAt = Date.now();
		const finish = (statusCode, error) => {
			resolve({ statusCode, error, sentAt, answeredAt: Date.now() });
		};
		let req;
		try {
			const client = delivery.url.startsWith('https:') ? https : http;
			const headers = { ...delivery.headers };
			if (delivery.body !== null) headers['Content-Length'] = Buffer.byteLength(delivery.body);
			req = client.request(delivery.url, { method: delivery.method, headers });
		} catch (error) {
			finish(null, error.message); // e.g. an invalid header name from the caller
			return;
		}
		const untrack = track(req);
		req.setTimeout(timeoutMs, () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
		req.on('response', (res) => {
			res.resume(); // the body does not matter, but must be drained to free the socket
			res.on('end', () => {
				untrack();
				finish(res.statusCode, null);
			});
			res.on('error', (error) => {
				untrack();
				finish(res.statusCode, error.message);
			});
		});
		req.on('error', (error) => {
			untrack();
			finish(null, error.message || error.code || 'request failed');
		});
		req.end(delivery.body ?? undefined);
	});
}

function isSuccess(statusCode) {
	return statusCode !== null && statusCode >= 200 && statusCode < 300;
}

module.exports = { buildDelivery, sendOnce, isSuccess, QUERY_FIELDS };
