// @ts-check
'use strict';
// The frame of a suite that runs per n8n line (e2e, browser): what the lines share prepared once,
// each line's run timed, an exception a failed check of its own; cleanup, the closing summary, the
// last line "N passed, M failed" and the exit code; a crash outside the checks still ends with
// cleanup and that last line.

const fs = require('fs');
const os = require('os');
const path = require('path');

const { LINES } = require('./constants');
const { log, notes, secs } = require('./log');
const { cleanupAll, installSignalHandlers, onCleanup } = require('./processes');
const { Checks } = require('./checks');

/** @typedef {import('./checks').CheckResult} CheckResult */

/** An exception as a failed check shows it: its stack, else its message. */
const describe = (/** @type {unknown} */ error) => {
	const e = /** @type {Partial<Error> | null | undefined} */ (error);
	return e?.stack || e?.message || String(error);
};

/**
 * A fresh scratch folder under the OS temp folder (`<prefix>-XXXXXX`), removed at cleanup unless
 * `keep` (then its path is logged).
 * @param {string} prefix
 * @param {{ keep?: boolean }} [options]
 */
function scratchFolder(prefix, { keep = false } = {}) {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
	onCleanup('scratch folder', () => {
		if (keep) log(`--keep: scratch folder kept: ${root}`);
		else fs.rmSync(root, { recursive: true, force: true });
	});
	return root;
}

/**
 * The start of a per-line suite's main(): signal handlers installed, the clock started, the lines
 * to run (`line`: legacy, current or all) and a scratch folder (`<prefix>-XXXXXX`, kept with `keep`).
 * @param {string} prefix
 * @param {{ line: string, keep?: boolean }} args
 */
function beginSuite(prefix, { line, keep = false }) {
	installSignalHandlers();
	const started = Date.now();
	const lines = line === 'all' ? ['legacy', 'current'] : [line];
	return { started, lines, root: scratchFolder(prefix, { keep }) };
}

/**
 * @template T
 * @typedef {object} SuiteSpec
 * @property {string} tag the summary lines' tag, e.g. "e2e"
 * @property {string[]} lines the n8n lines to run, in order
 * @property {number} started when the suite started (for the total time)
 * @property {{ name: string, label: string, run: () => Promise<T> }} prepare what all lines share
 *   (build, pack, servers); an exception fails the check "<name> › <label>" and no line runs
 * @property {{ name?: string, label: string, run: (lineName: string, prepared: T, results: CheckResult[]) => Promise<unknown> }} perLine
 *   one line's run; an exception fails "[<line>] <name> › <label>" and the next line runs
 */

/**
 * Runs a suite: prepare, each line one after another (timed), then stops everything it started
 * and prints the summary (printSummary).
 * @template T
 * @param {SuiteSpec<T>} suite
 */
async function runSuite({ tag, lines, started, prepare, perLine }) {
	/** @type {CheckResult[]} */
	const results = [];
	/** @type {Record<string, number>} */
	const lineTimes = {};
	try {
		const prepared = await prepare.run();
		for (const lineName of lines) {
			const lineStarted = Date.now();
			try {
				await perLine.run(lineName, prepared, results);
			} catch (error) {
				const name = perLine.name ? `[${lineName}] ${perLine.name}` : `[${lineName}]`;
				new Checks(name, results).fail(perLine.label, describe(error));
			}
			lineTimes[lineName] = Date.now() - lineStarted;
		}
	} catch (error) {
		new Checks(prepare.name, results).fail(prepare.label, describe(error));
	} finally {
		await cleanupAll();
	}
	printSummary({ tag, results, lines, lineTimes, started });
}

/**
 * Prints the summary (per line: passed, failed, time; the notes; the failed checks; the total
 * time), then the last line "N passed, M failed"; the exit code is 1 if a check failed or none ran.
 * @param {{ tag: string, results: CheckResult[], lines: string[], lineTimes: Record<string, number>, started: number }} summary
 */
function printSummary({ tag, results, lines, lineTimes, started }) {
	const passed = results.filter((r) => r.ok).length;
	const failed = results.length - passed;
	console.log('');
	console.log(`[${tag}] ===== summary =====`);
	for (const lineName of lines) {
		const mine = results.filter((r) => r.name.startsWith(`[${lineName}]`));
		const version = LINES[/** @type {'legacy' | 'current'} */ (lineName)].version;
		console.log(
			`[${tag}] ${lineName} (n8n ${version}): ${mine.filter((r) => r.ok).length} passed, ${mine.filter((r) => !r.ok).length} failed, ${secs(lineTimes[lineName] || 0)}`,
		);
	}
	for (const note of notes) console.log(`[${tag}] note: ${note}`);
	if (notes.some((n) => n.includes('SIGSEGV'))) {
		console.log(
			`[${tag}] note: the SIGSEGV at exit is n8n 2.41.1's isolated-vm expression engine ("vm", its default) tearing down; with E2E_N8N_ENV='{"N8N_EXPRESSION_ENGINE":"legacy"}' it does not happen`,
		);
	}
	for (const r of results.filter((x) => !x.ok)) console.log(`[${tag}] FAILED ${r.name}`);
	console.log(`[${tag}] total ${secs(Date.now() - started)}`);
	console.log(`${passed} passed, ${failed} failed`);
	process.exitCode = failed > 0 || results.length === 0 ? 1 : 0;
}

/**
 * Runs a suite's main(). An exception that escapes it (outside the checks) is printed, everything
 * started is stopped, and the suite ends with "0 passed, 1 failed" and exit code 1.
 * @param {() => Promise<void>} main
 */
function runMain(main) {
	main().catch(async (error) => {
		console.error(describe(error));
		await cleanupAll();
		console.log('0 passed, 1 failed');
		process.exit(1);
	});
}

module.exports = { beginSuite, scratchFolder, runSuite, runMain };
