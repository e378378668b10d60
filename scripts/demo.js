#!/usr/bin/env node
'use strict';
// npm run demo — a real n8n with this package, the example workflows and a GPTBots simulator, on
// 127.0.0.1; no GPTBots account needed. Runs one example end to end, prints its result and the
// editor URL, and stays up until Ctrl-C (which stops everything it started, by PID).
// `node scripts/demo.js --help` for the flags. See examples/README.md for the workflows.

const path = require('path');

const { CACHE, DATA_CENTRE_BASE_URLS, LINES } = require('./lib/constants');
const { T0, log, setLogPrefix, tail } = require('./lib/log');
const { cleanupAll } = require('./lib/processes');
const { portIsFree } = require('./lib/ports');
const { n8nContext } = require('./lib/install');
const { waitForWebhook } = require('./lib/n8nStart');
const C = require('./demo/constants');
const { DemoError } = require('./demo/demoError');
const { parseArgs } = require('./demo/args');
const { checkPrerequisites } = require('./demo/prerequisites');
const { buildAndPack, distIsStale, ensureLine, prepareUserFolder } = require('./demo/install');
const { readState, takeLock, writeState } = require('./demo/demoFolder');
const { startSimulator } = require('./lib/simulator');
const { credentialName } = require('./demo/target');
const { importCredentialAndExamples, importPlan } = require('./demo/examples');
const { activate, choosePort, ownerLogin, productionUrl, startN8n } = require('./demo/n8nServer');
const { runExamples } = require('./demo/runExamples');
const { chatUrl } = require('./lib/chat');

/** The demo's progress lines, and the driver's, say "[demo]". */
setLogPrefix('demo');

let shuttingDown = false;
let startedSomething = false; // only then is "stopped everything" worth saying
/**
 * @param {number} code the exit code
 * @param {string} [why]
 */
async function shutdown(code, why) {
	if (shuttingDown) return;
	shuttingDown = true;
	if (why) log(why);
	const started = Date.now();
	await cleanupAll();
	if (startedSomething)
		log(`stopped everything the demo started (${((Date.now() - started) / 1000).toFixed(1)} s)`);
	process.exit(code);
}

/**
 * The real GPTBots the flags chose (only asked when no simulator runs).
 * @param {import('./demo/args').DemoArgs} args
 */
const realTarget = (args) => /** @type {import('./demo/args').RealTarget} */ (args.target);

function installSignalHandlers() {
	process.on('SIGINT', () => shutdown(130, 'Ctrl-C: stopping n8n and the simulator ...'));
	process.on('SIGTERM', () => shutdown(143, 'SIGTERM: stopping n8n and the simulator ...'));
	process.on('SIGHUP', () => shutdown(129, 'SIGHUP: stopping n8n and the simulator ...'));
	process.on('unhandledRejection', (error) => {
		console.error(error);
		shutdown(1, 'unexpected error: stopping everything');
	});
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	installSignalHandlers();
	checkPrerequisites(args.line);
	const line = LINES[/** @type {'legacy' | 'current'} */ (args.line)]; // checkPrerequisites checked it
	const demoDir = path.join(CACHE, `demo-${args.line}`);
	const stateFile = path.join(demoDir, 'demo-state.json');
	/** @type {Record<string, number>} */
	const timings = {};
	/**
	 * @template T
	 * @param {string} name
	 * @param {() => Promise<T>} fn
	 * @returns {Promise<T>}
	 */
	const phase = async (name, fn) => {
		const started = Date.now();
		const result = await fn();
		timings[name] = Date.now() - started;
		return result;
	};

	log(
		`n8n-nodes-gptbots demo: n8n ${line.version} (${args.line}), ${args.target.kind === 'simulator' ? 'GPTBots simulator' : `real GPTBots (${args.target.baseUrl || args.target.endpoint})`}`,
	);
	const port = await choosePort(args.port);
	const n8nUrl = `http://127.0.0.1:${port}`;
	takeLock(demoDir, n8nUrl);
	startedSomething = true;

	const resolved = await phase('n8n', () => ensureLine(args.line, { reinstall: args.reinstall }));
	const pack = await phase('build', async () => {
		const build = args.build === true || (args.build === 'auto' && distIsStale());
		log(
			build
				? 'building and packing the package (npm run build, npm pack) ...'
				: 'dist/ is up to date: packing it (npm pack) ...',
		);
		return await buildAndPack(path.join(demoDir, 'pack'), { build });
	});
	const { installed } = await phase('install', () => prepareUserFolder(demoDir, pack));
	log(
		installed
			? `installed ${path.basename(pack.tarball)} as a community package into ${demoDir}/.n8n/nodes`
			: `${path.basename(pack.tarball)} unchanged since the last run: installed already`,
	);

	let sim;
	if (args.target.kind === 'simulator') {
		// The same port as last time if free: the credential (its base URL) then stays as imported.
		const last = readState(stateFile).simPort;
		const simPort = last && (await portIsFree(last)) ? last : 0;
		sim = await phase('simulator', () =>
			startSimulator({ mode: 'child', latencyMs: 50, asyncDurationMs: 3000, port: simPort }),
		);
		writeState(stateFile, { simPort: Number(new URL(sim.url).port) });
		log(`GPTBots simulator on ${sim.url} (pid ${sim.pid})`);
	}
	// without a simulator the flags chose real GPTBots
	const target = /** @type {import('./demo/target').Target} */ (
		sim ? { kind: 'simulator', url: sim.url } : args.target
	);
	const ctx = n8nContext(resolved, demoDir);
	const { imported } = await phase('import', async () => {
		const { hash } = importPlan(target, n8nUrl);
		if (args.reset || readState(stateFile).importHash !== hash)
			log(
				'importing the credential and the example workflows (n8n import:credentials, import:workflow) ...',
			);
		return await importCredentialAndExamples(ctx, target, n8nUrl, {
			stateFile,
			force: args.reset,
		});
	});
	if (!imported)
		log(
			'the credential and the example workflows are as last imported: kept (--reset re-imports them)',
		);
	/** @type {import('./lib/n8nStart').N8nServer & { userFolder?: string }} */
	const server = await phase('n8nStart', async () => {
		log(`starting n8n ${resolved.version} on ${n8nUrl} ...`);
		return await startN8n(ctx, port);
	});
	server.userFolder = demoDir; // named when the owner login fails
	server.child.once(
		'exit',
		(/** @type {number | null} */ code, /** @type {string | null} */ signal) => {
			if (!shuttingDown) {
				console.error(`\n--- n8n output (tail) ---\n${tail(server.logs(), 30)}`);
				shutdown(1, `n8n (pid ${server.pid}) exited unexpectedly (${code ?? signal})`);
			}
		},
	);
	const rest = await phase('login', () => ownerLogin(server));
	await phase('activate', async () => {
		for (const id of C.SERVED_IDS) await activate(rest, id);
		await waitForWebhook(productionUrl(server, C.WEBHOOK_PATHS.webhook));
	});
	const readyMs = Date.now() - T0;
	log(
		`ready in ${(readyMs / 1000).toFixed(1)} s (${Object.entries(timings)
			.map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`)
			.join(', ')})`,
	);

	const banner = [
		'',
		`  n8n editor:   ${n8nUrl}`,
		`  log in as:    ${C.DEMO_OWNER.email} / ${C.DEMO_OWNER.password}   (local-only demo account${rest.createdOwner ? ', just created' : ''})`,
		`  examples:     Overview → the "GPTBots example: …" workflows (examples/README.md says what each does)`,
		`                credential "${credentialName(target)}" → ${sim ? `the simulator at ${sim.url}` : realTarget(args).baseUrl || DATA_CENTRE_BASE_URLS[/** @type {keyof typeof DATA_CENTRE_BASE_URLS} */ (realTarget(args).endpoint)]}`,
		`  try:          curl -X POST ${productionUrl(server, C.WEBHOOK_PATHS.webhook)} -H 'content-type: application/json' -d '${JSON.stringify(args.inputObject)}'`,
		`  form:         ${server.url}/form/${C.WEBHOOK_PATHS.form}`,
		`  chat:         ${chatUrl(server, C.AGENT_CHAT_WEBHOOK_ID)}  (the GPTBots agent, streamed; or the editor's Chat on "chat with a GPTBots agent")`,
		'',
	];
	console.log(banner.join('\n'));

	if (args.run) {
		try {
			await runExamples(args, server, rest, sim);
		} catch (error) {
			if (args.once) throw error;
			log(`the example run failed: ${/** @type {Error} */ (error).message}`);
		}
	}
	if (args.once) {
		await shutdown(0, '--once: done, stopping');
		return;
	}
	log(
		`n8n is up at ${n8nUrl}${sim ? ` with the simulator at ${sim.url}` : ''}. Ctrl-C stops everything.`,
	);
	await new Promise(() => {}); // until a signal
}

main().catch(async (error) => {
	if (error instanceof DemoError) console.error(`\n[demo] ${error.message}\n`);
	else console.error(`\n[demo] failed: ${error.stack || error.message}\n`);
	await shutdown(1);
});
