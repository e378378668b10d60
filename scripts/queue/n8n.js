// @ts-check
'use strict';
// The queue suite's n8n processes (main, workers, webhook process) and what it reads of them:
// worker jobs from their logs, executions from Postgres, and n8n's own de-dup helpers.

const fs = require('fs');
const path = require('path');

const { n8nContext } = require('../lib/install');
const { startN8n } = require('../lib/n8nStart');
const { waitFor } = require('../lib/wait');

/**
 * Where the queue-mode processes find each other.
 * @typedef {{ pgPort: number, redisPort: number, webhookUrl: string }} QueueInfra
 */

/**
 * The driver's n8n context of a line and user folder, switched to queue mode: every n8n call of it
 * (CLI or process) uses the same Postgres, Redis, encryption key and WEBHOOK_URL.
 * @param {import('../lib/install').N8nLine} line
 * @param {string} userFolder
 * @param {QueueInfra} infra
 */
function queueContext(line, userFolder, infra) {
	return n8nContext(line, userFolder, {
		N8N_ENCRYPTION_KEY: 'n8n-nodes-gptbots-queue-fixed-key-01',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
		// Queue mode: Postgres is the shared database, Redis carries the jobs.
		EXECUTIONS_MODE: 'queue',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(infra.pgPort),
		DB_POSTGRESDB_DATABASE: 'n8n',
		DB_POSTGRESDB_USER: 'postgres',
		DB_POSTGRESDB_PASSWORD: '',
		DB_POSTGRESDB_POOL_SIZE: '10',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(infra.redisPort),
		// The resume URL ($execution.resumeUrl) is built on the worker from WEBHOOK_URL: set it
		// on every process, pointing at the webhook process.
		WEBHOOK_URL: infra.webhookUrl,
	});
}

/** @typedef {import('../lib/n8nStart').N8nServer} N8nServer */
/** @typedef {N8nServer & { name: string }} N8nProcess */

/**
 * Starts one n8n process of the queue (`start`, `worker …`, `webhook`) on `port`: its output goes
 * to <logDir>/<name>.log and each line is kept with its arrival time (to see which worker ran
 * which job, and when).
 * @param {ReturnType<typeof queueContext>} ctx
 * @param {string} name
 * @param {string[]} command
 * @param {{ port: number, logDir: string, extraEnv?: Record<string, string>,
 *   ready?: (server: N8nServer) => Promise<boolean> }} options
 * @returns {Promise<N8nProcess>}
 */
async function startQueueProcess(ctx, name, command, { port, logDir, extraEnv = {}, ready }) {
	const server = await startN8n(ctx, {
		command,
		port,
		// WEBHOOK_URL: the context's (the webhook process), not this process's own URL
		extraEnv: { WEBHOOK_URL: /** @type {string} */ (ctx.env().WEBHOOK_URL), ...extraEnv },
		logFile: path.join(logDir, `${name}.log`),
		timedLines: true,
		readyTimeoutMs: 120000,
		...(ready && { ready }),
	});
	return Object.assign(server, { name });
}

/** @typedef {{ worker: string, at: number, kind: string, job: string }} WorkerJob */

/**
 * {executionId: [{worker, at, kind: 'started'|'finished', job}]} from the workers' log lines.
 * @param {N8nProcess[]} workers
 */
function workerJobs(workers) {
	/** @type {Map<string, WorkerJob[]>} */
	const byExecution = new Map();
	for (const w of workers) {
		for (const { at, text } of w.lines) {
			const m = /Worker (started|finished) execution (\d+) \(job (\d+)\)/.exec(text);
			if (!m) continue;
			const list = byExecution.get(m[2]) || [];
			list.push({ worker: w.name, at, kind: m[1], job: m[3] });
			byExecution.set(m[2], list);
		}
	}
	for (const list of byExecution.values()) list.sort((a, b) => a.at - b.at);
	return byExecution;
}

// ---------------------------------------------------------------------------------------------
// Executions from Postgres

/**
 * An execution as the suite reads it from Postgres; `runData` is n8n's (its JSON, as stored).
 * @typedef {{ id: string, status: string, finished: boolean, mode: string, startedAt: number,
 *   stoppedAt: number | null, error: { message?: string } | undefined, runData: Record<string, any[]>,
 *   output: (node: string, runIndex?: number) => { json: any }[] | undefined,
 *   runs: (node: string) => number }} QueueExecution
 * @typedef {(workflowId: string, options?: { withData?: boolean }) => Promise<QueueExecution[]>} ExecutionReader
 */

/**
 * Reads a workflow's executions (with their run data, parsed with n8n's own flatted).
 * @param {{ query: (sql: string) => Promise<Record<string, any>[]> }} pg
 * @param {import('../lib/install').N8nLine} line
 * @returns {ExecutionReader}
 */
function makeExecutionReader(pg, line) {
	/** @type {{ parse: (text: string) => any }} */
	const flatted = require(
		require.resolve('flatted', { paths: [path.join(line.dir, 'node_modules', 'n8n')] }),
	);
	return async function executions(workflowId, { withData = true } = {}) {
		const rows = await pg.query(`
			SELECT e.id::text AS id, e.status, e.finished, e.mode,
			       (extract(epoch from e."startedAt") * 1000)::bigint AS "startedAt",
			       (extract(epoch from e."stoppedAt") * 1000)::bigint AS "stoppedAt",
			       ${withData ? 'd.data' : 'NULL'} AS data
			FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id
			WHERE e."workflowId" = '${workflowId}' ORDER BY e.id`);
		return rows.map((row) => {
			let data;
			try {
				data = row.data ? flatted.parse(row.data) : undefined;
			} catch {
				data = undefined;
			}
			const runData = data?.resultData?.runData || {};
			return {
				id: row.id,
				status: row.status,
				finished: row.finished,
				mode: row.mode,
				startedAt: Number(row.startedAt),
				stoppedAt: row.stoppedAt === null ? null : Number(row.stoppedAt),
				error: data?.resultData?.error,
				runData,
				/** Items of a node's first output in run `runIndex`. */
				output: (node, runIndex = 0) => runData[node]?.[runIndex]?.data?.main?.[0],
				runs: (node) => (runData[node] || []).length,
			};
		});
	};
}

const ENDED = new Set(['success', 'error', 'crashed', 'canceled']);

/**
 * Polls until `count` executions of a workflow have ended (or `settleMs` with no new ones).
 * @param {ExecutionReader} executions
 * @param {string} workflowId
 * @param {{ count: number, timeoutMs?: number, settleMs?: number }} options
 */
async function waitExecutionsEnded(
	executions,
	workflowId,
	{ count, timeoutMs = 120000, settleMs = 0 },
) {
	let lastChange = Date.now();
	let lastSeen = -1;
	return await waitFor(
		`${count} ended executions of ${workflowId}`,
		async () => {
			const rows = await executions(workflowId, { withData: false });
			if (rows.length !== lastSeen) {
				lastSeen = rows.length;
				lastChange = Date.now();
			}
			const ended = rows.filter((r) => ENDED.has(r.status)).length;
			if (ended < count || ended !== rows.length) return false;
			return Date.now() - lastChange >= settleMs ? rows : false;
		},
		{ timeoutMs, intervalMs: 500 },
	);
}

// ---------------------------------------------------------------------------------------------
// Section 4: does n8n give a trigger's webhook() a cross-process de-dup primitive?

/** @param {string} n8nDir */
function inspectDedupHelpers(n8nDir) {
	const nm = path.join(n8nDir, 'node_modules');
	const read = (/** @type {string[]} */ ...p) => {
		try {
			return fs.readFileSync(path.join(nm, ...p), 'utf8');
		} catch {
			return '';
		}
	};
	const version = JSON.parse(read('n8n', 'package.json') || '{}').version;
	const types =
		read('n8n-workflow', 'dist', 'cjs', 'interfaces.d.ts') ||
		read('n8n-workflow', 'dist', 'interfaces.d.ts');
	/** The `helpers:` type of an interface or type alias (up to its first `{` or `;`). */
	const helpersOf = (/** @type {string} */ name) => {
		const at = types.search(new RegExp(`export (interface|type) ${name}\\b`));
		if (at < 0) return '';
		const m = /helpers: ([^;{]*)/.exec(types.slice(at));
		return m ? m[1].replace(/\s*&\s*$/, '').trim() : '';
	};
	const ctxDir = ['n8n-core', 'dist', 'execution-engine', 'node-execution-context'];
	const helper = read('n8n', 'dist', 'deduplication', 'deduplication-helper.js');
	return {
		version,
		webhookTypeHelpers: helpersOf('IWebhookFunctions'),
		triggerTypeHelpers: helpersOf('ITriggerFunctions'),
		executeTypeHasDedup: /DeduplicationHelperFunctions/.test(helpersOf('IExecuteFunctions')),
		webhookContextHasDedup: /getDeduplicationHelperFunctions/.test(
			read(...ctxDir, 'webhook-context.js'),
		),
		triggerContextHasDedup: /getDeduplicationHelperFunctions/.test(
			read(...ctxDir, 'trigger-context.js'),
		),
		executeContextHasDedup: /getDeduplicationHelperFunctions/.test(
			read(...ctxDir, 'execute-context.js'),
		),
		helperFound: helper.length > 0,
		helperReadModifyWrite: /findOne\(/.test(helper) && /\.update\(/.test(helper),
		helperLocks: /transaction|FOR UPDATE|pessimistic|setLock|advisory/i.test(helper),
	};
}

module.exports = {
	queueContext,
	startQueueProcess,
	workerJobs,
	makeExecutionReader,
	waitExecutionsEnded,
	inspectDedupHelpers,
};
