// @ts-check
'use strict';
// The demo's own folder in the cache (one per n8n line): one demo at a time uses it (a lock), and
// a small state file remembers what the last run set up (the simulator's port, what was imported).

const fs = require('fs');
const path = require('path');

const { isAlive, onCleanup } = require('../lib/processes');
const { DemoError } = require('./demoError');

/**
 * Only one demo per user folder at a time (they share one SQLite database).
 * @param {string} folder
 * @param {string} url
 */
function takeLock(folder, url) {
	fs.mkdirSync(folder, { recursive: true });
	const file = path.join(folder, 'demo.lock');
	if (fs.existsSync(file)) {
		let held;
		try {
			held = JSON.parse(fs.readFileSync(file, 'utf8'));
		} catch {
			held = undefined;
		}
		if (held && held.pid !== process.pid && isAlive(held.pid)) {
			throw new DemoError(
				`another demo (pid ${held.pid}) is using ${folder}${held.url ? ` and serves ${held.url}` : ''}: stop it first (Ctrl-C in its terminal, or kill ${held.pid})`,
			);
		}
	}
	fs.writeFileSync(file, JSON.stringify({ pid: process.pid, url }));
	onCleanup('demo lock', () => {
		try {
			if (JSON.parse(fs.readFileSync(file, 'utf8')).pid === process.pid) fs.rmSync(file);
		} catch {
			/* gone */
		}
	});
}

/**
 * The state file's contents ({} when there is none): what the last run left (e.g. simPort).
 * @param {string} file
 * @returns {Record<string, any>}
 */
function readState(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return {};
	}
}

/**
 * Merges `patch` into the state file.
 * @param {string} file
 * @param {Record<string, unknown>} patch
 */
function writeState(file, patch) {
	fs.writeFileSync(file, JSON.stringify({ ...readState(file), ...patch }, null, 2));
}

module.exports = { takeLock, readState, writeState };
