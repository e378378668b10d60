// @ts-check
'use strict';

/** What the probe's tests (probe.test.js, probe-agent.test.js) share: run `npm run probe` as users do; a free port (the driver's). */

const path = require('node:path');
const { spawn } = require('node:child_process');
const { freePort } = require('../scripts/lib/ports');

const PROBE = path.join(__dirname, '..', 'scripts', 'probe', 'probe.js');

/** Runs the probe with `args` and only PATH plus `env` in its environment; resolves {code, stdout, stderr}. */
/**
 * @param {string[]} args
 * @param {Record<string, string>} env
 * @returns {Promise<{ code: number | null, stdout: string, stderr: string }>}
 */
function runProbe(args, env) {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [PROBE, ...args], {
			env: { PATH: process.env.PATH, ...env },
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		child.on('exit', (code) => resolve({ code, stdout, stderr }));
	});
}

/**
 * The probe's arguments for a run that also waits (10 s) for webhook deliveries on `port`, which
 * GPTBots reaches at `publicUrl` (here: the same port).
 * @param {string} out
 * @param {number} port
 */
function webhookArgs(out, port, publicUrl = `http://127.0.0.1:${port}`) {
	return [
		'--out',
		out,
		'--public-url',
		publicUrl,
		'--listen-port',
		String(port),
		'--webhook-wait',
		'10',
	];
}

module.exports = { freePort, runProbe, webhookArgs };
