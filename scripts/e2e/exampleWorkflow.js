// @ts-check
'use strict';
// What the agent cases share: the agent's credential (the simulator's agent key), and an example
// file (examples/<file>) as a case's workflow, as it is but for its credential references.
const fs = require('fs');
const path = require('path');

const { CREDENTIAL_TYPE, REPO } = require('../lib/constants');
const { workflowId } = require('../lib/builders');
const { SIM_AGENT_KEY } = require('../../simulator/names');

/** The agent's credential: GPTBots sends its key with every webhook delivery, too. */
const AGENT_CREDENTIAL = { id: workflowId('credential:agent'), name: 'GPTBots simulator agent' };

/**
 * The agent credential to import (cases that share it import it once).
 * @param {{ simUrl: string }} env
 */
const agentCredentials = (env) => [
	{
		...AGENT_CREDENTIAL,
		type: CREDENTIAL_TYPE,
		data: { endpoint: 'custom', baseUrl: env.simUrl, apiKey: SIM_AGENT_KEY },
	},
];

/**
 * examples/<file> as it is, its credential references pointed at the suite's (`refs`, by credential
 * type), with the id of `key` and a name of the suite's.
 * @param {string} file
 * @param {string} key
 * @param {string} name
 * @param {Record<string, { id: string, name: string }>} refs
 * @param {{ active?: boolean }} [options]
 */
function exampleWorkflow(file, key, name, refs, { active = false } = {}) {
	/** @type {{ nodes: import('../lib/builders').WorkflowNode[] }} */
	const example = JSON.parse(fs.readFileSync(path.join(REPO, 'examples', file), 'utf8'));
	for (const node of example.nodes)
		for (const type of Object.keys(node.credentials ?? {}))
			if (refs[type] && node.credentials) node.credentials[type] = refs[type];
	return { ...example, id: workflowId(key), name: `${name} (examples/${file})`, active };
}

module.exports = { AGENT_CREDENTIAL, agentCredentials, exampleWorkflow };
