'use strict';

/** POST /v1/workflow/query/result: one run as it stands now. */

const { jsonResponse, apiError, apiErrorFrom } = require('../http-utils');
const { validateQueryBody } = require('../validation');
const { answerBody, variantsFor } = require('../variants');
const wf = require('../workflow');

/**
 * @param {import('../server').SimContext} ctx
 * @param {import('./invoke').RouteRequest} request
 */
function query(ctx, { body }) {
	const checked = validateQueryBody(body);
	if (checked.error) return apiErrorFrom(checked.error);
	const record = ctx.state.runs.get(checked.value.workflowRunId);
	if (!record) return apiError(404, 40400, 'workflowRunId not found');
	return jsonResponse(
		200,
		answerBody(wf.publicRun(record.run), variantsFor(ctx.options.variants, record.run.input)),
	);
}

module.exports = { query };
