// @ts-check
'use strict';
// Reading executions: from n8n's database (sqlite, read-only, with n8n's own sqlite3 module), or
// through the REST API of a running n8n (a client from rest.js).

const path = require('path');

const { runOk } = require('./processes');
const { waitFor } = require('./wait');

/**
 * @typedef {import('./rest').RestClient} RestClient
 * @typedef {import('./workflows').ExecutionJson} ExecutionJson
 * @typedef {{ line: { dir: string, nodePath: string }, dbPath: string }} SqliteTarget an n8nContext
 * @typedef {{ id: string, status: string, mode: string }} ExecutionSummary as the REST API lists it
 */

/**
 * Runs SQL against the line's database with n8n's own sqlite3 module on the line's Node (the
 * runner's Node may not be able to load a module built for Node 24). Resolves the rows.
 * @template [T=Record<string, unknown>]
 * @param {SqliteTarget} ctx
 * @param {string} sql
 * @param {unknown[]} [params]
 * @returns {Promise<T[]>}
 */
async function querySqlite(ctx, sql, params = []) {
	const script = `
		const sqlite3 = require(require.resolve('sqlite3', { paths: [${JSON.stringify(path.join(ctx.line.dir, 'node_modules', 'n8n'))}] }));
		const db = new sqlite3.Database(${JSON.stringify(ctx.dbPath)}, sqlite3.OPEN_READONLY);
		db.all(${JSON.stringify(sql)}, ${JSON.stringify(params)}, (err, rows) => {
			if (err) { console.error(err.message); process.exit(1); }
			process.stdout.write(JSON.stringify(rows));
			db.close();
		});`;
	const result = await runOk(ctx.line.nodePath, ['-e', script], {
		env: process.env,
		label: 'sqlite query',
		timeoutMs: 30000,
	});
	return JSON.parse(result.stdout);
}

/**
 * Executions of one workflow, from the database: [{ id, status, finished, mode }].
 * @param {SqliteTarget} ctx
 * @param {string} workflowId
 * @returns {Promise<{ id: number, status: string, finished: number, mode: string }[]>}
 */
async function executionsOf(ctx, workflowId) {
	return await querySqlite(
		ctx,
		'SELECT id, status, finished, mode FROM execution_entity WHERE workflowId = ? ORDER BY id',
		[workflowId],
	);
}

/**
 * Executions of a workflow through the REST API, newest first: [{ id, status, mode }].
 * @param {RestClient} rest
 * @param {string} workflowId
 * @returns {Promise<ExecutionSummary[]>}
 */
async function restExecutions(rest, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const res = await rest.get(`/rest/executions?filter=${filter}&limit=20`);
	const data = res.json?.data ?? res.json;
	return data?.results ?? (Array.isArray(data) ? data : []);
}

/**
 * The ids of a workflow's executions through the REST API (to tell a new one from these).
 * @param {RestClient} rest
 * @param {string} workflowId
 * @returns {Promise<string[]>}
 */
async function restExecutionIds(rest, workflowId) {
	return (await restExecutions(rest, workflowId)).map((e) => String(e.id));
}

/**
 * Waits for an execution of the workflow that is not among `before` (ids, from restExecutionIds)
 * and has ended; resolves it ({ id, status, mode }).
 * @param {RestClient} rest
 * @param {string} workflowId
 * @param {string[]} before
 * @param {{ timeoutMs?: number }} [options]
 */
async function waitForNewExecution(rest, workflowId, before, { timeoutMs = 30000 } = {}) {
	return await waitFor(
		`an execution of ${workflowId}`,
		async () => {
			const list = await restExecutions(rest, workflowId);
			return list.find(
				(e) => !before.includes(String(e.id)) && !['new', 'running', 'waiting'].includes(e.status),
			);
		},
		{ timeoutMs, intervalMs: 300 },
	);
}

/**
 * One execution with its run data (flatted by n8n; parsed here).
 * @param {RestClient} rest
 * @param {string} executionId
 * @returns {Promise<ExecutionJson | undefined>}
 */
async function restExecutionData(rest, executionId) {
	const res = await rest.get(`/rest/executions/${executionId}`);
	const exec = res.json?.data ?? res.json;
	if (!exec?.data) return exec;
	let data = exec.data;
	if (typeof data === 'string') data = unflatten(JSON.parse(data));
	return { ...exec, data };
}

/**
 * The JSON of the items on a node's first output, from an execution read with restExecutionData.
 * @param {ExecutionJson | undefined} execution
 * @param {string} nodeName
 */
function nodeOutputJson(execution, nodeName, runIndex = 0) {
	return execution?.data?.resultData?.runData?.[nodeName]?.[runIndex]?.data?.main?.[0]?.map(
		(item) => item.json,
	);
}

/**
 * The next execution of a workflow that ended (waitForNewExecution) and the JSON of the first item
 * its node `nodeName` output (undefined if none).
 * @param {RestClient} rest
 * @param {string} workflowId
 * @param {string[]} before
 * @param {string} nodeName
 */
async function newExecutionOutput(rest, workflowId, before, nodeName) {
	const exec = await waitForNewExecution(rest, workflowId, before);
	const data = await restExecutionData(rest, String(exec.id));
	return { exec, item: nodeOutputJson(data, nodeName)?.[0] };
}

/**
 * newExecutionOutput, or `{ exec: { status: why not }, item: undefined }` when there was none:
 * for a check that shows why it failed.
 * @param {RestClient} rest
 * @param {string} workflowId
 * @param {string[]} before
 * @param {string} nodeName
 * @returns {Promise<{ exec: { status?: unknown, [key: string]: unknown }, item: any }>}
 */
function tryNewExecutionOutput(rest, workflowId, before, nodeName) {
	return newExecutionOutput(rest, workflowId, before, nodeName).catch((e) => ({
		exec: { status: e.message },
		item: undefined,
	}));
}

/**
 * n8n stores run data with the "flatted" encoding: an array whose strings "N" refer to entries.
 * @param {unknown} input
 * @returns {unknown}
 */
function unflatten(input) {
	if (!Array.isArray(input)) return input;
	/** @type {Map<number, unknown>} */
	const seen = new Map();
	/** @type {(value: unknown) => unknown} */
	const revive = (value) => {
		if (typeof value === 'string' && /^\d+$/.test(value) && Number(value) < input.length)
			return resolve(Number(value));
		return value;
	};
	/** @type {(index: number) => unknown} */
	const resolve = (index) => {
		if (seen.has(index)) return seen.get(index);
		const raw = input[index];
		if (raw === null || typeof raw !== 'object') {
			seen.set(index, raw);
			return raw;
		}
		// an array's entries are set by their index's string, as an object's by key
		const out = /** @type {Record<string, unknown>} */ (Array.isArray(raw) ? [] : {});
		seen.set(index, out);
		for (const [k, v] of Object.entries(raw)) out[k] = revive(v);
		return out;
	};
	return resolve(0);
}

module.exports = {
	querySqlite,
	executionsOf,
	restExecutions,
	restExecutionIds,
	waitForNewExecution,
	newExecutionOutput,
	tryNewExecutionOutput,
	restExecutionData,
	nodeOutputJson,
	unflatten,
};
