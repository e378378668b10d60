// @ts-check
'use strict';

/**
 * The agent (conversation) endpoints, as entries of the API's route table (api.js). They need an
 * agent key (option `agentApiKeys`); a workflow key gets 403 `{code:40300}` (the simulator's
 * choice: GPTBots' docs do not say what it answers), as an agent key does on workflow endpoints.
 */

const { createConversation, history } = require('./agentState');
const { sendMessage } = require('./agentMessage');

/** @typedef {{ handler: Function, counter: string, needsBody: boolean, limited: boolean, kind: 'agent' }} AgentRoute */

/** @type {Record<string, AgentRoute>} */
const AGENT_ROUTES = {
	'POST /v1/conversation': {
		handler: createConversation,
		counter: 'conversation',
		needsBody: true,
		limited: false,
		kind: 'agent',
	},
	'POST /v2/conversation/message': {
		handler: sendMessage,
		counter: 'message',
		needsBody: true,
		limited: true,
		kind: 'agent',
	},
	'GET /v2/messages': {
		handler: (/** @type {any} */ ctx, /** @type {any} */ request) => history(ctx, request),
		counter: 'history',
		needsBody: false,
		limited: false,
		kind: 'agent',
	},
	'GET /v1/messages': {
		handler: (/** @type {any} */ ctx, /** @type {any} */ request) => history(ctx, request, 'v1'),
		counter: 'history',
		needsBody: false,
		limited: false,
		kind: 'agent',
	},
};

module.exports = { AGENT_ROUTES };
