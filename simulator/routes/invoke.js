'use strict';

/** POST /v1/workflow/invoke: starts a run; sync answers it finished, async answers it PENDING. */

const { jsonResponse, apiErrorFrom } = require('../http-utils');
const { validateInvokeBody } = require('../validation');
const { checkFileInputs } = require('../files');
const { answerBody, variantsFor } = require('../variants');
const { addRun, scheduleAsyncRun } = require('../runs');
const wf = require('../workflow');

/**
 * @typedef {import('../server').SimContext} SimContext
 * @typedef {{ body: any, url: URL, entry: import('../records').RequestEntry,
 *   req: import('node:http').IncomingMessage }} RouteRequest the request's JSON body (any), as the route gets it
 */

/**
 * @param {SimContext} ctx
 * @param {RouteRequest} request
 */
async function invoke(ctx, { body, entry }) {
	const { options, state, background } = ctx;
	const checked = validateInvokeBody(body);
	if (checked.error) return apiErrorFrom(checked.error);
	const { userId, isAsync, webhooks } = checked.value;
	const files = checkFileInputs(checked.value.input, options);
	if (files.error) return apiErrorFrom(files.error);
	const { input } = files;
	const record = addRun(
		state,
		wf.createRunRecord({
			workflow: options.workflow,
			filesBaseUrl: ctx.address?.url,
			outputFiles: options.outputFiles,
			input,
			userId,
			isAsync,
			webhooks,
			durationMs: wf.durationFor(input, isAsync ? options.asyncDurationMs : 0),
			seq: ++ctx.runSeq,
			requestId: entry.id,
			now: Date.now(),
		}),
	);
	entry.runId = record.run.workflowRunId;
	if (isAsync) {
		scheduleAsyncRun(ctx, record);
		return jsonResponse(
			200,
			answerBody(wf.pendingAnswer(record.run), variantsFor(options.variants, input)),
		);
	}
	// Sync: the answer comes when the run has finished. Webhooks are an async-only feature.
	await background.sleep(record.durationMs);
	wf.finishRun(record, Date.now());
	return jsonResponse(
		200,
		answerBody(wf.publicRun(record.run), variantsFor(options.variants, input)),
	);
}

module.exports = { invoke };
