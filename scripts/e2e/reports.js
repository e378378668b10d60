'use strict';
// What the server cases' workflows report: their last node, "Report", posts each item to the
// suite's receiver at /<name>/<line>; the cases read those posts back and wait for them.
const { waitFor } = require('../lib/wait');
const { postItemNode } = require('../lib/builders');

/**
 * @typedef {import('./run').E2eEnv} E2eEnv
 * An item the receiver got: `body` is what the workflow posted (any: the workflow's JSON).
 * @typedef {import('../lib/receiver').ReceivedRequest} Report
 */

/**
 * The Report node: posts each incoming item to the receiver at /<name>/<line>.
 * @param {E2eEnv} env
 * @param {string} name
 */
const reportNode = (env, name) =>
	postItemNode('Report', `${env.receiver.url}/${name}/${env.line.name}`);

/**
 * The items reported at /<name>/<line> so far (receiver records: { body, at, … }).
 * @param {E2eEnv} env
 * @param {string} name
 * @returns {Report[]}
 */
const reports = (env, name) =>
	env.receiver.received.filter((r) => r.url === `/${name}/${env.line.name}`);

/**
 * Waits until at least `count` items are reported at /<name>/<line>; resolves all reported there.
 * @param {E2eEnv} env
 * @param {string} name
 * @param {number} count
 * @param {{ label?: string, timeoutMs?: number }} [options] label: what the time-out error names
 * @returns {Promise<Report[]>}
 */
function waitForReports(env, name, count, { label, timeoutMs = 60000 } = {}) {
	return waitFor(
		label ?? `${count} items at /${name}`,
		() => {
			const got = reports(env, name);
			return got.length >= count ? got : false;
		},
		{ timeoutMs },
	);
}

module.exports = { reportNode, reports, waitForReports };
