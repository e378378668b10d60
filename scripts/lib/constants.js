// @ts-check
'use strict';
// The names and places every suite shares: the repository, the n8n lines, the package's type names,
// the simulator's keys.

const fs = require('fs');
const os = require('os');
const path = require('path');

/**
 * The repository root: the nearest folder upwards whose package.json is this package's (also when
 * this file runs compiled elsewhere, as the bench's copy in .tmp/bench does).
 * @param {string} start
 * @returns {string}
 */
function findRepo(start) {
	for (let dir = start; ; dir = path.dirname(dir)) {
		const file = path.join(dir, 'package.json');
		if (fs.existsSync(file) && JSON.parse(fs.readFileSync(file, 'utf8')).name === PACKAGE_NAME)
			return dir;
		if (path.dirname(dir) === dir)
			throw new Error(`${PACKAGE_NAME}'s package.json not found above ${start}`);
	}
}

const CACHE = process.env.N8N_E2E_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-gptbots');
const NODE24_VERSION = process.env.NODE24_VERSION || '24.9.0';
const ENCRYPTION_KEY = 'n8n-nodes-gptbots-e2e-fixed-key-0001';
// The package's type names and the simulator's key are the simulator's (one place for all).
const {
	PACKAGE_NAME,
	NODE_TYPE,
	TRIGGER_TYPE,
	CREDENTIAL_TYPE,
	SIM_API_KEY,
} = require('../../simulator/names');
const REPO = findRepo(__dirname);
/**
 * GPTBots' data centres and their API base URLs, as the credential's Data Centre offers them
 * (credentials/baseUrl.ts; test/probe.test.js holds the two equal).
 * @type {Record<'sg' | 'jp' | 'th' | 'global', string>}
 */
const DATA_CENTRE_BASE_URLS = {
	sg: 'https://api-sg.gptbots.ai',
	jp: 'https://api-jp.gptbots.ai',
	th: 'https://api-th.gptbots.ai',
	global: 'https://api.gptbots.ai',
};
const WRONG_API_KEY = 'wrong-key-e2e-7f3a9c21d4';

/** @typedef {{ name: 'legacy' | 'current', version: string, node24: boolean }} LineSpec */

/** @type {Record<'legacy' | 'current', LineSpec>} */
const LINES = {
	legacy: { name: 'legacy', version: process.env.N8N_LEGACY_VERSION || '2.8.4', node24: false },
	current: { name: 'current', version: process.env.N8N_CURRENT_VERSION || '2.41.1', node24: true },
};

module.exports = {
	REPO,
	CACHE,
	NODE24_VERSION,
	LINES,
	DATA_CENTRE_BASE_URLS,
	ENCRYPTION_KEY,
	PACKAGE_NAME,
	NODE_TYPE,
	TRIGGER_TYPE,
	CREDENTIAL_TYPE,
	SIM_API_KEY,
	WRONG_API_KEY,
};
