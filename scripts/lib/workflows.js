// @ts-check
'use strict';
// Importing and executing workflows with the n8n CLI (credentials, workflows, n8n execute, activation).

const fs = require('fs');
const path = require('path');

const { log, notes, tail } = require('./log');

/**
 * @typedef {import('./install').N8nContext} N8nContext
 * @typedef {{ id: string, name: string, type: string, data: Record<string, unknown> }} CredentialJson
 */

/**
 * n8n's execution JSON as `n8n execute` prints it (and the REST API gives it, run data
 * unflattened): the parts the suites read. It is n8n's output, so any part may be missing.
 * @typedef {{ message?: string, node?: { name?: string }, [key: string]: unknown }} ExecutionError
 * @typedef {{ json: Record<string, any>, binary?: Record<string, { fileName?: string, mimeType?: string, [key: string]: unknown }>, [key: string]: unknown }} ExecutionItem an output item; its JSON as n8n gave it (the checks look inside)
 * @typedef {{
 *   executionTime?: number,
 *   startTime?: number,
 *   error?: ExecutionError,
 *   data?: { main?: Array<ExecutionItem[] | null> },
 * }} NodeRun one run of one node
 * @typedef {{
 *   error?: ExecutionError,
 *   lastNodeExecuted?: string,
 *   runData?: Record<string, NodeRun[]>,
 *   metadata?: Record<string, string>,
 * }} ResultData
 * @typedef {{
 *   id?: string,
 *   status?: string,
 *   finished?: boolean,
 *   mode?: string,
 *   data?: { resultData?: ResultData },
 * }} ExecutionJson
 */

/**
 * Writes a JSON file into the user folder's scratch area and returns its path.
 * @param {{ userFolder: string }} ctx
 * @param {string} name
 * @param {unknown} data
 */
function writeJson(ctx, name, data) {
	const file = path.join(ctx.userFolder, 'e2e-input', name);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, JSON.stringify(data, null, 2));
	return file;
}

/**
 * @param {N8nContext} ctx
 * @param {CredentialJson[]} credentials
 */
async function importCredentials(ctx, credentials) {
	const file = writeJson(ctx, 'credentials.json', credentials);
	const result = await ctx.cliOk(['import:credentials', `--input=${file}`]);
	if (!/Successfully imported/i.test(result.stdout + result.stderr)) {
		throw new Error(
			`import:credentials did not report success:\n${tail(result.stdout + result.stderr)}`,
		);
	}
	return result;
}

/**
 * Imports all workflows in one call (one JSON array): one database start instead of many.
 * @param {N8nContext} ctx
 * @param {object[]} workflows the workflows' JSON (builders.js workflow(), maybe with more)
 */
async function importWorkflows(ctx, workflows) {
	const file = writeJson(ctx, 'workflows.json', workflows);
	const result = await ctx.cliOk(['import:workflow', `--input=${file}`]);
	if (
		!new RegExp(`Successfully imported ${workflows.length} workflow`).test(
			result.stdout + result.stderr,
		)
	) {
		throw new Error(
			`import:workflow did not report ${workflows.length} workflows:\n${tail(result.stdout + result.stderr)}`,
		);
	}
	return result;
}

/**
 * The execution JSON that `n8n execute` prints: on success (--rawOutput) and, at log level info,
 * on failure too ("Execution error: ===="). It starts at the first line that is exactly "{" and
 * ends at the next line that is exactly "}".
 * @param {string} stdout
 * @returns {ExecutionJson | undefined}
 */
function parseExecutionJson(stdout) {
	const lines = stdout.split('\n');
	const start = lines.findIndex((l) => l === '{');
	if (start < 0) return undefined;
	const end = lines.findIndex((l, i) => i > start && l === '}');
	if (end < 0) return undefined;
	try {
		return JSON.parse(lines.slice(start, end + 1).join('\n'));
	} catch {
		return undefined;
	}
}

/**
 * `n8n execute --id=<id> --rawOutput`. Resolves
 * { code, stdout, stderr, ms, execution, error, output(nodeName) -> items[] | undefined }.
 * @param {N8nContext} ctx
 * @param {string} workflowId
 * @param {{ timeoutMs?: number, extraEnv?: Record<string, string> }} [options] extraEnv: more
 *   environment for this n8n (e.g. its SSRF guard)
 */
async function executeWorkflow(ctx, workflowId, { timeoutMs = 180000, extraEnv = {} } = {}) {
	const result = await ctx.cli(['execute', `--id=${workflowId}`, '--rawOutput'], {
		timeoutMs,
		extraEnv,
	});
	const execution = parseExecutionJson(result.stdout);
	const resultData = execution?.data?.resultData;
	// n8n 2.41.1 on Node 24 (default expression engine "vm" = isolated-vm) sometimes dies of
	// SIGSEGV while exiting, after it printed its complete result. That crash is n8n's, not the
	// package's: take the exit code the result implies, and say so (E2E_STRICT_EXIT=1: don't).
	let code = result.code;
	let crashedAtExit;
	if (
		code === null &&
		result.signal === 'SIGSEGV' &&
		execution !== undefined &&
		!process.env.E2E_STRICT_EXIT
	) {
		code = resultData?.error || execution.status !== 'success' ? 1 : 0;
		crashedAtExit = result.signal;
		notes.push(
			`n8n ${ctx.line.version} execute --id=${workflowId}: SIGSEGV at exit after printing its complete result (status ${execution.status}); counted as exit ${code}`,
		);
		log(
			`note: n8n ${ctx.line.version} execute ${workflowId} died of SIGSEGV at exit after printing its complete result; counted as exit ${code}`,
		);
	}
	return {
		...result,
		code,
		rawCode: result.code,
		crashedAtExit,
		execution,
		error: resultData?.error,
		lastNodeExecuted: resultData?.lastNodeExecuted,
		/**
		 * The items of a node's first output (its first run).
		 * @param {string} nodeName
		 */
		output(nodeName, runIndex = 0) {
			return resultData?.runData?.[nodeName]?.[runIndex]?.data?.main?.[0];
		},
		/**
		 * The error a node ended with, if any.
		 * @param {string} nodeName
		 */
		nodeError(nodeName, runIndex = 0) {
			return resultData?.runData?.[nodeName]?.[runIndex]?.error;
		},
	};
}

/**
 * Activates a workflow before `n8n start`: publish:workflow on 2.x, update:workflow otherwise.
 * @param {N8nContext} ctx
 * @param {string} workflowId
 */
async function activateWorkflow(ctx, workflowId) {
	const args = ctx.line.hasPublish
		? ['publish:workflow', `--id=${workflowId}`]
		: ['update:workflow', `--id=${workflowId}`, '--active=true'];
	return await ctx.cliOk(args);
}

module.exports = {
	writeJson,
	importCredentials,
	importWorkflows,
	parseExecutionJson,
	executeWorkflow,
	activateWorkflow,
};
