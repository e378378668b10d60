// @ts-check
'use strict';
// Starting `n8n start` (tracked for cleanup) and waiting for it and its webhooks.

const { spawn } = require('child_process');

const { log, secs, tail } = require('./log');
const { assertNotStopping, onCleanup, stopProcess, trackChild } = require('./processes');
const { freePort } = require('./ports');
const { request } = require('./request');
const { waitFor } = require('./wait');

/**
 * Starts `n8n start` on 127.0.0.1 and a free port; resolves when /healthz/readiness and
 * /rest/settings answer 200. Both come before webhooks are registered: wait for a webhook itself
 * with waitForWebhook.
 * Returns { url, port, pid, child, logs(), stop() }; stop() is also registered for cleanup.
 * @param {import('./install').N8nContext} ctx
 * @param {{ port?: number, extraEnv?: Record<string, string>, readyTimeoutMs?: number }} [options]
 */
async function startN8n(ctx, { port: wantedPort, extraEnv = {}, readyTimeoutMs = 90000 } = {}) {
	assertNotStopping('n8n start');
	const port = wantedPort ?? (await freePort());
	const env = ctx.env({
		N8N_PORT: String(port),
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		...extraEnv,
	});
	const child = spawn(ctx.line.nodePath, [ctx.line.n8nMain, 'start'], {
		env,
		cwd: ctx.userFolder,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	trackChild(child, { managed: true }); // stopped by its own cleanup entry (handle.stop)
	let output = '';
	const keep = (/** @type {Buffer} */ d) => {
		output += d;
		if (output.length > 400000) output = output.slice(-200000);
	};
	child.stdout.on('data', keep);
	child.stderr.on('data', keep);
	const url = `http://127.0.0.1:${port}`;
	const handle = {
		url,
		port,
		pid: child.pid,
		child,
		logs: () => output,
		async stop() {
			unregister();
			const started = Date.now();
			await stopProcess(child, `n8n start (${ctx.line.name})`);
			log(`n8n start (pid ${child.pid}) stopped in ${secs(Date.now() - started)}`);
		},
	};
	const unregister = onCleanup(`n8n start pid ${child.pid}`, () => handle.stop());
	try {
		await waitFor(
			`n8n ${ctx.line.version} readiness on ${url}`,
			async () => {
				if (child.exitCode !== null || child.signalCode !== null) {
					throw Object.assign(new Error(`n8n start exited ${child.exitCode ?? child.signalCode}`), {
						fatal: true,
					});
				}
				const res = await request('GET', `${url}/healthz/readiness`, { timeoutMs: 2000 });
				if (res.status !== 200) return false;
				// Readiness answers before the REST controllers are mounted (404 "Cannot POST
				// /rest/owner/setup" for ~2 s after it): wait for a REST route too.
				const settings = await request('GET', `${url}/rest/settings`, { timeoutMs: 2000 });
				return settings.status === 200;
			},
			{ timeoutMs: readyTimeoutMs, intervalMs: 300 },
		);
	} catch (error) {
		await handle.stop();
		throw new Error(
			`${/** @type {Error} */ (error).message}\n--- n8n output (tail) ---\n${tail(output, 40)}`,
		);
	}
	return handle;
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
