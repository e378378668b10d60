// @ts-check
'use strict';
// Long-running processes a suite starts (n8n, Redis, PostgreSQL): own process group, output kept
// (and appended to a log file if given), stopped by PID at cleanup.

const { spawn } = require('child_process');
const fs = require('fs');

const { log, secs } = require('./log');
const { assertNotStopping, onCleanup, stopProcess, trackChild } = require('./processes');

/**
 * A running service. `lines` (with `timedLines`) holds each output line with its arrival time.
 * @typedef {object} Service
 * @property {string} label
 * @property {import('child_process').ChildProcess} child
 * @property {number | undefined} pid
 * @property {() => string} output the output so far (the last 2 MB at least)
 * @property {{ at: number, text: string }[]} lines
 * @property {() => boolean} running
 * @property {() => Promise<void>} stop also registered for cleanup
 */

/**
 * Starts `command args` in its own process group (as `uid`/`gid` if given). Stopping sends
 * `stopSignal` (SIGKILL to the group after `graceMs`).
 * @param {string} label
 * @param {string} command
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, cwd?: string, logFile?: string, uid?: number, gid?: number,
 *   stopSignal?: NodeJS.Signals, graceMs?: number, timedLines?: boolean }} [options]
 * @returns {Service}
 */
function startService(
	label,
	command,
	args,
	{ env, cwd, logFile, uid, gid, stopSignal = 'SIGTERM', graceMs = 10000, timedLines = false } = {},
) {
	assertNotStopping(label);
	const out = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : null;
	// its own process group (detached), stopped by its own cleanup entry (handle.stop)
	const child = spawn(command, args, { env, cwd, uid, gid, detached: true, stdio: 'pipe' });
	child.stdin.end();
	trackChild(child, { managed: true });
	let output = '';
	let partial = '';
	/** @type {{ at: number, text: string }[]} */
	const lines = [];
	const keep = (/** @type {Buffer} */ d) => {
		output += d;
		if (output.length > 4e6) output = output.slice(-2e6);
		if (out) out.write(d);
		if (!timedLines) return;
		const at = Date.now();
		const parts = (partial + d).split('\n');
		partial = /** @type {string} */ (parts.pop());
		for (const text of parts) lines.push({ at, text });
	};
	child.stdout.on('data', keep);
	child.stderr.on('data', keep);
	child.once('error', (error) => log(`${label}: ${error.message}`));
	/** @type {Service} */
	const handle = {
		label,
		child,
		pid: child.pid,
		output: () => output,
		lines,
		running: () => child.exitCode === null && child.signalCode === null,
		async stop() {
			unregister();
			const started = Date.now();
			await stopProcess(child, label, graceMs, stopSignal);
			out?.end();
			log(`${label} (pid ${child.pid}) stopped in ${secs(Date.now() - started)}`);
		},
	};
	const unregister = onCleanup(`${label} pid ${child.pid}`, () => handle.stop());
	return handle;
}

module.exports = { startService };
