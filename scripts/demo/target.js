// @ts-check
'use strict';
// Which GPTBots the demo's credential points at: the simulator, one of GPTBots' data centres, or
// a private deployment's base URL.

const { SIM_API_KEY } = require('../lib/constants');
const { SIM_AGENT_KEY } = require('../../simulator/names');
const C = require('./constants');

/**
 * What the demo's credentials point at (scripts/demo/args.js). `agentApiKey`: an agent's key for
 * the agent examples (a key belongs to one workflow or one agent).
 * @typedef {{ kind: 'simulator', url: string } | { kind: 'real', endpoint?: string, baseUrl?: string, apiKey: string, agentApiKey?: string }} Target
 */

/**
 * A credential's data for the target: the simulator, a data centre, or a base URL; `agent`: the
 * agent examples' credential (the simulator's agent key, or `agentApiKey`).
 * @param {Target} target
 * @param {{ agent?: boolean }} [which]
 */
function credentialData(target, { agent = false } = {}) {
	if (target.kind === 'simulator')
		return { endpoint: 'custom', baseUrl: target.url, apiKey: agent ? SIM_AGENT_KEY : SIM_API_KEY };
	const apiKey = agent ? (target.agentApiKey ?? '') : target.apiKey;
	if (target.baseUrl) return { endpoint: 'custom', baseUrl: target.baseUrl, apiKey };
	return { endpoint: target.endpoint, apiKey };
}

/**
 * A credential's name, as the editor shows it.
 * @param {Target} target
 * @param {{ agent?: boolean }} [which]
 */
function credentialName(target, { agent = false } = {}) {
	if (target.kind === 'simulator')
		return agent ? C.DEMO_AGENT_CREDENTIAL.name : C.DEMO_CREDENTIAL.name;
	return `GPTBots ${agent ? 'agent ' : ''}(${target.baseUrl ? target.baseUrl : target.endpoint})`;
}

module.exports = { credentialData, credentialName };
