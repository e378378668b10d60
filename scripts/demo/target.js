'use strict';
// Which GPTBots the demo's credential points at: the simulator, one of GPTBots' data centres, or
// a private deployment's base URL.

const { SIM_API_KEY } = require('../lib/constants');
const C = require('./constants');

/** The credential's data for the target: the simulator, a data centre, or a base URL. */
function credentialData(target) {
	if (target.kind === 'simulator')
		return { endpoint: 'custom', baseUrl: target.url, apiKey: SIM_API_KEY };
	if (target.baseUrl) return { endpoint: 'custom', baseUrl: target.baseUrl, apiKey: target.apiKey };
	return { endpoint: target.endpoint, apiKey: target.apiKey };
}

/** The credential's name, as the editor shows it. */
function credentialName(target) {
	if (target.kind === 'simulator') return C.DEMO_CREDENTIAL.name;
	return `GPTBots (${target.baseUrl ? target.baseUrl : target.endpoint})`;
}

module.exports = { credentialData, credentialName };
