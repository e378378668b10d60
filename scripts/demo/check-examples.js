#!/usr/bin/env node
'use strict';
// Keeps examples/ from rotting: imports every example workflow into a scratch n8n (the packed
// package installed as a community package, a credential pointing at the GPTBots simulator),
// runs the manual-trigger ones headless (`n8n execute`), then starts n8n and drives the others
// through their real entry points (webhook, form, callback, trigger). Last line "N passed, M failed";
// exit code 1 on any failure.
//   node scripts/demo/check-examples.js [--line legacy|current] [--keep]
// The checks: check/static.js (the files), check/headless.js (n8n execute), check/served.js (n8n start).

const path = require('path');

const { log, setLogPrefix, setQuiet } = require('../lib/log');
const { cleanupAll } = require('../lib/processes');
const { scratchFolder } = require('../lib/suite');
const { freePort } = require('../lib/ports');
const { startSimulator } = require('../lib/simulator');
const { n8nContext } = require('../lib/install');
const { Checks } = require('../lib/checks');
const C = require('./constants');
const { checkPrerequisites } = require('./prerequisites');
const { buildAndPack, ensureLine, prepareUserFolder } = require('./install');
const { importCredentialAndExamples, readExamples } = require('./examples');
const { activate, ownerLogin, startN8n } = require('./n8nServer');
const { staticChecks } = require('./check/static');
const { headless } = require('./check/headless');
const { served } = require('./check/served');

setLogPrefix('examples');

/**
 * @typedef {import('../lib/checks').CheckResult} CheckResult
 * @typedef {import('../lib/rest').RestClient} RestClient
 * An example as read from examples/: its file name and workflow JSON.
 * @typedef {{ file: string, workflow: { id: string, nodes: { type: string }[] } }} Example
 */

/** @param {string[]} argv */
function parseArgs(argv) {
	const lineName = argv.includes('--line')
		? argv[argv.indexOf('--line') + 1]
		: (argv.find((a) => a.startsWith('--line='))?.split('=')[1] ?? 'legacy');
	return { lineName, keep: argv.includes('--keep') };
}

/**
 * The served examples activate (publish).
 * @param {RestClient} rest
 * @param {CheckResult[]} results
 */
async function activateServed(rest, results) {
	for (const id of C.SERVED_IDS) {
		const t = new Checks(id, results);
		try {
			await activate(rest, id);
			t.check('activates', true);
		} catch (error) {
			t.check('activates', false, /** @type {Error} */ (error).message);
		}
	}
}

/**
 * Each example reads back with all its nodes, and uses only node types that are installed.
 * @param {RestClient} rest
 * @param {Example[]} examples
 * @param {{ version: string }} line
 * @param {CheckResult[]} results
 */
async function readBack(rest, examples, line, results) {
	for (const { file, workflow } of examples) {
		const got = await rest.get(`/rest/workflows/${workflow.id}`);
		const wf = got.json?.data;
		new Checks(file, results).check(
			"reads back through n8n's REST API with all its nodes",
			got.status === 200 && wf?.nodes?.length === workflow.nodes.length,
			`${got.status}`,
		);
	}
	const types = await rest.get('/types/nodes.json');
	const known = new Set(
		(types.json || []).map((/** @type {{ name: string }} */ type) => type.name),
	);
	const used = new Set(examples.flatMap((e) => e.workflow.nodes.map((n) => n.type)));
	const missing = [...used].filter((type) => !known.has(type));
	new Checks(`n8n ${line.version}`, results).check(
		'has every node type the examples use installed',
		missing.length === 0,
		missing.join(', '),
	);
}

async function main() {
	const { lineName, keep } = parseArgs(process.argv.slice(2));
	for (const sig of ['SIGINT', 'SIGTERM'])
		process.on(sig, () => cleanupAll().finally(() => process.exit(130)));
	setQuiet(false);
	checkPrerequisites(lineName);
	const started = Date.now();
	/** @type {CheckResult[]} */
	const results = [];
	const root = scratchFolder('gptbots-examples', { keep });
	try {
		const examples = readExamples();
		staticChecks(examples, results);
		const line = await ensureLine(lineName);
		const pack = await buildAndPack(path.join(root, 'pack'), { build: 'auto' });
		await prepareUserFolder(path.join(root, 'user'), pack);
		const ctx = n8nContext(line, path.join(root, 'user'));
		const { sim, url: simUrl } = await startSimulator({ latencyMs: 20, asyncDurationMs: 1000 });
		if (!sim) throw new Error('the in-process simulator came without its object');
		const port = await freePort();
		const n8nUrl = `http://127.0.0.1:${port}`;
		log(`n8n ${line.version}, scratch ${root}, simulator ${simUrl}`);
		const { examples: imported } = await importCredentialAndExamples(
			ctx,
			{ kind: 'simulator', url: simUrl },
			n8nUrl,
		);
		new Checks(`n8n ${line.version}`, results).check(
			`imports all ${examples.length} examples (n8n import:workflow)`,
			imported.length === examples.length,
		);

		const { senderRunId } = await headless(ctx, sim, n8nUrl, results);

		const server = await startN8n(ctx, port);
		const rest = await ownerLogin(server);
		await activateServed(rest, results);
		await served(server, rest, sim, senderRunId, results);
		await readBack(rest, examples, line, results);
	} catch (caught) {
		const error = /** @type {Error} */ (caught);
		new Checks('examples', results).check(
			'the check runs to the end',
			false,
			error.stack || error.message,
		);
	} finally {
		await cleanupAll();
	}
	const failed = results.filter((r) => !r.ok).length;
	console.log(`[examples] ${((Date.now() - started) / 1000).toFixed(1)} s`);
	console.log(`${results.length - failed} passed, ${failed} failed`);
	process.exitCode = failed || results.length === 0 ? 1 : 0;
}

main();
