#!/usr/bin/env node
// @ts-check
// @ts-check
'use strict';
// Queue-mode end-to-end suite for n8n-nodes-gptbots (npm run test:e2e:queue).
//   node scripts/queue/run.js [--keep] [--concurrent N] [--trigger-ids N] [--only PHASE,…]
// Starts throw-away Redis + PostgreSQL on 127.0.0.1, installs the packed package as a community
// package, and runs n8n 2.8.4 (Node 20) in queue mode: one main process, two workers
// (`n8n worker --concurrency=10`) and one webhook process (`n8n webhook`), against the GPTBots
// simulator. Checks every invoke mode, N concurrent "wait by callback" executions resumed on the
// workers, and the GPTBots Workflow Trigger under duplicate deliveries spread over two processes.
// Everything started is stopped by PID afterwards (also on failure and SIGINT).
// Last line: "N passed, M failed"; exit code 1 if anything failed.
// QUEUE_STRICT_DEDUPE=1 also fails on duplicate executions from concurrent cross-process
// deliveries (a known limit: the trigger's de-dup is atomic within one process only).

// Phases: scripts/queue/phases/ (setup, then one file per group of checks).

const fs = require('fs');
const path = require('path');

const { log, secs, setLogPrefix } = require('../lib/log');
const { cleanupAll, installSignalHandlers } = require('../lib/processes');
const { scratchFolder } = require('../lib/suite');
const { results, figures, check } = require('./report');

setLogPrefix('queue');

const PHASES = [
	'02-modes',
	'03-callbacks',
	'04-trigger',
	'05-dedupHelpers',
	'06-chatSessions',
	'07-health',
];
const USAGE =
	'usage: node scripts/queue/run.js [--keep] [--concurrent N] [--trigger-ids N] [--only PHASE,…]\n' +
	`  --only: run the setup, these phases and the health checks (PHASE: ${PHASES.map((p) => p.slice(3)).join(', ')})`;

/** @param {string[]} argv */
function parseArgs(argv) {
	const args = { keep: false, concurrent: 20, triggerIds: 20, only: /** @type {string[]} */ ([]) };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const value = () => (a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i]);
		if (a === '--keep') args.keep = true;
		else if (a.startsWith('--concurrent')) args.concurrent = Math.max(1, Number(value()) || 20);
		else if (a.startsWith('--trigger-ids')) args.triggerIds = Math.max(1, Number(value()) || 20);
		else if (a.startsWith('--only')) args.only = value().split(',').filter(Boolean);
		else if (a === '-h' || a === '--help') {
			console.log(USAGE);
			process.exit(0);
		} else throw new Error(`unknown argument ${a}`);
	}
	const unknown = args.only.filter((name) => !PHASES.some((p) => p.slice(3) === name));
	if (unknown.length) throw new Error(`unknown phase ${unknown.join(', ')}\n${USAGE}`);
	return args;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	installSignalHandlers({
		summary: (interrupted) => {
			const failed = results.filter((r) => !r.ok).length + (interrupted ? 1 : 0);
			return `${results.length + (interrupted ? 1 : 0) - failed} passed, ${failed} failed`;
		},
	});
	const started = Date.now();
	const root = scratchFolder('gptbots-queue', { keep: args.keep });
	fs.chmodSync(root, 0o755); // the postgres user must reach its data folder below
	log(`scratch folder ${root}`);
	const logDir = path.join(root, 'logs');
	fs.mkdirSync(logDir, { recursive: true });

	const env = await require('./phases/01-setup').run({ args, root, logDir, started });
	const chosen = PHASES.filter(
		(p) => !args.only.length || args.only.includes(p.slice(3)) || p.endsWith('-health'),
	);
	for (const name of chosen) await require(`./phases/${name}`).run(env);
}

(async () => {
	let fatal = null;
	try {
		await main();
	} catch (error) {
		fatal = /** @type {Error} */ (error);
		check('the suite completes without an exception', false, fatal.stack || fatal.message);
	}
	const t0 = Date.now();
	await cleanupAll();
	log(`cleanup took ${secs(Date.now() - t0)}`);
	if (figures.length) {
		log('figures:');
		for (const f of figures) log(`  ${f}`);
	}
	const failed = results.filter((r) => !r.ok);
	if (failed.length) {
		log('failed checks:');
		for (const r of failed) log(`  ${r.name}`);
	}
	process.stdout.write(`${results.length - failed.length} passed, ${failed.length} failed\n`);
	process.exit(failed.length || fatal ? 1 : 0);
})();
