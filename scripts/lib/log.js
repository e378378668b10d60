// @ts-check
'use strict';
// Progress output: one tagged, timed line per event; each suite names itself with setLogPrefix.

const T0 = Date.now();
/** @param {number} ms */
function secs(ms) {
	return `${(ms / 1000).toFixed(1)}s`;
}
let logPrefix = 'e2e';
/**
 * The tag of every progress line: each suite that uses these helpers names itself.
 * @param {string} prefix
 */
function setLogPrefix(prefix) {
	logPrefix = prefix;
}
/** Quiet: no progress lines (e.g. while a tool prints a table of its own). */
let quiet = false;
/** @param {boolean} value */
function setQuiet(value) {
	quiet = value;
}
/** @param {string} message */
function log(message) {
	if (quiet) return;
	process.stdout.write(
		`[${logPrefix}] ${((Date.now() - T0) / 1000).toFixed(1).padStart(5)}s ${message}\n`,
	);
}
/**
 * Runs fn, logging its duration; returns fn's result.
 * @template T
 * @param {string} label
 * @param {() => T | Promise<T>} fn
 * @returns {Promise<T>}
 */
async function timed(label, fn) {
	const started = Date.now();
	log(`${label} ...`);
	try {
		const result = await fn();
		log(`${label} done in ${secs(Date.now() - started)}`);
		return result;
	} catch (error) {
		log(
			`${label} FAILED after ${secs(Date.now() - started)}: ${/** @type {Error} */ (error).message}`,
		);
		throw error;
	}
}

/**
 * The last `lines` lines of a text (for error messages that show a process's output).
 * @param {unknown} text
 */
function tail(text, lines = 20) {
	return String(text).trim().split('\n').slice(-lines).join('\n');
}

/**
 * Things worth reporting that are not check failures (shown in a suite's summary).
 * @type {string[]}
 */
const notes = [];

module.exports = { T0, setQuiet, setLogPrefix, log, timed, secs, tail, notes };
