// @ts-check
'use strict';
// Waiting: a pause, and polling until something is true.

/**
 * Resolves after `ms` milliseconds.
 * @param {number} ms
 * @returns {Promise<void>}
 */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` (async, returns truthy when done) every `intervalMs` until `timeoutMs`; a probe
 * error with `fatal` set ends it at once. Resolves the probe's first truthy value.
 * @template T
 * @param {string} label
 * @param {() => T | Promise<T>} probe
 * @param {{ timeoutMs?: number, intervalMs?: number }} [options]
 * @returns {Promise<Exclude<T, false | 0 | '' | null | undefined>>}
 */
async function waitFor(label, probe, { timeoutMs = 30000, intervalMs = 250 } = {}) {
	const deadline = Date.now() + timeoutMs;
	/** @type {Error | undefined} */
	let lastError;
	for (;;) {
		try {
			const value = await probe();
			if (value) return /** @type {Exclude<T, false | 0 | '' | null | undefined>} */ (value);
		} catch (error) {
			// a probe can say that waiting longer is pointless
			if (/** @type {Error & { fatal?: boolean }} */ (error).fatal) throw error;
			lastError = /** @type {Error} */ (error);
		}
		if (Date.now() >= deadline) {
			throw new Error(
				`timed out after ${timeoutMs / 1000} s waiting for ${label}${lastError ? ` (last error: ${lastError.message})` : ''}`,
			);
		}
		await sleep(intervalMs);
	}
}

/**
 * An error that tells waitFor to stop waiting at once (e.g. the process it waits on has exited).
 * @param {string} message
 */
function fatalError(message) {
	return Object.assign(new Error(message), { fatal: true });
}

module.exports = { sleep, waitFor, fatalError };
