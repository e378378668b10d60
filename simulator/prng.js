'use strict';

/**
 * mulberry32: a tiny seeded PRNG. Random fault injection must be reproducible
 * (same seed + same request order = same faults), which Math.random cannot give.
 * @param {unknown} seed
 * @returns {() => number} a number in [0, 1)
 */
function createRandom(seed) {
	let a = Number(seed) >>> 0 || 1;
	return function random() {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

module.exports = { createRandom };
