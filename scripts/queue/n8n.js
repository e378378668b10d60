'use strict';
// The queue suite's n8n processes (main, workers, webhook process) and what it reads of them:
// worker jobs from their logs, executions from Postgres, and n8n's own de-dup helpers.

const fs = require('fs');
const path = require('path');

const q = require('./infra');
const { request, waitFor } = q;
const { n8nContext } = require('../lib/install');

const ENCRYPTION_KEY = 'n8n-nodes-gptbots-queue-fixed-key-01';

/** The e2e suite's n8n settings (the driver's n8nContext), switched to queue mode. */
function n8nEnv(line, userFolder, infra, extra = {}) {
	return n8nContext(line, userFolder).env({
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
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
		...extra,
	});
}

async function n8nCli(line, userFolder, infra, args, { timeoutMs = 180000 } = {}) {
	const env = n8nEnv(line, userFolder, infra, {
		N8N_PORT: String(await q.freshPort()),
		N8N_RUNNERS_BROKER_PORT: String(await q.freshPort()),
	});
	const r = await q.runCmd(line.nodePath, [line.n8nMain, ...args], {
		env,
		cwd: userFolder,
		timeoutMs,
		label: `n8n ${args[0]}`,
	});
	if (r.code !== 0)
		throw new Error(
			`n8n ${args.join(' ')} exited ${r.code}:\n${q.tail(r.stdout + '\n' + r.stderr, 30)}`,
		);
	return r;
}

/**
 * Starts one n8n process (`start`, `worker`, `webhook`); its output goes to logs/<label>.log and
 * each line is kept with its arrival time (to see which worker ran which job, and when).
 */
function startN8nProcess(label, line, userFolder, infra, args, extraEnv) {
	const env = n8nEnv(line, userFolder, infra, extraEnv);
	const handle = q.startService(`n8n ${label}`, line.nodePath, [line.n8nMain, ...args], {
		env,
		cwd: userFolder,
		logFile: path.join(infra.logDir, `${label}.log`),
	});
	handle.name = label;
	handle.lines = [];
	let partial = '';
	const onData = (d) => {
		const at = Date.now();
		const parts = (partial + d).split('\n');
		partial = parts.pop();
		for (const text of parts) handle.lines.push({ at, text });
	};
	handle.child.stdout.on('data', onData);
	handle.child.stderr.on('data', onData);
	return handle;
}

async function waitReady(handle, url, { extraProbe, timeoutMs = 120000 } = {}) {
	await waitFor(
		`${handle.label} readiness on ${url}`,
		async () => {
			if (!handle.running()) {
				throw Object.assign(
					new Error(
						`${handle.label} exited ${handle.child.exitCode}:\n${q.tail(handle.output(), 30)}`,
					),
					{ fatal: true },
				);
			}
			const r = await request('GET', `${url}/healthz/readiness`, { timeoutMs: 2000 });
			if (r.status !== 200) return false;
			return extraProbe ? await extraProbe() : true;
		},
		{ timeoutMs, intervalMs: 300 },
	);
}

/** {executionId: [{worker, at, kind: 'started'|'finished', job}]} from the workers' log lines. */
function workerJobs(workers) {
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

function makeExecutionReader(pg, line) {
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

/** Polls until `count` executions of a workflow have ended (or `settleMs` with no new ones). */
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

function inspectDedupHelpers(n8nDir) {
	const nm = path.join(n8nDir, 'node_modules');
	const read = (...p) => {
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
	const helpersOf = (name) => {
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
	ENCRYPTION_KEY,
	n8nEnv,
	n8nCli,
	startN8nProcess,
	waitReady,
	workerJobs,
	makeExecutionReader,
	waitExecutionsEnded,
	inspectDedupHelpers,
};
