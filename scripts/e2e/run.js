#!/usr/bin/env node
// @ts-check
'use strict';
// Real-n8n end-to-end suite for n8n-nodes-gptbots.
//   node scripts/e2e/run.js [--line legacy|current|all] [--keep] [--only case1,case2] [--parallel N]
//     [--stress N]   (the crash cases run each scenario N times in a row)
// Builds and packs the package, installs the tarball as a community package into a fresh n8n
// user folder per n8n line, runs workflows against the GPTBots simulator with `n8n execute`,
// then the `n8n start` cases (REST API, webhooks). Last line: "N passed, M failed".
//
// A case is a module in cases/ exporting (or an array of such objects):
//   name        short name (used by --only and in check names)
//   kind        'execute' (default: runs with `n8n execute`, in parallel with other cases)
//               or 'server' (runs one after another while `n8n start` is up: env.server, env.rest)
//   workflows(env) -> [workflow(...)]   optional; all cases' workflows are imported in one call;
//               a workflow built with { active: true } is activated before `n8n start`
//   setup(env)  optional, async: runs once per line before the imports (e.g. start a stand-in)
//   credentials(env) -> [{ id, name, type, data }]   optional: more credentials to import
//   run(t, env) checks with t.check / t.equal / t.deepEqual / t.match (Checks)
// env: { line, ctx, sim, simUrl, receiver, cred: { good, wrong }, id(key), execute(key),
//        server, rest (server cases only) }
// Cases take what else they need from the driver, scripts/lib/. Their types: E2eCase, E2eEnv.

/**
 * What a case gets; `server` and `rest` in server cases only (while `n8n start` is up).
 * @typedef {object} E2eEnv
 * @property {import('../lib/install').N8nLine} line
 * @property {import('../lib/install').N8nContext} ctx
 * @property {import('../lib/simulator').Simulator} sim
 * @property {string} simUrl
 * @property {Awaited<ReturnType<typeof startReceiver>>} receiver
 * @property {{ good: { id: string, name: string }, wrong: { id: string, name: string } }} cred
 * @property {(key: string) => string} id a workflow's id from its key
 * @property {(key: string, options?: Parameters<typeof executeWorkflow>[2]) => ReturnType<typeof executeWorkflow>} execute
 * @property {import('../lib/n8nStart').N8nServer} [server]
 * @property {import('../lib/rest').RestClient} [rest]
 */

/**
 * A case (see above).
 * @typedef {object} E2eCase
 * @property {string} name
 * @property {'execute' | 'server'} [kind]
 * @property {(env: E2eEnv) => import('../lib/builders').WorkflowJson[]} [workflows]
 * @property {(env: E2eEnv) => Promise<void>} [setup]
 * @property {(env: E2eEnv) => import('../lib/workflows').CredentialJson[]} [credentials]
 * @property {(t: import('../lib/checks').Checks, env: E2eEnv) => Promise<void>} run
 */

const fs = require('fs');
const path = require('path');

const { CREDENTIAL_TYPE, SIM_API_KEY, WRONG_API_KEY } = require('../lib/constants');
const { pool } = require('../lib/pool');
const { startReceiver } = require('../lib/receiver');
const { startSimulator } = require('../lib/simulator');
const { buildAndPack, makeUserFolder, n8nContext, resolveLine } = require('../lib/install');
const {
	activateWorkflow,
	executeWorkflow,
	importCredentials,
	importWorkflows,
} = require('../lib/workflows');
const { startN8n } = require('../lib/n8nStart');
const { restLogin } = require('../lib/rest');
const { workflowId } = require('../lib/builders');
const { Checks } = require('../lib/checks');
const { log, secs, timed } = require('../lib/log');
const { beginSuite, runMain, runSuite } = require('../lib/suite');

/** @param {string[]} argv */
function parseArgs(argv) {
	const args = {
		line: 'all',
		keep: false,
		/** @type {string[] | null} */
		only: null,
		parallel: Number(process.env.E2E_PARALLEL) || 2,
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const value = () => {
			if (arg.includes('=')) return arg.slice(arg.indexOf('=') + 1);
			i += 1;
			if (argv[i] === undefined) throw new Error(`${arg} needs a value`);
			return argv[i];
		};
		if (arg === '--keep') args.keep = true;
		else if (arg.startsWith('--line')) args.line = value();
		else if (arg.startsWith('--only'))
			args.only = value()
				.split(',')
				.map((s) => s.trim())
				.filter(Boolean);
		else if (arg.startsWith('--parallel')) args.parallel = Math.max(1, Number(value()) || 1);
		// the crash cases' stress mode: each scenario N times in a row (not in CI)
		else if (arg.startsWith('--stress'))
			process.env.E2E_STRESS_TRIALS = String(Number(value()) || 1);
		else if (arg === '--help' || arg === '-h') {
			console.log(
				'usage: node scripts/e2e/run.js [--line legacy|current|all] [--keep] [--only case1,case2] [--parallel N] [--stress N]',
			);
			process.exit(0);
		} else throw new Error(`unknown argument ${arg}`);
	}
	if (!['legacy', 'current', 'all'].includes(args.line))
		throw new Error(`--line must be legacy, current or all, got ${args.line}`);
	return args;
}

/**
 * The cases in cases/ (all, or those named in `only`), in file order.
 * @param {string[] | null} only
 * @returns {(E2eCase & { file: string })[]}
 */
function loadCases(only) {
	const dir = path.join(__dirname, 'cases');
	const cases = fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.js'))
		.sort()
		.flatMap((f) =>
			/** @type {E2eCase[]} */ ([])
				.concat(require(path.join(dir, f)))
				.map((c) => ({ kind: /** @type {const} */ ('execute'), ...c, file: f })),
		);
	if (!only) return cases;
	const unknown = only.filter((name) => !cases.some((c) => c.name === name));
	if (unknown.length)
		throw new Error(
			`--only: unknown case(s) ${unknown.join(', ')}; known: ${cases.map((c) => c.name).join(', ')}`,
		);
	return cases.filter((c) => only.includes(c.name));
}

/**
 * Runs one case's run(); an exception becomes a failed check of its own.
 * @param {E2eCase} c
 * @param {E2eEnv} env
 * @param {import('../lib/checks').CheckResult[]} results
 */
async function runCase(c, env, results) {
	const t = new Checks(`[${env.line.name}] ${c.name}`, results);
	const started = Date.now();
	try {
		await c.run(t, env);
	} catch (error) {
		const e = /** @type {Error} */ (error);
		t.fail('completes without an exception', e.stack || e.message);
	}
	log(`case ${env.line.name}/${c.name} took ${secs(Date.now() - started)}`);
}

/**
 * What the lines share: the tarball, the scratch folder, the cases, the simulator and receiver.
 * @typedef {{ tarball: string, root: string, cases: E2eCase[], parallel: number,
 *   sim: import('../lib/simulator').Simulator, simUrl: string, receiver: E2eEnv['receiver'] }} Prepared
 */

/**
 * One line: its user folder, imports, the execute cases, then the server cases under `n8n start`.
 * @param {string} lineName
 * @param {Prepared} prepared
 * @param {import('../lib/checks').CheckResult[]} results
 */
async function runLine(
	lineName,
	{ tarball, root, cases, parallel, sim, simUrl, receiver },
	results,
) {
	const setup = new Checks(`[${lineName}] setup`, results);
	const line = await timed(`${lineName}: locate n8n (install-n8n.sh ${lineName})`, () =>
		resolveLine(lineName),
	);
	log(`${lineName}: n8n ${line.version} in ${line.dir}, Node ${line.nodePath}`);
	const folder = path.join(root, lineName);
	const { userFolder } = await timed(`${lineName}: fresh N8N_USER_FOLDER + npm i <tarball>`, () =>
		makeUserFolder(folder, tarball),
	);
	const ctx = n8nContext(line, userFolder);
	sim.reset();
	receiver.received.length = 0;

	const cred = {
		good: { id: workflowId('credential:good'), name: 'GPTBots simulator' },
		wrong: { id: workflowId('credential:wrong'), name: 'GPTBots simulator, wrong key' },
	};
	/** @type {E2eEnv} */
	const env = {
		line,
		ctx,
		sim,
		simUrl,
		receiver,
		cred,
		id: workflowId,
		execute: (key, options) => executeWorkflow(ctx, workflowId(key), options),
	};

	for (const c of cases) if (c.setup) await c.setup(env);
	const credentials = [
		{
			...cred.good,
			type: CREDENTIAL_TYPE,
			data: { endpoint: 'custom', baseUrl: simUrl, apiKey: SIM_API_KEY },
		},
		{
			...cred.wrong,
			type: CREDENTIAL_TYPE,
			data: { endpoint: 'custom', baseUrl: simUrl, apiKey: WRONG_API_KEY },
		},
		...cases.flatMap((c) => (c.credentials ? c.credentials(env) : [])),
	].filter((credential, i, all) => all.findIndex((other) => other.id === credential.id) === i); // cases may share one
	await timed(`${lineName}: import ${credentials.length} credentials`, () =>
		importCredentials(ctx, credentials),
	);
	const workflows = cases.flatMap((c) => (c.workflows ? c.workflows(env) : []));
	const ids = new Set();
	for (const wf of workflows) {
		if (ids.has(wf.id)) throw new Error(`two workflows share the key of ${wf.name}`);
		ids.add(wf.id);
	}
	if (workflows.length) {
		await timed(`${lineName}: import ${workflows.length} workflows (one call)`, () =>
			importWorkflows(
				ctx,
				workflows.map(({ active, ...wf }) => ({ ...wf, active: false })),
			),
		);
	}
	setup.check(
		`n8n ${line.version}: package installed, credentials and ${workflows.length} workflows imported`,
		true,
	);

	const executeCases = cases.filter((c) => c.kind !== 'server');
	const serverCases = cases.filter((c) => c.kind === 'server');
	if (executeCases.length) {
		await timed(`${lineName}: ${executeCases.length} execute cases, ${parallel} at a time`, () =>
			pool(
				executeCases.map((c) => () => runCase(c, env, results)),
				parallel,
			),
		);
	}
	if (serverCases.length) {
		const toActivate = workflows.filter((wf) => wf.active);
		if (toActivate.length) {
			await timed(
				`${lineName}: activate ${toActivate.length} workflows (${line.hasPublish ? 'publish:workflow' : 'update:workflow --active=true'})`,
				() =>
					pool(
						toActivate.map((wf) => () => activateWorkflow(ctx, wf.id)),
						parallel,
					),
			);
		}
		const server = await timed(`${lineName}: n8n start`, () => startN8n(ctx));
		log(`${lineName}: n8n ${line.version} up at ${server.url} (pid ${server.pid})`);
		try {
			env.server = server;
			env.rest = await timed(`${lineName}: owner setup + login`, () => restLogin(server));
			for (const c of serverCases) await runCase(c, env, results);
		} finally {
			await server.stop();
			if (env.server && env.server !== server) await env.server.stop(); // a case restarted n8n (crash.js)
		}
	}
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const { started, lines, root } = beginSuite('gptbots-e2e', args);
	const cases = loadCases(args.only);
	log(`lines: ${lines.join(', ')}; cases: ${cases.map((c) => c.name).join(', ')}; scratch ${root}`);

	await runSuite({
		tag: 'e2e',
		lines,
		started,
		prepare: {
			name: '[suite] setup',
			label: 'build, pack and start the simulator',
			async run() {
				const { tarball, files } = await timed('npm run build + npm pack', () =>
					buildAndPack(path.join(root, 'pack')),
				);
				log(`tarball ${path.basename(tarball)} (${files.length} files)`);
				const { sim, url: simUrl } = await startSimulator({ asyncDurationMs: 1000 });
				if (!sim) throw new Error('the in-process simulator came without its object');
				const receiver = await startReceiver();
				log(`simulator ${simUrl}, webhook receiver ${receiver.url}`);
				return { tarball, root, cases, parallel: args.parallel, sim, simUrl, receiver };
			},
		},
		perLine: { name: 'setup', label: 'line runs to the end', run: runLine },
	});
}

runMain(main);
