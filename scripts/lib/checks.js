// @ts-check
'use strict';
// Checks: named PASS/FAIL lines with what was expected and what came.

const { log, tail } = require('./log');
const { isStopping } = require('./processes');

/** @typedef {import('./processes').RunResult} RunResult */

/**
 * One check's outcome; `detail` (what was expected and what came) only when it failed.
 * @typedef {{ name: string, ok: boolean, detail?: unknown }} CheckResult
 */

/**
 * Records named checks for one case. Every check prints one PASS/FAIL line; a failing check
 * prints what it expected and what it got.
 */
class Checks {
	/**
	 * @param {string} prefix the case's name, before every label (none if empty)
	 * @param {CheckResult[]} results where the outcomes go
	 */
	constructor(prefix, results) {
		this.prefix = prefix;
		this.results = results;
	}

	/**
	 * @param {string} label
	 * @param {unknown} ok passes when truthy
	 * @param {unknown} [detail] shown (as text) when it fails
	 */
	check(label, ok, detail) {
		const name = this.prefix ? `${this.prefix} › ${label}` : label;
		if (isStopping()) return false; // interrupted: what follows is noise
		this.results.push({ name, ok: Boolean(ok), detail: ok ? undefined : detail });
		log(
			`${ok ? 'PASS' : 'FAIL'} ${name}${ok || detail === undefined ? '' : `\n         ${String(detail).split('\n').join('\n         ')}`}`,
		);
		return Boolean(ok);
	}

	/**
	 * The exit code of an n8n CLI call; on a mismatch shows signal and output tail.
	 * @param {RunResult & { error?: { message?: string } }} result run()'s, or executeWorkflow()'s
	 * @param {number} expected
	 */
	exitCode(result, expected, label = `n8n execute exits ${expected}`) {
		return this.check(
			label,
			result.code === expected,
			`exit code ${result.code}${result.signal ? `, killed by ${result.signal}` : ''}${result.timedOut ? ' (timed out)' : ''}; error: ${result.error?.message ?? 'none'}\n--- stderr (tail) ---\n${tail(result.stderr, 15)}\n--- stdout (tail) ---\n${tail(result.stdout, 10)}`,
		);
	}

	/**
	 * @param {string} label
	 * @param {unknown} actual
	 * @param {unknown} expected
	 */
	equal(label, actual, expected) {
		return this.check(
			label,
			Object.is(actual, expected),
			`expected ${show(expected)}, got ${show(actual)}`,
		);
	}

	/**
	 * @param {string} label
	 * @param {unknown} actual
	 * @param {unknown} expected
	 */
	deepEqual(label, actual, expected) {
		return this.check(
			label,
			deepEqual(actual, expected),
			`expected ${show(expected)}\n got      ${show(actual)}`,
		);
	}

	/**
	 * @param {string} label
	 * @param {unknown} text passes when it is a string that matches
	 * @param {RegExp} pattern
	 */
	match(label, text, pattern) {
		return this.check(
			label,
			typeof text === 'string' && pattern.test(text),
			`expected text matching ${pattern}, got ${show(text)}`,
		);
	}

	/**
	 * @param {string} label
	 * @param {unknown} [detail]
	 */
	fail(label, detail) {
		return this.check(label, false, detail);
	}
}

/**
 * A value as a failed check shows it: JSON, cut at 600 characters.
 * @param {unknown} value
 * @returns {string}
 */
function show(value) {
	if (value === undefined) return 'undefined';
	const text = JSON.stringify(value);
	return text && text.length > 600 ? `${text.slice(0, 600)}…` : text;
}

/**
 * Structural equality of JSON-like values (own enumerable keys, arrays by index).
 * @param {unknown} a
 * @param {unknown} b
 * @returns {boolean}
 */
function deepEqual(a, b) {
	if (Object.is(a, b)) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	const ka = Object.keys(a);
	const kb = Object.keys(b);
	if (ka.length !== kb.length) return false;
	const ra = /** @type {Record<string, unknown>} */ (a);
	const rb = /** @type {Record<string, unknown>} */ (b);
	return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(ra[k], rb[k]));
}

module.exports = { Checks, deepEqual, show };
