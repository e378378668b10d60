#!/usr/bin/env node
'use strict';
// Which Chromium-family browser the browser suite drives. CHROMIUM_PATH wins; otherwise the first
// that answers `--version` of: Debian's chromium (this machine), then the Google Chrome or Chromium
// a CI runner has preinstalled (GitHub's ubuntu-latest: /usr/bin/google-chrome, CHROME_BIN).
// Ubuntu's /usr/bin/chromium-browser is a wrapper that installs a snap: it fails `--version`
// without snapd, so it is never picked by mistake.
//   node scripts/browser/findBrowser.js   prints the path, or exits 1 saying what to do

const fs = require('fs');
const { spawnSync } = require('child_process');

const CANDIDATES = [
	'/usr/bin/chromium',
	'/usr/bin/google-chrome-stable',
	'/usr/bin/google-chrome',
	'/opt/google/chrome/chrome',
	'/usr/bin/chromium-browser',
];

const HINT =
	"no browser found: set CHROMIUM_PATH to a Chromium or Google Chrome binary, or install Debian's chromium (apt-get install -y chromium)";

/**
 * The browser's `--version` line, or undefined when it is missing or does not run.
 * @param {string} file
 */
function versionOf(file) {
	try {
		fs.accessSync(file, fs.constants.X_OK);
	} catch {
		return undefined;
	}
	const run = spawnSync(file, ['--version'], { encoding: 'utf8', timeout: 20000 });
	const line = (run.stdout || '').trim();
	return run.status === 0 && /chrom/i.test(line) ? line : undefined;
}

/**
 * { path, version } of the browser to drive. CHROMIUM_PATH is taken as it is (a wrong one fails
 * loudly at launch, naming it); undefined when no candidate runs.
 */
function findBrowser(env = process.env) {
	if (env.CHROMIUM_PATH) return { path: env.CHROMIUM_PATH, version: versionOf(env.CHROMIUM_PATH) };
	const candidates = /** @type {string[]} */ ([...CANDIDATES, env.CHROME_BIN].filter(Boolean));
	for (const file of candidates) {
		const version = versionOf(file);
		if (version) return { path: file, version };
	}
	return undefined;
}

module.exports = { findBrowser, HINT };

if (require.main === module) {
	const found = findBrowser();
	if (!found) {
		process.stderr.write(`${HINT}\n`);
		process.exit(1);
	}
	process.stdout.write(`${found.path}\n`);
}
