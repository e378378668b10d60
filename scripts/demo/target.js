// @ts-check
'use strict';
// Which GPTBots the demo's credential points at: the simulator, one of GPTBots' data centres, or
// a private deployment's base URL.

const { SIM_API_KEY } = require('../lib/constants');
const C = require('./constants');

/**
 * What the demo's credential points at (scripts/demo/args.js).
 * @typedef {{ kind: 'simulator', url: string } | { kind: 'real', endpoint?: string, baseUrl?: string, apiKey: string }} Target
 */

/**
 * The credential's data for the target: the simulator, a data centre, or a base URL.
 * @param {Target} target
 */
function credentialData(target) {
	if (target.kind === 'simulator')
		return { endpoint: 'custom', baseUrl: target.url, apiKey: SIM_API_KEY };
	if (target.baseUrl) return { endpoint: 'custom', baseUrl: target.baseUrl, apiKey: target.apiKey };
	return { endpoint: target.endpoint, apiKey: target.apiKey };
}

/**
 * The credential's name, as the editor shows it.
 * @param {Target} target
 */
function credentialName(target) {
	if (target.kind === 'simulator') return C.DEMO_CREDENTIAL.name;
	return `GPTBots (${target.baseUrl ? target.baseUrl : target.endpoint})`;
}

module.exports = { credentialData, credentialName };
