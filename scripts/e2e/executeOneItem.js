// @ts-check
'use strict';
// The outcomes most execute cases start from: `n8n execute` exits 0 and the GPTBots node gives
// exactly one item, or it exits 1 with the node's error.

/**
 * Executes workflow `key` (env.execute), checks exit code 0 and one output item of the node
 * "GPTBots"; resolves { r, items } (r: the executeWorkflow result) for the case's own checks.
 * @param {import('../lib/checks').Checks} t
 * @param {import('./run').E2eEnv} env
 * @param {string} key
 */
async function executeOneItem(t, env, key) {
	const r = await env.execute(key);
	t.exitCode(r, 0);
	const items = r.output('GPTBots') || [];
	t.equal('one output item', items.length, 1);
	return { r, items };
}

/**
 * Executes workflow `key` (env.execute) and checks exit code 1; resolves { r, message } (r: the
 * executeWorkflow result, message: its error's message, '' if it has none) for the case's checks.
 * @param {import('../lib/checks').Checks} t
 * @param {import('./run').E2eEnv} env
 * @param {string} key
 */
async function executeFailing(t, env, key) {
	const r = await env.execute(key);
	t.exitCode(r, 1);
	return { r, message: r.error?.message || '' };
}

module.exports = { executeOneItem, executeFailing };
