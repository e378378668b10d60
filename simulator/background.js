'use strict';

/**
 * The background work of one simulator: timers in two groups ('runs': async runs and webhook
 * retries, which die on reset(); 'server': the rest, which dies on stop()) and the webhook
 * requests in progress. `generation` is bumped by reset() and stop(): work started before
 * must not write into the fresh records.
 */
/** @typedef {'runs' | 'server'} TimerGroup */

function createBackground() {
	/** @type {Record<TimerGroup, Set<NodeJS.Timeout>>} */
	const timers = { runs: new Set(), server: new Set() };
	/** @type {Set<import('node:http').ClientRequest>} */
	const outgoing = new Set();

	const background = {
		generation: 0,
		stopped: false,

		/**
		 * @param {number} ms
		 * @param {() => void} fn
		 * @param {TimerGroup} [group]
		 */
		later(ms, fn, group = 'server') {
			const set = timers[group];
			const timer = setTimeout(() => {
				set.delete(timer);
				fn();
			}, ms);
			set.add(timer);
			return timer;
		},

		/**
		 * @param {number} ms
		 * @param {TimerGroup} [group]
		 * @returns {Promise<void>}
		 */
		sleep(ms, group) {
			return ms > 0
				? new Promise((resolve) => background.later(ms, () => resolve(), group))
				: Promise.resolve();
		},

		/** @param {TimerGroup} group */
		clearTimers(group) {
			for (const timer of timers[group]) clearTimeout(timer);
			timers[group].clear();
		},

		/** Registers an outgoing request; returns the function that forgets it. */
		/** @param {import('node:http').ClientRequest} req */
		track(req) {
			outgoing.add(req);
			return () => outgoing.delete(req);
		},

		abortOutgoing() {
			for (const req of outgoing) req.destroy(new Error('simulator reset or stopped'));
			outgoing.clear();
		},

		/** Whether work started in `generation` may still record (no reset or stop since). */
		/** @param {number} generation */
		isCurrent(generation) {
			return generation === background.generation && !background.stopped;
		},
	};
	return background;
}

module.exports = { createBackground };
