#!/usr/bin/env node
'use strict';
// Real-browser test of the n8n editor with this package installed as a community package, and
// the README's screenshots from the same run.
//   node scripts/browser/run.js [--line legacy|current|all] [--docs] [--keep]
// Per n8n line: npm pack → fresh N8N_USER_FOLDER with the tarball installed → the GPTBots
// simulator, the demo's credential and examples → `n8n start` → headless Chromium (Debian's
// chromium, driven by playwright-core) runs the checks in checks.js and takes the screenshots in
// screenshots.js. Screenshots go to .tmp/browser/<line>/; with --docs, the first line's go to
// docs/ (the README's pictures). One PASS/FAIL line per check; last line "N passed, M failed";
// exit code 1 if any check failed.

const fs = require('fs');
const path = require('path');

const { REPO } = require('../lib/constants');
const { freePort } = require('../lib/ports');
const { startSimulator } = require('../lib/simulator');
const { buildAndPack, makeUserFolder, n8nContext, resolveLine } = require('../lib/install');
const { importCredentials, importWorkflows } = require('../lib/workflows');
const { Checks } = require('../lib/checks');
const C = require('../demo/constants');
const { importPlan } = require('../demo/examples');
const { choosePort, ownerLogin, startN8n } = require('../demo/n8nServer');
const editor = require('./editor');
const checks = require('./checks');
const screenshots = require('./screenshots');
const mapper = require('./mapper');
const chat = require('./chat');
const hostedChat = require('./hostedChat');

const { log, secs, setLogPrefix, timed } = require('../lib/log');
const { beginSuite, runMain, runSuite } = require('../lib/suite');
// This tool's lines, and the shared helpers' lines, carry its own name.
setLogPrefix('browser');

/**
 * What every browser check gets: the signed-in editor page, n8n's and the simulator's URLs,
 * the n8n line, `snap(file)` to save a screenshot, and the REST client.
 * @typedef {{ page: import('playwright-core').Page, url: string, simUrl: string,
 *   line: import('../lib/install').N8nLine, snap: (file: string) => Promise<void>,
 *   rest: import('../lib/rest').RestClient }} BrowserEnv
 * A named check: run in order, each on the same page.
 * @typedef {[name: string, run: (t: Checks, env: BrowserEnv) => Promise<void>]} BrowserStep
 */

const DOCS = path.join(REPO, 'docs');
const USAGE =
	'usage: node scripts/browser/run.js [--line legacy|current|all] [--docs] [--keep] [--only step,…]';

/** @param {string[]} argv */
function parseArgs(argv) {
	const args = {
		line: 'all',
		docs: false,
		keep: false,
		/** @type {string[] | null} steps whose name contains one of these (--only) */
		only: null,
	};
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split(/=(.*)/s);
		if (flag === '--line') args.line = inline ?? argv[++i];
		else if (flag === '--docs') args.docs = true;
		else if (flag === '--keep') args.keep = true;
		else if (flag === '--only') args.only = (inline ?? argv[++i]).split(',').map((s) => s.trim());
		else if (flag === '--help' || flag === '-h') {
			console.log(USAGE);
			process.exit(0);
		} else throw new Error(`unknown argument ${argv[i]}\n${USAGE}`);
	}
	if (!['legacy', 'current', 'all'].includes(args.line))
		throw new Error(`--line must be legacy, current or all, got ${args.line}`);
	return args;
}

/**
 * n8n with the package, the simulator's credential, the examples and the checks' workflows.
 * @param {string} lineName
 * @param {{ tarball: string, root: string, simUrl: string, forDocs: boolean }} options
 */
async function startEditor(lineName, { tarball, root, simUrl, forDocs }) {
	const line = await timed(`${lineName}: locate n8n (install-n8n.sh ${lineName})`, () =>
		resolveLine(lineName),
	);
	const { userFolder } = await timed(`${lineName}: fresh N8N_USER_FOLDER + npm i <tarball>`, () =>
		makeUserFolder(path.join(root, lineName), tarball),
	);
	const ctx = n8nContext(line, userFolder);
	// The README's pictures show n8n's usual address (5678) when it is free.
	const port = forDocs ? await choosePort() : await freePort();
	const plan = importPlan({ kind: 'simulator', url: simUrl }, `http://127.0.0.1:${port}`);
	const workflows = [
		...plan.examples.map((e) => e.workflow),
		...checks.workflows(plan.credential),
		...mapper.workflows(plan.credential),
	];
	await timed(`${lineName}: import the credential and ${workflows.length} workflows`, async () => {
		await importCredentials(ctx, [...plan.credentials, ...checks.credentials(plan.credential)]);
		await importWorkflows(ctx, workflows);
	});
	const server = await timed(`${lineName}: n8n ${line.version} start`, () => startN8n(ctx, port));
	const rest = await timed(`${lineName}: owner setup`, () => ownerLogin(server));
	return { line, server, rest };
}

/**
 * @param {string} lineName
 * @param {{ tarball: string, root: string, simUrl: string, only: string[] | null }} shared
 * @param {import('../lib/checks').CheckResult[]} results
 * @param {string} shotsDir
 */
async function runLine(lineName, shared, results, shotsDir) {
	const t = new Checks(`[${lineName}]`, results);
	const { line, server, rest } = await startEditor(lineName, {
		...shared,
		forDocs: shotsDir === DOCS,
	});
	try {
		const { page } = await timed(`${lineName}: chromium (fresh profile)`, () =>
			editor.launchBrowser(),
		);
		await timed(`${lineName}: sign in to the editor`, () =>
			editor.login(page, server.url, C.DEMO_OWNER),
		);
		const snap = async (/** @type {string} */ file) => {
			fs.mkdirSync(shotsDir, { recursive: true });
			await page.screenshot({ path: path.join(shotsDir, file) });
			log(`${lineName}: saved ${path.relative(REPO, path.join(shotsDir, file))}`);
		};
		/** @type {BrowserEnv} */
		const envOfChecks = { page, url: server.url, simUrl: shared.simUrl, line, snap, rest };
		// the step modules export plain [name, fn] arrays: taken to be BrowserSteps
		const steps = /** @type {BrowserStep[]} */ ([
			...checks.steps,
			...mapper.steps,
			...screenshots.steps,
			...chat.steps,
			...hostedChat.steps,
		]);
		for (const [name, fn] of steps.filter(
			([name]) => !shared.only || shared.only.some((part) => name.includes(part)),
		)) {
			const started = Date.now();
			try {
				await fn(t, envOfChecks);
			} catch (caught) {
				const error = /** @type {Error} */ (caught);
				t.fail(`${name}: completes without an exception`, error.stack || error.message);
				await editor.dismissPopups(page);
			}
			log(`${lineName}: ${name} took ${secs(Date.now() - started)}`);
		}
	} finally {
		await server.stop();
	}
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const { started, lines, root } = beginSuite('gptbots-browser', args);
	await runSuite({
		tag: 'browser',
		lines,
		started,
		prepare: {
			name: '[suite]',
			label: 'build, pack, chromium and the simulator',
			async run() {
				const browser = editor.browser();
				log(`browser: ${browser.path} (${browser.version ?? 'version unknown'})`);
				const { tarball } = await timed('npm run build + npm pack', () =>
					buildAndPack(path.join(root, 'pack')),
				);
				const { url: simUrl } = await startSimulator({ latencyMs: 50, asyncDurationMs: 2000 });
				log(`GPTBots simulator on ${simUrl}`);
				return { tarball, root, simUrl, only: args.only };
			},
		},
		perLine: {
			label: 'n8n and the browser start',
			run(lineName, shared, results) {
				// With --docs, the first line's screenshots are the README's pictures.
				const shotsDir =
					args.docs && lineName === lines[0] ? DOCS : path.join(REPO, '.tmp', 'browser', lineName);
				return runLine(lineName, shared, results, shotsDir);
			},
		},
	});
}

runMain(main);
