'use strict';
// What the demo installs: the n8n line (once, into the cache, with progress lines), the package
// (built when dist/ is stale, then packed) and that package in the demo's user folder.

const fs = require('fs');
const path = require('path');

const { CACHE, LINES, PACKAGE_NAME, REPO } = require('../lib/constants');
const { log } = require('../lib/log');
const { buildAndPack: driverBuildAndPack, installTarball, resolveLine } = require('../lib/install');
const { DemoError } = require('./demoError');

/**
 * Locates the n8n line (the driver's resolveLine: install-n8n.sh decides whether the cached
 * install is ready); a first install shows progress here.
 * @param {string} lineName legacy | current (the demo's --line, checked by resolveLine)
 */
async function ensureLine(lineName, { reinstall = false } = {}) {
	const line = LINES[/** @type {'legacy' | 'current'} */ (lineName)];
	const dir = path.join(CACHE, `n8n-${line.version}`);
	if (reinstall || !fs.existsSync(path.join(dir, '.installed'))) {
		log(
			`installing n8n ${line.version}${line.node24 ? ' and Node 24' : ''} into ${CACHE} (once; ≈5 min, ≈2.5 GB; later runs reuse it)`,
		);
	}
	const started = Date.now();
	let resolved;
	try {
		resolved = await resolveLine(lineName, { reinstall, progress: true });
	} catch (error) {
		throw new DemoError(
			`installing n8n ${line.version} failed (${/** @type {Error} */ (error).message.split('\n')[0]}); the messages above say why.\n` +
				`  Rerun to retry (a broken or half-made install is redone), or start afresh with --reinstall.`,
		);
	}
	if (Date.now() - started > 20000)
		log(`n8n ${line.version} installed in ${Math.round((Date.now() - started) / 1000)} s`);
	return resolved;
}

/**
 * @param {string} dir
 * @param {(file: string) => boolean} [filter]
 * @returns {number}
 */
function newestMtime(dir, filter = () => true) {
	let newest = 0;
	if (!fs.existsSync(dir)) return newest;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full, filter));
		else if (filter(full)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
	}
	return newest;
}

/** True when dist/ is older than a source it is built from (or missing). */
function distIsStale() {
	const built = path.join(REPO, 'dist', 'nodes', 'GptBots', 'GptBotsWorkflow.node.js');
	if (
		!fs.existsSync(built) ||
		!fs.existsSync(path.join(REPO, 'dist', 'credentials', 'GptBotsApi.credentials.js'))
	)
		return true;
	const builtAt = fs.statSync(built).mtimeMs;
	const sources = Math.max(
		newestMtime(path.join(REPO, 'nodes')),
		newestMtime(path.join(REPO, 'credentials')),
		...['package.json', 'tsconfig.json', 'tsconfig.build.json', 'gulpfile.js'].map((f) =>
			fs.existsSync(path.join(REPO, f)) ? fs.statSync(path.join(REPO, f)).mtimeMs : 0,
		),
	);
	return sources > builtAt;
}

/**
 * `npm run build` (build: true always, 'auto' when dist/ is stale, false never), then `npm pack`:
 * { tarball, sha256, built }.
 * @param {string} destDir
 * @param {{ build?: boolean | 'auto' }} [options]
 */
async function buildAndPack(destDir, { build = 'auto' } = {}) {
	const doBuild = build === true || (build === 'auto' && distIsStale());
	return await driverBuildAndPack(destDir, { build: doBuild, clean: true });
}

/**
 * A persistent (or scratch) n8n user folder with the package installed as a community package.
 * The tarball is (re)installed only when its hash changed. Returns { userFolder, installed }.
 * @param {string} userFolder
 * @param {{ tarball: string, sha256: string }} pack
 */
async function prepareUserFolder(userFolder, pack) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const stamp = path.join(nodesDir, '.gptbots-package.sha256');
	const installedJson = path.join(nodesDir, 'node_modules', PACKAGE_NAME, 'package.json');
	const current = fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8').trim() : '';
	if (current === pack.sha256 && fs.existsSync(installedJson))
		return { userFolder, installed: false };
	fs.rmSync(path.join(nodesDir, 'node_modules', PACKAGE_NAME), { recursive: true, force: true });
	await installTarball(nodesDir, pack.tarball);
	fs.writeFileSync(stamp, `${pack.sha256}\n`);
	return { userFolder, installed: true };
}

module.exports = { ensureLine, distIsStale, buildAndPack, prepareUserFolder };
