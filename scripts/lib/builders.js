// @ts-check
'use strict';
// Workflow builders: stable ids, the node kinds the suites use, and a chained workflow.

const crypto = require('crypto');

const { NODE_TYPE, TRIGGER_TYPE, CREDENTIAL_TYPE } = require('./constants');

/**
 * A node as a workflow's JSON holds it, before workflow() gives it an id and a position; node
 * settings (onError, retryOnFail …) sit next to the parameters.
 * @typedef {{
 *   name: string,
 *   type: string,
 *   typeVersion: number,
 *   parameters: Record<string, unknown>,
 *   credentials?: Record<string, { id: string, name: string }>,
 *   webhookId?: string,
 *   [setting: string]: unknown,
 * }} WorkflowNode
 */

/** @typedef {{ node: string, type: 'main', index: number }} Connection */
/** @typedef {ReturnType<typeof workflow>} WorkflowJson a workflow's JSON as workflow() builds it */

/**
 * A stable 16-character workflow id (n8n's own ids are 16 alphanumerics) for a key.
 * @param {string} key
 */
function workflowId(key) {
	return crypto.createHash('sha1').update(`gptbots-e2e:${key}`).digest('hex').slice(0, 16);
}

/**
 * A node id in UUID form (version 4 digits), stable for a seed.
 * @param {string} seed
 */
function nodeId(seed) {
	const h = crypto.createHash('sha1').update(seed).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** @returns {WorkflowNode} */
function manualTrigger(name = 'Start') {
	return { name, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} };
}

/**
 * A Code node ("Run Once for All Items") whose JS returns items, e.g. `return [{json:{a:1}}]`.
 * @param {string} name
 * @param {string} jsCode
 * @returns {WorkflowNode}
 */
function codeNode(name, jsCode) {
	return { name, type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode } };
}

/**
 * A Code node that emits these objects as items.
 * @param {string} name
 * @param {unknown[]} objects
 */
function itemsNode(name, objects) {
	return codeNode(name, `return ${JSON.stringify(objects.map((json) => ({ json })))};`);
}

/**
 * A GPTBots Workflow node. `credential` is { id, name }; `settings` are node settings such as
 * { onError: 'continueRegularOutput' }.
 * @param {string} name
 * @param {Record<string, unknown>} parameters
 * @param {{ id: string, name: string }} credential
 * @param {Record<string, unknown>} [settings]
 * @returns {WorkflowNode}
 */
function gptNode(name, parameters, credential, settings = {}) {
	return {
		name,
		type: NODE_TYPE,
		typeVersion: 1,
		parameters,
		credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
		...settings,
	};
}

/**
 * The workflow most execute cases run: a manual Start, the `before` nodes, one GPTBots Workflow
 * node named "GPTBots" that invokes with `parameters` (mode, input, options …), the `after` nodes.
 * @param {string} key
 * @param {string} name
 * @param {Record<string, unknown>} parameters
 * @param {{ id: string, name: string }} credential
 * @param {{ before?: WorkflowNode[], after?: WorkflowNode[] }} [options]
 */
function manualInvokeWorkflow(key, name, parameters, credential, { before = [], after = [] } = {}) {
	return workflow(key, name, [
		manualTrigger(),
		...before,
		gptNode('GPTBots', { operation: 'invoke', ...parameters }, credential),
		...after,
	]);
}

/**
 * A GPTBots Workflow Trigger node. `webhookId` (a UUID) decides its production URL:
 * productionWebhookUrl(server, webhookId). `typeVersion` 1.1 is what the editor adds today; 1 is
 * what older saved workflows hold.
 * @param {string} name
 * @param {Record<string, unknown>} parameters
 * @param {string} webhookId
 * @returns {WorkflowNode}
 */
function triggerNode(name, parameters, webhookId, typeVersion = 1.1) {
	return { name, type: TRIGGER_TYPE, typeVersion, parameters, webhookId };
}

/**
 * n8n's Webhook node (v2): `POST /webhook/<path>`, answering as `responseMode` says (onReceived,
 * lastNode …).
 * @param {string} name
 * @param {string} path
 * @param {string} webhookId a UUID
 * @param {string} responseMode
 * @returns {WorkflowNode}
 */
function webhookNode(name, path, webhookId, responseMode) {
	return {
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId,
		parameters: { httpMethod: 'POST', path, responseMode, options: {} },
	};
}

/**
 * A No Operation node (a named end point to read a branch's items at).
 * @param {string} name
 * @returns {WorkflowNode}
 */
function noOpNode(name) {
	return { name, type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} };
}

/**
 * The production URL of a trigger with this webhookId (path "gptbots", as the trigger declares).
 * @param {{ url: string }} server
 * @param {string} webhookId
 */
function productionWebhookUrl(server, webhookId, pathName = 'gptbots') {
	return `${server.url}/webhook/${webhookId}/${pathName}`;
}

/**
 * An HTTP Request node (v4.2) that POSTs each incoming item's JSON to `url` (e.g. the receiver).
 * @param {string} name
 * @param {string} url
 * @returns {WorkflowNode}
 */
function postItemNode(name, url) {
	return {
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'POST',
			url,
			sendBody: true,
			specifyBody: 'json',
			jsonBody: '={{ JSON.stringify($json) }}',
			options: {},
		},
	};
}

/**
 * A UUID derived from a seed (stable ids for nodes and webhooks).
 * @param {string} seed
 */
function stableUuid(seed) {
	return nodeId(seed);
}

/**
 * Input fields as the node stores them (fixedCollection).
 * @param {Array<[name: string, type: string, value: unknown]>} list
 */
function fields(list) {
	return { field: list.map(([name, type, value]) => ({ name, type, value })) };
}

/**
 * A workflow from a key, a name and nodes connected in a chain (node i -> node i+1), or with
 * explicit `connections` ({ from: [to, ...] }). Positions are laid out left to right.
 * @param {string} key
 * @param {string} name
 * @param {WorkflowNode[]} nodes
 * @param {{ connections?: Record<string, string[]>, settings?: object, active?: boolean, meta?: object }} [options]
 */
function workflow(
	key,
	name,
	nodes,
	{ connections, settings = {}, active = false, meta = {} } = {},
) {
	const id = workflowId(key);
	const placed = nodes.map((node, i) => ({
		id: nodeId(`${key}:${node.name}`),
		position: [i * 220, 0],
		...node,
	}));
	const links =
		connections ||
		Object.fromEntries(placed.slice(0, -1).map((node, i) => [node.name, [placed[i + 1].name]]));
	/** @type {Record<string, { main: Connection[][] }>} */
	const conn = {};
	for (const [from, targets] of Object.entries(links)) {
		conn[from] = { main: [targets.map((to) => ({ node: to, type: 'main', index: 0 }))] };
	}
	return {
		id,
		name: `e2e ${name}`,
		active,
		nodes: placed,
		connections: conn,
		settings: { executionOrder: 'v1', ...settings },
		pinData: {},
		meta: { e2eKey: key, ...meta },
		versionId: nodeId(`${key}:version`),
	};
}

module.exports = {
	workflowId,
	nodeId,
	stableUuid,
	manualTrigger,
	codeNode,
	itemsNode,
	gptNode,
	manualInvokeWorkflow,
	triggerNode,
	webhookNode,
	noOpNode,
	productionWebhookUrl,
	postItemNode,
	fields,
	workflow,
};
