// @ts-check
'use strict';
// Starting n8n processes (`n8n start`, and a worker or webhook process in queue mode) and waiting
// for them and their webhooks.

const { tail } = require('./log');
const { startService } = require('./service');
const { freePort } = require('./ports');
const { request } = require('./request');
const { fatalError, waitFor } = require('./wait');

/** @typedef {import('./service').Service & { url: string, port: number, logs: () => string }} N8nServer */

/**
 * Starts an n8n process on 127.0.0.1 (`command`: `start` by default; `worker …`, `webhook` in
 * queue mode), its HTTP server on `port` (a free one if not given); resolves when
 * /healthz/readiness answers 200 and then `ready` (default for `start`: /rest/settings answers
 * 200; both come before webhooks are registered: wait for a webhook itself with waitForWebhook).
 * `logFile` and `timedLines` as startService's. Returns the service with { url, port, logs() };
 * stop() is also registered for cleanup.
 * @param {import('./install').N8nContext} ctx
 * @param {{ command?: string[], port?: number, extraEnv?: Record<string, string>,
 *   readyTimeoutMs?: number, logFile?: string, timedLines?: boolean,
 *   ready?: (server: N8nServer) => Promise<boolean> }} [options]
 * @returns {Promise<N8nServer>}
 */
async function startN8n(
	ctx,
	{
		command = ['start'],
		port: wantedPort,
		extraEnv = {},
		readyTimeoutMs = 90000,
		logFile,
		timedLines,
		ready = command[0] === 'start' ? restAnswers : undefined,
	} = {},
) {
	const port = wantedPort ?? (await freePort());
	const env = ctx.env({
		N8N_PORT: String(port),
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		...extraEnv,
	});
	const label = `n8n ${command[0]} (${ctx.line.name})`;
	const service = startService(label, ctx.line.nodePath, [ctx.line.n8nMain, ...command], {
		env,
		cwd: ctx.userFolder,
		logFile,
		timedLines,
	});
	const url = `http://127.0.0.1:${port}`;
	const server = Object.assign(service, { url, port, logs: service.output });
	try {
		await waitFor(
			`n8n ${ctx.line.version} ${command[0]} readiness on ${url}`,
			async () => {
				if (!server.running())
					throw fatalError(
						`n8n ${command[0]} exited ${server.child.exitCode ?? server.child.signalCode}`,
					);
				const res = await request('GET', `${url}/healthz/readiness`, { timeoutMs: 2000 });
				return res.status === 200 && (!ready || (await ready(server)));
			},
			{ timeoutMs: readyTimeoutMs, intervalMs: 300 },
		);
	} catch (error) {
		await server.stop();
		throw new Error(
			`${/** @type {Error} */ (error).message}\n--- n8n output (tail) ---\n${tail(server.output(), 40)}`,
		);
	}
	return server;
}

/**
 * Readiness answers before the REST controllers are mounted (404 "Cannot POST /rest/owner/setup"
 * for ~2 s after it): `n8n start` is ready when a REST route answers too.
 * @param {{ url: string }} server
 */
async function restAnswers(server) {
	return (await request('GET', `${server.url}/rest/settings`, { timeoutMs: 2000 })).status === 200;
}

/**
 * Polls a webhook URL until n8n has registered it: any answer but 404, or a 404 that says the
 * path is there for another method ("did you mean to make a POST request?").
 * @param {string} url
 * @param {{ method?: string, timeoutMs?: number, headers?: Record<string, string>, body?: unknown }} [options]
 */
async function waitForWebhook(url, { method = 'GET', timeoutMs = 60000, ...options } = {}) {
	return await waitFor(
		`webhook ${url}`,
		async () => {
			const res = await request(method, url, { timeoutMs: 5000, ...options });
			// 503: n8n is up but not ready yet (its database, right after start under load)
			if (res.status === 503) return false;
			return res.status !== 404 || /did you mean/i.test(res.text) ? res : false;
		},
		{ timeoutMs, intervalMs: 300 },
	);
}

module.exports = { startN8n, waitForWebhook };
