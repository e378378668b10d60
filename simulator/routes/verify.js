'use strict';

/** GET /v1/api-key/verify: which workflow the key belongs to. */

const { jsonResponse } = require('../http-utils');
const { verifyBody } = require('../variants');

function verify(ctx) {
	const { id, name } = ctx.options.workflow;
	return jsonResponse(200, verifyBody({ type: 'WORKFLOW', id, name }, ctx.options.variants));
}

module.exports = { verify };
