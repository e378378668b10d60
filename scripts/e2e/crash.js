'use strict';
// Crashing the suite's `n8n start` on purpose (cases/26-callback-crash.js): SIGKILL to n8n and
// its task runners, then a new `n8n start` on the same port and user folder, so that resume URLs
// handed out before the crash stay valid. The new server replaces env.server.
const { log, secs } = require('../lib/log');
const { startN8n } = require('../lib/n8nStart');
const { serverOf } = require('./serverEnv');

/**
 * SIGKILL to n8n's whole process group (it was spawned detached); resolves once it exited.
 * @param {import('./run').E2eEnv} env a server case's
 */
async function killN8n(env) {
	const { server } = serverOf(env);
	const exited = new Promise((resolve) => {
		if (server.child.exitCode !== null || server.child.signalCode !== null) resolve(undefined);
		else server.child.once('exit', resolve);
	});
	const pid = /** @type {number} */ (server.pid); // a started n8n has one
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		process.kill(pid, 'SIGKILL');
	}
	await exited;
	await server.stop(); // forgets its cleanup entry; nothing left to stop
	log(`n8n (pid ${server.pid}) killed with SIGKILL`);
}

/**
 * A new `n8n start` on the old port (same user folder and settings); resolves its start time in ms.
 * @param {import('./run').E2eEnv} env a server case's
 * @param {Record<string, string>} [extraEnv]
 */
async function restartN8n(env, extraEnv = {}) {
	const started = Date.now();
	const server = await startN8n(env.ctx, { port: serverOf(env).server.port, extraEnv });
	env.server = server;
	const ms = Date.now() - started;
	log(`n8n restarted (pid ${server.pid}) in ${secs(ms)}`);
	return ms;
}

module.exports = { killN8n, restartN8n };
