// @ts-check
'use strict';
// Checks: named PASS/FAIL lines with what was expected and what came.

const { log, tail } = require('./log');
const { isStopping } = require('./processes');

/**
 * Records named checks for one case. Every check prints one PASS/FAIL line; a failing check
 * prints what it expected and what it got.
 */
class Checks {
	constructor(prefix, results) {
		this.prefix = prefix;
		this.results = results;
	}

	check(label, ok, detail) {
		const name = `${this.prefix} › ${label}`;
		if (isStopping()) return false; // interrupted: what follows is noise
		this.results.push({ name, ok: Boolean(ok), detail: ok ? undefined : detail });
		log(
			`${ok ? 'PASS' : 'FAIL'} ${name}${ok || detail === undefined ? '' : `\n         ${String(detail).split('\n').join('\n         ')}`}`,
		);
		return Boolean(ok);
	}

	/** The exit code of an n8n CLI call; on a mismatch shows signal and output tail. */
	exitCode(result, expected, label = `n8n execute exits ${expected}`) {
		return this.check(
			label,
			result.code === expected,
			`exit code ${result.code}${result.signal ? `, killed by ${result.signal}` : ''}${result.timedOut ? ' (timed out)' : ''}; error: ${result.error?.message ?? 'none'}\n--- stderr (tail) ---\n${tail(result.stderr, 15)}\n--- stdout (tail) ---\n${tail(result.stdout, 10)}`,
		);
	}

	equal(label, actual, expected) {
		return this.check(
			label,
			Object.is(actual, expected),
			`expected ${show(expected)}, got ${show(actual)}`,
		);
	}

	deepEqual(label, actual, expected) {
		return this.check(
			label,
			deepEqual(actual, expected),
			`expected ${show(expected)}\n got      ${show(actual)}`,
		);
	}

	match(label, text, pattern) {
		return this.check(
			label,
			typeof text === 'string' && pattern.test(text),
			`expected text matching ${pattern}, got ${show(text)}`,
		);
	}

	fail(label, detail) {
		return this.check(label, false, detail);
	}
}

function show(value) {
	if (value === undefined) return 'undefined';
	const text = JSON.stringify(value);
	return text && text.length > 600 ? `${text.slice(0, 600)}…` : text;
}

function deepEqual(a, b) {
	if (Object.is(a, b)) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	const ka = Object.keys(a);
	const kb = Object.keys(b);
	if (ka.length !== kb.length) return false;
	return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
}

module.exports = { Checks, deepEqual, show };
