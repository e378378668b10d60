// @ts-check
'use strict';
// The queue suite's results: the driver's PASS/FAIL checks, FIGURE lines (measured values, not
// checks), and its HTTP requests (no keep-alive: concurrent deliveries each open their own
// connection, as GPTBots' would).

const http = require('http');

const { Checks, show } = require('../lib/checks');
const { log } = require('../lib/log');
const { request: driverRequest } = require('../lib/request');

/** @type {import('../lib/checks').CheckResult[]} */
const results = [];
const checks = new Checks('', results);
/** @type {string[]} */
const figures = [];

/**
 * A PASS/FAIL line (the driver's Checks, without a case prefix).
 * @param {string} label
 * @param {unknown} ok
 * @param {unknown} [detail]
 */
const check = (label, ok, detail) => checks.check(label, ok, detail);

/** @param {string} text */
function figure(text) {
	figures.push(text);
	log(`FIGURE ${text}`);
}

/**
 * How often each run id started: { once, twice, never, more }.
 * @param {Record<string, number>} perId
 */
const tally = (perId) => {
	const counts = Object.values(perId);
	return {
		once: counts.filter((c) => c === 1).length,
		twice: counts.filter((c) => c === 2).length,
		never: counts.filter((c) => c === 0).length,
		more: counts.filter((c) => c > 2).length,
	};
};

const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

/**
 * The driver's request, without keep-alive and with 30 s to answer unless told otherwise.
 * @param {string} method
 * @param {string} url
 * @param {Parameters<typeof driverRequest>[2]} [options]
 */
const request = (method, url, options = {}) =>
	driverRequest(method, url, { timeoutMs: 30000, agent, ...options });

module.exports = { results, figures, check, figure, show, tally, request };
