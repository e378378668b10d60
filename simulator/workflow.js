'use strict';

const crypto = require('node:crypto');

const { outputFileFields } = require('./files');

/**
 * The simulated workflow. Its behaviour is driven by the input so tests can choose outcomes:
 *   input.__fail: true | "text"  -> the run ends FAILED with output {error}
 *   input.__durationMs: number   -> how long the run takes
 *   input.__itemKey: string      -> counted in state.runsByItemKey (duplicate detection)
 *   input.__outputFiles: {field: "name.pdf" | {name, bytes, status} | [...]}
 *                                -> the output carries URLs of files the simulator serves (files.js)
 *   input.__endStatus: string    -> the run ends with this status (e.g. an undocumented one)
 *   input.__variants: object     -> how this run's answers and deliveries are shaped (variants.js)
 */

/**
 * A run as the API shows it; `input` is the client's JSON, `output` the workflow's.
 * @typedef {{ workflowId: string, workflowName: string, workflowVersion: string,
 *   workflowRunId: string, input: Record<string, any>, status: string, totalCost: number,
 *   totalTokens: number, startTime: number, output?: Record<string, any>, endTime?: number,
 *   workflowExecutionTime?: number }} Run
 * A webhook a run was given (validation.js checked it).
 * @typedef {{ url: string, method: string, headers: Record<string, string> }} Webhook
 * A run record as kept in state.runs: `run` holds the API-visible fields, the rest records who
 * created it and how it behaves.
 * @typedef {{ run: Run, planned: { status: string, output: Record<string, any> },
 *   userId: string | null, isAsync: boolean, webhooks: Webhook[], durationMs: number,
 *   itemKey: string | null, conversationType: string, requestId: number | null, seq: number,
 *   seeded: boolean }} RunRecord
 */

function newRunId() {
	return `run_${crypto.randomBytes(12).toString('hex')}`;
}

/**
 * @param {Record<string, any>} input
 * @param {string | undefined} filesBaseUrl
 * @param {unknown} outputFiles
 * @returns {RunRecord['planned']}
 */
function plannedOutcome(input, filesBaseUrl, outputFiles) {
	if (typeof input.__endStatus === 'string')
		return { status: input.__endStatus, output: { note: `ended ${input.__endStatus}` } };
	const fail = input.__fail;
	if (fail === true || typeof fail === 'string') {
		return {
			status: 'FAILED',
			output: { error: typeof fail === 'string' ? fail : 'Simulated failure' },
		};
	}
	const files = outputFileFields(input.__outputFiles ?? outputFiles, filesBaseUrl);
	return {
		status: 'SUCCEED',
		output: { echo: input, answer: `processed ${JSON.stringify(input)}`, ...files },
	};
}

/**
 * Deterministic usage figures so tests can compare them.
 * @param {unknown} input
 */
function usageFor(input) {
	const totalTokens = 100 + JSON.stringify(input).length;
	return { totalTokens, totalCost: Number((totalTokens * 0.0004).toFixed(4)) };
}

/**
 * `__durationMs` when it is a usable number, else the fallback.
 * @param {Record<string, any>} input
 * @param {number} fallbackMs
 */
function durationFor(input, fallbackMs) {
	const d = input.__durationMs;
	return typeof d === 'number' && Number.isFinite(d) && d >= 0 ? d : fallbackMs;
}

/**
 * A new run record (see RunRecord).
 * @param {{ workflow: { id: string, name: string, version: string }, input: Record<string, any>,
 *   userId?: string | null, isAsync: boolean, webhooks?: Webhook[], durationMs: number, seq: number,
 *   requestId?: number, now: number, filesBaseUrl?: string, outputFiles?: unknown }} spec
 * @returns {RunRecord}
 */
function createRunRecord({
	workflow,
	input,
	userId,
	isAsync,
	webhooks,
	durationMs,
	seq,
	requestId,
	now,
	filesBaseUrl,
	outputFiles,
}) {
	return {
		run: {
			workflowId: workflow.id,
			workflowName: workflow.name,
			workflowVersion: workflow.version,
			workflowRunId: newRunId(),
			input,
			status: isAsync ? 'PENDING' : 'RUNNING',
			totalCost: 0,
			totalTokens: 0,
			startTime: now,
		},
		planned: plannedOutcome(input, filesBaseUrl, outputFiles),
		userId: userId ?? null,
		isAsync: Boolean(isAsync),
		webhooks: webhooks ?? [],
		durationMs,
		itemKey: typeof input.__itemKey === 'string' ? input.__itemKey : null,
		conversationType: 'API',
		requestId: requestId ?? null,
		seq,
		seeded: false,
	};
}

/** @param {Run} run */
function isFinished(run) {
	return run.status !== 'PENDING' && run.status !== 'RUNNING';
}

/**
 * @param {RunRecord} record
 * @param {number} now
 */
function finishRun(record, now) {
	const { run, planned } = record;
	Object.assign(run, usageFor(run.input), {
		status: planned.status,
		output: planned.output,
		endTime: now,
		workflowExecutionTime: now - run.startTime,
	});
}

/**
 * The run as the API shows it (query result, sync invoke, webhook body), in the documented field order.
 * @param {Run} run
 */
function publicRun(run) {
	/** @type {Partial<Run>} */
	const view = {
		workflowId: run.workflowId,
		workflowName: run.workflowName,
		workflowVersion: run.workflowVersion,
		workflowRunId: run.workflowRunId,
		input: run.input,
	};
	// While PENDING/RUNNING there is no output, execution time or end time yet.
	if (isFinished(run)) {
		view.output = run.output;
		view.workflowExecutionTime = run.workflowExecutionTime;
	}
	Object.assign(view, {
		status: run.status,
		totalCost: run.totalCost,
		totalTokens: run.totalTokens,
		startTime: run.startTime,
	});
	if (isFinished(run)) view.endTime = run.endTime;
	return view;
}

/**
 * The immediate answer of an async invoke.
 * @param {Run} run
 */
function pendingAnswer(run) {
	return {
		workflowId: run.workflowId,
		workflowName: run.workflowName,
		workflowVersion: run.workflowVersion,
		workflowRunId: run.workflowRunId,
		status: 'PENDING',
	};
}

/** One row of GET /v1/workflow/run/logs: input/output are JSON *strings*, as in the real API. */
/** @param {RunRecord} record */
function logRow(record) {
	const { run } = record;
	return {
		log_id: `log_${run.workflowRunId.replace(/^run_/, '')}`,
		workflow_run_id: run.workflowRunId,
		user_id: record.userId ?? '',
		conversation_type: record.conversationType,
		status: run.status,
		input: JSON.stringify(run.input),
		output: JSON.stringify(isFinished(run) ? run.output : {}),
		created_at: run.startTime,
		cost: run.totalCost,
		tokens: run.totalTokens,
	};
}

module.exports = {
	createRunRecord,
	durationFor,
	finishRun,
	isFinished,
	logRow,
	pendingAnswer,
	publicRun,
};
