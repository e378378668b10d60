'use strict';

/**
 * Names the simulator, the tests and the scripts share, written once: the API key every
 * simulator accepts by default, and the n8n type names of this package's nodes and credential
 * (the suites build workflows and credentials that use them). Plain CommonJS with no
 * dependencies, so JavaScript and TypeScript (via names.d.ts) can load it from anywhere.
 */

const SIM_API_KEY = 'sim-key-123';
/** The key of the simulated agent (the conversation API), distinct from the workflow's. */
const SIM_AGENT_KEY = 'sim-agent-key-456';
const PACKAGE_NAME = 'n8n-nodes-gptbots';
const NODE_TYPE = `${PACKAGE_NAME}.gptBotsWorkflow`;
const TRIGGER_TYPE = `${PACKAGE_NAME}.gptBotsWorkflowTrigger`;
const AGENT_TYPE = `${PACKAGE_NAME}.gptBotsAgent`;
const AGENT_TRIGGER_TYPE = `${PACKAGE_NAME}.gptBotsAgentTrigger`;
const CREDENTIAL_TYPE = 'gptBotsApi';

module.exports = {
	SIM_API_KEY,
	SIM_AGENT_KEY,
	PACKAGE_NAME,
	NODE_TYPE,
	TRIGGER_TYPE,
	AGENT_TYPE,
	AGENT_TRIGGER_TYPE,
	CREDENTIAL_TYPE,
};
