'use strict';

/**
 * Control API under /__sim/ (no auth) so other processes (the n8n end-to-end suite,
 * the benchmark) can steer a simulator started with cli.js and read its records.
 */

const { readBody, parseJson, isPlainObject, jsonResponse } = require('./http-utils');

const ok = (extra = {}) => jsonResponse(200, { ok: true, ...extra });
/** @param {string} message */
const badRequest = (message) => jsonResponse(400, { ok: false, error: message });

/**
 * A control request: its URL and its JSON body (any: whatever the caller sent; the simulator's
 * own checks refuse what does not fit).
 * @typedef {{ url: URL, body: Record<string, any> }} ControlRequest
 */

/** @param {ReturnType<typeof import('./server').createSimulator>} sim */
function createControlHandler(sim) {
	/** @type {Record<string, (request: ControlRequest) => import('./http-utils').SimResponse | Promise<import('./http-utils').SimResponse>>} */
	const routes = {
		'GET /__sim/state': ({ url }) => {
			const last = Number(url.searchParams.get('requests') ?? 200);
			return jsonResponse(200, sim.summary({ lastRequests: Number.isFinite(last) ? last : 200 }));
		},
		'POST /__sim/configure': ({ body }) => ok({ options: withoutKeys(sim.configure(body)) }),
		'POST /__sim/fault': ({ body }) => {
			if (body.kind === 'refuse') {
				sim.faults.refuseFor(body.ms ?? 1000);
				return ok();
			}
			sim.faults.queue(body.path, body.kind, body.count ?? 1);
			return ok({ pending: sim.faults.pending() });
		},
		'POST /__sim/reset': () => {
			sim.reset();
			return ok();
		},
		'POST /__sim/deliver': async ({ body }) => {
			if (typeof body.url !== 'string') throw new TypeError('url is required');
			const result = await sim.deliver(body);
			return jsonResponse(200, { statusCode: result.statusCode, error: result.error });
		},
		'POST /__sim/agent/human-reply': async ({ body }) =>
			ok(
				await sim.agent.humanReply(
					/** @type {Parameters<typeof sim.agent.humanReply>[0]} */ (body),
				),
			),
		'POST /__sim/seed-runs': ({ body }) => {
			const ids = sim.seedRuns(body.count, {
				userId: body.userId ?? null,
				startTime: body.startTime,
				conversationType: body.conversationType,
				inputs: body.inputs ?? null,
			});
			return ok({ runIds: ids });
		},
	};

	/**
	 * GET /__sim/runs/<id>: one run record, for assertions that need more than the summary.
	 * @param {URL} url
	 */
	function runRoute(url) {
		const id = decodeURIComponent(url.pathname.slice('/__sim/runs/'.length));
		const record = sim.state.runs.get(id);
		if (!record) return jsonResponse(404, { ok: false, error: 'run not found' });
		const { planned, ...rest } = record;
		return jsonResponse(200, rest);
	}

	/**
	 * @param {import('node:http').IncomingMessage} req
	 * @param {import('node:http').ServerResponse} res
	 * @param {URL} url
	 */
	return async function handleControl(req, res, url) {
		/** @type {import('./http-utils').SimResponse} */
		let response;
		try {
			if (req.method === 'GET' && url.pathname.startsWith('/__sim/runs/')) {
				response = runRoute(url);
			} else {
				const route = routes[`${req.method} ${url.pathname}`];
				response = route
					? await route({ url, body: await jsonBody(req) })
					: jsonResponse(404, { ok: false, error: 'Not found' });
			}
		} catch (error) {
			// Validation errors (unknown option, bad fault kind...) are the caller's mistake.
			response = badRequest(/** @type {Error} */ (error).message);
		}
		res.writeHead(response.status, response.headers);
		res.end(response.body);
	};
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<Record<string, any>>}
 */
async function jsonBody(req) {
	const raw = await readBody(req);
	if (!raw) return {};
	const parsed = parseJson(raw);
	if (!parsed.ok || !isPlainObject(parsed.value)) throw new TypeError('body must be a JSON object');
	return parsed.value;
}

/** @param {Record<string, unknown>} options */
function withoutKeys(options) {
	const { apiKeys, agentApiKeys, ...rest } = options;
	return rest;
}

module.exports = { createControlHandler };
