'use strict';
// @ts-check
// The frame of a suite that runs per n8n line (e2e, browser): each line's run timed, an exception
// in it a failed check of its own; the closing summary, the last line "N passed, M failed" and the
// exit code; a crash outside the checks still ends with cleanup and that last line.

const { LINES } = require('./constants');
const { notes, secs } = require('./log');
const { cleanupAll } = require('./processes');
const { Checks } = require('./checks');

/** @typedef {{ name: string, ok: boolean, detail?: string }} CheckResult */

/**
 * Runs `runLine(lineName)` for each line, one after another. An exception fails the check
 * `[<line>] <prefix> › <label>` (e.g. "[legacy] setup › line runs to the end"); the suite goes
 * on with the next line. Resolves each line's time in ms.
 * @param {string[]} lines
 * @param {CheckResult[]} results
 * @param {{ prefix?: string, label: string }} failure
 * @param {(lineName: string) => Promise<unknown>} runLine
 * @returns {Promise<Record<string, number>>}
 */
async function runLines(lines, results, { prefix, label }, runLine) {
	/** @type {Record<string, number>} */
	const lineTimes = {};
	for (const lineName of lines) {
		const started = Date.now();
		try {
			await runLine(lineName);
		} catch (error) {
			const name = prefix ? `[${lineName}] ${prefix}` : `[${lineName}]`;
			new Checks(name, results).fail(label, error.stack || error.message);
		}
		lineTimes[lineName] = Date.now() - started;
	}
	return lineTimes;
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
		console.error(error.stack || error.message);
		await cleanupAll();
		console.log('0 passed, 1 failed');
		process.exit(1);
	});
}

module.exports = { runLines, printSummary, runMain };
