// @ts-check
'use strict';
// Figures a suite reports.

/**
 * The median of `values` (the mean of the two middle ones for an even count; NaN for none).
 * @param {number[]} values
 */
function median(values) {
	if (!values.length) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

module.exports = { median };
