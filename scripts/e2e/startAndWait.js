'use strict';
// The wait-by-callback cases (cases/22-callback.js, cases/25-callback-shapes.js): workflows that a
// Webhook node starts and that report their items (reports.js); a case starts one and waits for
// what it reports once its executions resumed.
const { request } = require('../lib/request');
const { stableUuid, webhookNode, workflow } = require('../lib/builders');
const { reportNode, reports, waitForReports } = require('./reports');
const { serverOf } = require('./serverEnv');

/** @typedef {import('./run').E2eEnv} E2eEnv */

/**
 * The production URL of the Webhook node that starts workflow `key`.
 * @param {E2eEnv} env a server case's
 * @param {string} key
 */
const startUrl = (env, key) => `${serverOf(env).server.url}/webhook/gptbots-${key}`;

/**
 * An active workflow `key`: a Webhook node (POST /webhook/gptbots-<key>, answering at once)
 * starts it, `nodes` follow, and a Report node posts each item at /<key>/<line>.
 * @param {E2eEnv} env
 * @param {string} key
 * @param {string} name
 * @param {import('../lib/builders').WorkflowNode[]} nodes
 */
function webhookStartedWorkflow(env, key, name, nodes) {
	const start = webhookNode(
		'Start',
		`gptbots-${key}`,
		stableUuid(`callback-start:gptbots-${key}`),
		'onReceived',
	);
	return workflow(key, name, [start, ...nodes, reportNode(env, key)], { active: true });
}

/**
 * POSTs `body` to the Webhook node of workflow `key`: one execution.
 * @param {E2eEnv} env
 * @param {string} key
 * @param {unknown} body
 */
const start = (env, key, body) => request('POST', startUrl(env, key), { body });

/**
 * Starts workflow `key` with `body` and waits until it reported `count` more items; resolves
 * those items (receiver records).
 * @param {E2eEnv} env
 * @param {string} key
 * @param {unknown} body
 * @param {number} count
 * @param {{ label?: string, timeoutMs?: number }} [options] as waitForReports
 */
async function startAndWait(env, key, body, count, options) {
	const before = reports(env, key).length;
	await start(env, key, body);
	return (await waitForReports(env, key, before + count, options)).slice(before);
}

/**
 * The simulator's callbacks to n8n's resume URLs (/webhook-waiting/…), of the runs in `runIds`
 * (a Set) if given.
 * @param {E2eEnv} env
 * @param {Set<string>} [runIds]
 * @returns {import('../../simulator/records').DeliveryRecord[]}
 */
const resumeDeliveries = (env, runIds) =>
	env.sim.state.deliveries.filter(
		(d) => String(d.url).includes('/webhook-waiting/') && (!runIds || runIds.has(d.runId)),
	);

module.exports = { startUrl, webhookStartedWorkflow, start, startAndWait, resumeDeliveries };
