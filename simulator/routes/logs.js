'use strict';

/** GET /v1/workflow/run/logs: a page of run-log rows, newest first. */

const { jsonResponse, apiErrorFrom } = require('../http-utils');
const { validateLogsQuery } = require('../validation');
const { logsBody } = require('../variants');
const wf = require('../workflow');

/**
 * @param {import('../server').SimContext} ctx
 * @param {import('./invoke').RouteRequest} request
 */
function logs(ctx, { url }) {
	const checked = validateLogsQuery(url.searchParams);
	if (checked.error) return apiErrorFrom(checked.error);
	const { type, start, end, page, pageSize, userId } = checked.value;
	const matches = [...ctx.state.runs.values()]
		.filter(
			(r) =>
				(type === 'ALL' || r.conversationType === type) &&
				r.run.startTime >= start &&
				r.run.startTime <= end &&
				(userId === null || r.userId === userId),
		)
		.sort((a, b) => b.run.startTime - a.run.startTime || b.seq - a.seq); // newest first
	const list = matches.slice((page - 1) * pageSize, page * pageSize).map(wf.logRow);
	return jsonResponse(
		200,
		logsBody({ total: matches.length, page, pageSize, list }, ctx.options.variants),
	);
}

module.exports = { logs };
