'use strict';

/** GET /v1/api-key/verify: which workflow or agent the key belongs to. */

const { jsonResponse } = require('../http-utils');
const { verifyBody } = require('../variants');

/**
 * @param {import('../server').SimContext} ctx
 * @param {import('./invoke').RouteRequest} request
 */
function verify(ctx, { entry }) {
	const agent = entry.keyKind === 'agent';
	const { id, name } = agent ? ctx.options.agent : ctx.options.workflow;
	const type = agent ? 'AGENT' : 'WORKFLOW';
	return jsonResponse(200, verifyBody({ type, id, name }, ctx.options.variants));
}

module.exports = { verify };
