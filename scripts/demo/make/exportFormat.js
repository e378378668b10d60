'use strict';
// n8n's workflow export format, as the example files use it: stable node ids, nodes with their
// positions, sticky notes, Set nodes, chained connections, and the workflow around them.

const { CREDENTIAL_TYPE, NODE_TYPE } = require('../../lib/constants');
const { AGENT_TYPE } = require('../../../simulator/names');
const { stableUuid } = require('../../lib/builders');
const { DEMO_AGENT_CREDENTIAL, DEMO_CREDENTIAL, DEMO_OPENAI_CREDENTIAL } = require('../constants');

/**
 * A node's position on the canvas, [x, y].
 * @typedef {[number, number]} Position
 * Connections as n8n exports them: by source node, then by connection type (main, ai_tool …).
 * @typedef {Record<string, Record<string, { node: string, type: string, index: number }[][]>>} Connections
 */

/** The credential reference every GPTBots Workflow node in the examples carries. */
const cred = { [CREDENTIAL_TYPE]: { id: DEMO_CREDENTIAL.id, name: DEMO_CREDENTIAL.name } };
/** The agent nodes' credential reference (an agent's key). */
const agentCred = {
	[CREDENTIAL_TYPE]: { id: DEMO_AGENT_CREDENTIAL.id, name: DEMO_AGENT_CREDENTIAL.name },
};

/** A stable UUID for an example's node, webhook or field (`key` names it). */
const uuid = (/** @type {string} */ key) => stableUuid(`gptbots-example:${key}`);

/**
 * A node of example `wf`; `extra` adds e.g. credentials or a webhookId.
 * @param {string} wf
 * @param {string} name
 * @param {string} type
 * @param {number} typeVersion
 * @param {Position} position
 * @param {Record<string, unknown>} parameters
 * @param {Record<string, unknown>} [extra]
 */
function node(wf, name, type, typeVersion, position, parameters, extra = {}) {
	return { parameters, id: uuid(`${wf}:${name}`), name, type, typeVersion, position, ...extra };
}

/** The manual trigger "Start", at the left. */
const manualStart = (/** @type {string} */ wf) =>
	node(wf, 'Start', 'n8n-nodes-base.manualTrigger', 1, [0, 0], {});

/**
 * A Webhook node "Webhook" at the left: POST /webhook/<path>; `webhookKey` seeds its webhookId.
 * @param {string} wf
 * @param {string} path
 * @param {string} responseMode
 * @param {string} webhookKey
 */
function webhookStart(wf, path, responseMode, webhookKey) {
	const parameters = { httpMethod: 'POST', path, responseMode, options: {} };
	return node(wf, 'Webhook', 'n8n-nodes-base.webhook', 2, [0, 0], parameters, {
		webhookId: uuid(webhookKey),
	});
}

/**
 * The GPTBots Workflow node ("GPTBots Workflow") invoking with `parameters`, on the demo credential.
 * @param {string} wf
 * @param {Position} position
 * @param {Record<string, unknown>} parameters
 */
function invokeNode(wf, position, parameters) {
	return node(
		wf,
		'GPTBots Workflow',
		NODE_TYPE,
		1.1, // the version the editor adds today (Poll Interval and Max Wait beside the mode)
		position,
		{ operation: 'invoke', ...parameters },
		{
			credentials: cred,
		},
	);
}

/**
 * The GPTBots Agent node ("GPTBots Agent") sending a message with `parameters`, on the agent credential.
 * @param {string} wf
 * @param {Position} position
 * @param {Record<string, unknown>} parameters
 */
function agentNode(wf, position, parameters) {
	return node(
		wf,
		'GPTBots Agent',
		AGENT_TYPE,
		1,
		position,
		{ operation: 'sendMessage', ...parameters },
		{ credentials: agentCred },
	);
}

/**
 * A sticky note (the example's description on the canvas).
 * @param {string} wf
 * @param {string} name
 * @param {Position} position
 * @param {string} content
 * @param {{ width?: number, height?: number, color?: number }} [size]
 */
function sticky(wf, name, position, content, { width = 420, height = 260, color = 7 } = {}) {
	return node(wf, name, 'n8n-nodes-base.stickyNote', 1, position, {
		content,
		height,
		width,
		color,
	});
}

/**
 * A Set node (v3.4) assigning [field, type, value] triples.
 * @param {string} wf
 * @param {string} name
 * @param {Position} position
 * @param {[string, string, unknown][]} fields
 */
function set(wf, name, position, fields) {
	return node(wf, name, 'n8n-nodes-base.set', 3.4, position, {
		assignments: {
			assignments: fields.map(([field, type, value]) => ({
				id: uuid(`${wf}:${name}:${field}`),
				name: field,
				value,
				type,
			})),
		},
		options: {},
	});
}

/**
 * Connections that chain the named nodes, each into the next.
 * @param {...string} names
 */
function chain(...names) {
	/** @type {Connections} */
	const connections = {};
	for (let i = 0; i < names.length - 1; i++) {
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	}
	return connections;
}

/** The AI Agent node's version in the examples: the newest in n8n 2.8 (2.41 has it too). */
const AI_AGENT_VERSION = 3.1;

/**
 * n8n's AI Agent ("AI Agent", prompt `text`) and its OpenAI chat model ("OpenAI Chat Model", on the
 * demo's OpenAI credential), placed for a tool below them; `aiAgentConnections` wires them with a
 * manual Start and the tool node `toolName`.
 * @param {string} wf
 * @param {{ text: string, systemMessage: string }} prompt
 */
function aiAgentNodes(wf, { text, systemMessage }) {
	return [
		node(wf, 'AI Agent', '@n8n/n8n-nodes-langchain.agent', AI_AGENT_VERSION, [260, 0], {
			promptType: 'define',
			text,
			options: { systemMessage },
		}),
		node(
			wf,
			'OpenAI Chat Model',
			'@n8n/n8n-nodes-langchain.lmChatOpenAi',
			1.2,
			[160, 240],
			{
				model: { __rl: true, mode: 'list', value: 'gpt-4o-mini' },
				options: {},
			},
			{
				credentials: {
					openAiApi: { id: DEMO_OPENAI_CREDENTIAL.id, name: DEMO_OPENAI_CREDENTIAL.name },
				},
			},
		),
	];
}

/**
 * @param {string} toolName
 * @returns {Connections}
 */
function aiAgentConnections(toolName) {
	return {
		Start: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
		'OpenAI Chat Model': {
			ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]],
		},
		[toolName]: { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
	};
}

/**
 * An example: the file it is written to, and the workflow as n8n exports it.
 * @param {string} file
 * @param {string} id
 * @param {string} name
 * @param {Record<string, unknown>[]} nodes
 * @param {Connections} connections
 * @param {string} description
 */
function workflow(file, id, name, nodes, connections, description) {
	return {
		file,
		json: {
			id,
			name,
			description,
			nodes,
			connections,
			settings: { executionOrder: 'v1' },
			pinData: {},
			meta: { templateCredsSetupCompleted: true, gptbotsExample: file },
			tags: [],
			active: false,
		},
	};
}

module.exports = {
	cred,
	agentCred,
	uuid,
	node,
	manualStart,
	webhookStart,
	invokeNode,
	agentNode,
	sticky,
	set,
	chain,
	aiAgentNodes,
	aiAgentConnections,
	workflow,
};
