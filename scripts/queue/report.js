'use strict';
// The queue suite's results: PASS/FAIL checks and FIGURE lines (measured values, not checks).

const { log } = require('./infra');

const results = [];
const figures = [];
function check(label, ok, detail) {
	results.push({ label, ok: Boolean(ok) });
	log(
		`${ok ? 'PASS' : 'FAIL'} ${label}${ok || detail === undefined ? '' : `\n         ${String(detail).split('\n').join('\n         ')}`}`,
	);
	return Boolean(ok);
}
function figure(text) {
	figures.push(text);
	log(`FIGURE ${text}`);
}
const show = (v) => {
	const t = JSON.stringify(v);
	return t && t.length > 500 ? `${t.slice(0, 500)}…` : t;
};

/** How often each run id started: { once, twice, never, more }. */
const tally = (perId) => {
	const counts = Object.values(perId);
	return {
		once: counts.filter((c) => c === 1).length,
		twice: counts.filter((c) => c === 2).length,
		never: counts.filter((c) => c === 0).length,
		more: counts.filter((c) => c > 2).length,
	};
};

module.exports = { results, figures, check, figure, show, tally };
