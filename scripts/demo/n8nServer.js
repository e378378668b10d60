'use strict';
// The demo's running n8n: its port, `n8n start`, the demo owner's login, activating the examples
// and their webhook URLs.

const { log } = require('../lib/log');
const { freePort, portIsFree } = require('../lib/ports');
const { startN8n: startN8nProcess } = require('../lib/n8nStart');
const { ownerLogin: restOwnerLogin } = require('../lib/rest');
const { productionWebhookUrl } = require('../lib/builders');
const C = require('./constants');
const { DemoError } = require('./demoError');

/**
 * @typedef {import('../lib/n8nStart').N8nServer} N8nServer
 * @typedef {import('../lib/rest').RestClient} RestClient
 */

/**
 * The requested port (must be free), else 5678 if free, else any free port.
 * @param {number} [requested]
 */
async function choosePort(requested) {
	if (requested) {
		if (!(await portIsFree(requested))) {
			throw new DemoError(
				`port ${requested} on 127.0.0.1 is busy (another n8n?): free it (\`ss -ltnp 'sport = :${requested}'\` shows who has it) or pick another with --port`,
			);
		}
		return requested;
	}
	if (await portIsFree(5678)) return 5678;
	const port = await freePort();
	log(`port 5678 is busy: using ${port} instead (choose one with --port)`);
	return port;
}

/**
 * `n8n start` on 127.0.0.1:port (WEBHOOK_URL set); resolves when the REST API answers.
 * @param {import('../lib/install').N8nContext} ctx
 * @param {number} port
 */
async function startN8n(ctx, port, { readyTimeoutMs = 120000 } = {}) {
	const url = `http://127.0.0.1:${port}`;
	try {
		return await startN8nProcess(ctx, {
			port,
			extraEnv: { N8N_EDITOR_BASE_URL: `${url}/`, N8N_LOG_LEVEL: 'warn' },
			readyTimeoutMs,
		});
	} catch (caught) {
		const error = /** @type {Error} */ (caught);
		const hint = /EADDRINUSE/.test(error.message)
			? `\nport ${port} was taken meanwhile: run again, or pick one with --port`
			: '';
		throw new DemoError(`n8n did not start: ${error.message}${hint}`);
	}
}

/**
 * Logs in as the demo owner; sets the owner up first if this n8n has none yet. Returns a REST
 * client { get, post, patch, cookie, owner, createdOwner }.
 * @param {N8nServer & { userFolder?: string }} server
 */
async function ownerLogin(server, owner = C.DEMO_OWNER) {
	return await restOwnerLogin(server, owner, {
		setupFailed: (res, setup) =>
			new DemoError(
				`cannot log in as ${owner.email} (HTTP ${res.status}) nor set up the owner (HTTP ${setup.status}: ${setup.text.slice(0, 200)}).\n` +
					`  The demo's user folder has another owner: delete it (${server.userFolder || 'see --help'}) to start afresh.`,
			),
	});
}

/**
 * Activates (publishes) a workflow through the REST API of the running n8n.
 * @param {RestClient} rest
 * @param {string} workflowId
 */
async function activate(rest, workflowId) {
	const got = await rest.get(`/rest/workflows/${workflowId}`);
	const wf = got.json?.data ?? got.json;
	if (got.status !== 200 || !wf)
		throw new Error(
			`GET /rest/workflows/${workflowId} answered ${got.status}: ${got.text.slice(0, 200)}`,
		);
	const res = await rest.post(`/rest/workflows/${workflowId}/activate`, {
		versionId: wf.versionId,
	});
	if (res.status !== 200) {
		// Older 2.x without the publish endpoint: PATCH { active: true }.
		const patched = await rest.patch(`/rest/workflows/${workflowId}`, {
			active: true,
			versionId: wf.versionId,
		});
		if (patched.status !== 200)
			throw new Error(
				`activating ${workflowId} failed: ${res.status} ${res.text.slice(0, 200)} / ${patched.status} ${patched.text.slice(0, 200)}`,
			);
	}
}

/**
 * The production URL of an example's Webhook node with this path.
 * @param {{ url: string }} server
 * @param {string} p
 */
const productionUrl = (server, p) => `${server.url}/webhook/${p}`;
/**
 * The production URL of the trigger example.
 * @param {{ url: string }} server
 */
const triggerUrl = (server) => productionWebhookUrl(server, C.TRIGGER_WEBHOOK_ID);
/** The Agent Trigger example's Production URL (what goes into the agent's webhook in GPTBots). */
const agentTriggerUrl = (/** @type {{ url: string }} */ server) =>
	productionWebhookUrl(server, C.AGENT_TRIGGER_WEBHOOK_ID, 'gptbots-agent');

module.exports = {
	choosePort,
	startN8n,
	ownerLogin,
	activate,
	productionUrl,
	triggerUrl,
	agentTriggerUrl,
};
