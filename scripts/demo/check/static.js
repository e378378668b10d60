// @ts-check
'use strict';
// What the contract allows, checked in the example files without n8n: catches a renamed
// parameter or option value early (shared/contract: saved workflows depend on those names).

const { CREDENTIAL_TYPE, NODE_TYPE, TRIGGER_TYPE } = require('../../lib/constants');
const { AGENT_TRIGGER_TYPE, PACKAGE_NAME } = require('../../../simulator/names');
const { Checks, show } = require('../../lib/checks');
const C = require('../constants');

const OPERATIONS = ['invoke', 'getResult', 'getRuns'];
const MODES = ['sync', 'async', 'asyncPoll', 'asyncWebhook'];
const SOURCES = ['fields', 'json', 'item', 'mapped'];
const OPTIONS = [
	'outputMode',
	'failOnRunFailure',
	'timeout',
	'pollInterval',
	'maxWait',
	'concurrency',
	'retryInvokeWhenSafe',
	'maxFileSize',
	'downloadFiles',
	'downloadFields',
	'checkInputAgainstRuns',
];

/** The agent node's contract names (shared/contract.md, gptBotsAgent). */
const AGENT_TYPE = `${PACKAGE_NAME}.gptBotsAgent`;
const AGENT_CONTRACT = {
	operation: ['sendMessage', 'createConversation', 'getMessages'],
	conversation: ['new', 'id', 'chatSession'],
	responseMode: ['blocking', 'streaming', 'webhook'],
};
const AGENT_OPTIONS = [
	'concurrency',
	'maxFileSize',
	'knowledgeDataIds',
	'knowledgeGroupIds',
	'customVariables',
	'longTermMemory',
	'shortTermMemory',
	'timeout',
	'outputMode',
];
const AGENT_TRIGGER_OPTIONS = ['dedupe', 'unrecognised'];

/**
 * The agent nodes: contract values, known options, the agent credential by reference.
 * @param {ExampleNode} node
 */
function agentNodeProblems(node) {
	const problems = [];
	const p = node.parameters;
	const isTrigger = node.type === AGENT_TRIGGER_TYPE;
	if (!isTrigger)
		for (const [name, values] of Object.entries(AGENT_CONTRACT))
			if (p[name] !== undefined && !values.includes(p[name]))
				problems.push(`${node.name}: ${name} ${p[name]}`);
	const known = isTrigger ? AGENT_TRIGGER_OPTIONS : AGENT_OPTIONS;
	for (const key of Object.keys(p.options || {}))
		if (!known.includes(key)) problems.push(`${node.name}: unknown option ${key}`);
	if (isTrigger && !node.webhookId) problems.push(`${node.name}: no webhookId`);
	const cred = node.credentials?.[CREDENTIAL_TYPE];
	if (!cred || cred.id !== C.DEMO_AGENT_CREDENTIAL.id || cred.name !== C.DEMO_AGENT_CREDENTIAL.name)
		problems.push(`${node.name}: agent credential reference ${show(cred)}`);
	return problems;
}

/**
 * An example file's JSON, as far as the checks read it (whatever the file holds: they check it).
 * @typedef {{ name: string, type: string, parameters: Record<string, any>, webhookId?: string,
 *   credentials?: Record<string, Record<string, unknown>> }} ExampleNode
 * @typedef {{ id?: string, name?: string, nodes?: ExampleNode[],
 *   connections?: Record<string, { main?: { node: string }[][] }> }} ExampleJson
 */

/**
 * What is wrong with the file as an n8n export: its fields, its connections.
 * @param {ExampleJson} workflow
 */
function exportProblems(workflow) {
	if (
		!workflow.id ||
		!workflow.name ||
		!Array.isArray(workflow.nodes) ||
		typeof workflow.connections !== 'object'
	)
		return ['not an n8n workflow export (id, name, nodes, connections)'];
	const problems = [];
	const names = new Set(workflow.nodes.map((n) => n.name));
	for (const [from, out] of Object.entries(workflow.connections)) {
		if (!names.has(from)) problems.push(`connection from unknown node ${from}`);
		for (const target of (out.main || []).flat())
			if (!names.has(target.node)) problems.push(`connection to unknown node ${target.node}`);
	}
	return problems;
}

/**
 * What is wrong with one node: contract names of the GPTBots nodes, credentials by reference.
 * @param {ExampleNode} node
 */
function nodeProblems(node) {
	const problems = [];
	if (node.type === NODE_TYPE || node.type === `${NODE_TYPE}Tool`) {
		const p = node.parameters;
		if (!OPERATIONS.includes(p.operation ?? 'invoke'))
			problems.push(`${node.name}: operation ${p.operation}`);
		if (!MODES.includes(p.mode ?? 'sync')) problems.push(`${node.name}: mode ${p.mode}`);
		if (!SOURCES.includes(p.inputSource ?? 'fields'))
			problems.push(`${node.name}: inputSource ${p.inputSource}`);
		for (const key of Object.keys(p.options || {}))
			if (!OPTIONS.includes(key)) problems.push(`${node.name}: unknown option ${key}`);
		const cred = node.credentials?.[CREDENTIAL_TYPE];
		if (!cred || cred.id !== C.DEMO_CREDENTIAL.id || cred.name !== C.DEMO_CREDENTIAL.name)
			problems.push(`${node.name}: credential reference ${show(cred)}`);
	}
	if (node.type === TRIGGER_TYPE && !node.webhookId) problems.push(`${node.name}: no webhookId`);
	if ([AGENT_TYPE, `${AGENT_TYPE}Tool`, AGENT_TRIGGER_TYPE].includes(node.type))
		problems.push(...agentNodeProblems(node));
	// A reference is {id, name}; anything more (e.g. `data`) would be the credential itself.
	const leaked = Object.values(node.credentials || {}).some((ref) =>
		Object.keys(ref).some((key) => !['id', 'name'].includes(key)),
	);
	if (leaked) problems.push(`${node.name}: credential data in the file`);
	return problems;
}

/**
 * One check per example file ([{ file, workflow }]).
 * @param {{ file: string, workflow: ExampleJson }[]} examples
 * @param {import('../../lib/checks').CheckResult[]} results
 */
function staticChecks(examples, results) {
	for (const { file, workflow } of examples) {
		const problems = exportProblems(workflow);
		if (Array.isArray(workflow.nodes)) problems.push(...workflow.nodes.flatMap(nodeProblems));
		new Checks(file, results).check(
			'a valid export, contract parameters, credential by reference only',
			problems.length === 0,
			problems.join('\n'),
		);
	}
}

module.exports = { staticChecks };
