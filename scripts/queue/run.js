#!/usr/bin/env node
'use strict';
// Queue-mode end-to-end suite for n8n-nodes-gptbots (npm run test:e2e:queue).
//   node scripts/queue/run.js [--keep] [--concurrent N] [--trigger-ids N]
// Starts throw-away Redis + PostgreSQL on 127.0.0.1, installs the packed package as a community
// package, and runs n8n 2.8.4 (Node 20) in queue mode: one main process, two workers
// (`n8n worker --concurrency=10`) and one webhook process (`n8n webhook`), against the GPTBots
// simulator. Checks every invoke mode, N concurrent "wait by callback" executions resumed on the
// workers, and the GPTBots Workflow Trigger under duplicate deliveries spread over two processes.
// Everything started is stopped by PID afterwards (also on failure and SIGINT).
// Last line: "N passed, M failed"; exit code 1 if anything failed.
// QUEUE_STRICT_DEDUPE=1 also fails on duplicate executions from concurrent cross-process
// deliveries (a known limit: the trigger's de-dup is atomic within one process only).

const fs = require('fs');
const os = require('os');
const path = require('path');

const q = require('./infra');
const W = require('./workflows');
const { log, timed, secs, sleep, request, waitFor } = q;

const { REPO } = require('../lib/constants');
const { buildAndPack, makeUserFolder, n8nContext, resolveLine } = require('../lib/install');

const ENCRYPTION_KEY = 'n8n-nodes-gptbots-queue-fixed-key-01';
const SIM_API_KEY = 'sim-key-123';

function parseArgs(argv) {
	const args = { keep: false, concurrent: 20, triggerIds: 20 };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const value = () => (a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i]);
		if (a === '--keep') args.keep = true;
		else if (a.startsWith('--concurrent')) args.concurrent = Math.max(1, Number(value()) || 20);
		else if (a.startsWith('--trigger-ids')) args.triggerIds = Math.max(1, Number(value()) || 20);
		else if (a === '-h' || a === '--help') {
			console.log('usage: node scripts/queue/run.js [--keep] [--concurrent N] [--trigger-ids N]');
			process.exit(0);
		} else throw new Error(`unknown argument ${a}`);
	}
	return args;
}

// ---------------------------------------------------------------------------------------------
// Checks

const results = [];
const figures = [];
function check(label, ok, detail) {
	results.push({ label, ok: Boolean(ok) });
	log(`${ok ? 'PASS' : 'FAIL'} ${label}${ok || detail === undefined ? '' : `\n         ${String(detail).split('\n').join('\n         ')}`}`);
	return Boolean(ok);
}
function figure(text) {
	figures.push(text);
	log(`FIGURE ${text}`);
}
const show = (v) => {
	const t = JSON.stringify(v);
	return t && t.length > 500 ? `${t.slice(0, 500)}…` : t;
};
const median = (xs) => {
	if (!xs.length) return NaN;
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// ---------------------------------------------------------------------------------------------
// n8n processes

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
	const r = await q.runCmd(line.nodePath, [line.n8nMain, ...args], { env, cwd: userFolder, timeoutMs, label: `n8n ${args[0]}` });
	if (r.code !== 0) throw new Error(`n8n ${args.join(' ')} exited ${r.code}:\n${q.tail(r.stdout + '\n' + r.stderr, 30)}`);
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
	await waitFor(`${handle.label} readiness on ${url}`, async () => {
		if (!handle.running()) {
			throw Object.assign(new Error(`${handle.label} exited ${handle.child.exitCode}:\n${q.tail(handle.output(), 30)}`), { fatal: true });
		}
		const r = await request('GET', `${url}/healthz/readiness`, { timeoutMs: 2000 });
		if (r.status !== 200) return false;
		return extraProbe ? await extraProbe() : true;
	}, { timeoutMs, intervalMs: 300 });
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
	const flatted = require(require.resolve('flatted', { paths: [path.join(line.dir, 'node_modules', 'n8n')] }));
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
async function waitExecutionsEnded(executions, workflowId, { count, timeoutMs = 120000, settleMs = 0 }) {
	let lastChange = Date.now();
	let lastSeen = -1;
	return await waitFor(`${count} ended executions of ${workflowId}`, async () => {
		const rows = await executions(workflowId, { withData: false });
		if (rows.length !== lastSeen) {
			lastSeen = rows.length;
			lastChange = Date.now();
		}
		const ended = rows.filter((r) => ENDED.has(r.status)).length;
		if (ended < count || ended !== rows.length) return false;
		return Date.now() - lastChange >= settleMs ? rows : false;
	}, { timeoutMs, intervalMs: 500 });
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
	const types = read('n8n-workflow', 'dist', 'cjs', 'interfaces.d.ts') || read('n8n-workflow', 'dist', 'interfaces.d.ts');
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
		webhookContextHasDedup: /getDeduplicationHelperFunctions/.test(read(...ctxDir, 'webhook-context.js')),
		triggerContextHasDedup: /getDeduplicationHelperFunctions/.test(read(...ctxDir, 'trigger-context.js')),
		executeContextHasDedup: /getDeduplicationHelperFunctions/.test(read(...ctxDir, 'execute-context.js')),
		helperFound: helper.length > 0,
		helperReadModifyWrite: /findOne\(/.test(helper) && /\.update\(/.test(helper),
		helperLocks: /transaction|FOR UPDATE|pessimistic|setLock|advisory/i.test(helper),
	};
}

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
	const args = parseArgs(process.argv.slice(2));
	q.installSignalHandlers((interrupted) => {
		const failed = results.filter((r) => !r.ok).length + (interrupted ? 1 : 0);
		return `${results.length + (interrupted ? 1 : 0) - failed} passed, ${failed} failed`;
	});
	const started = Date.now();
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gptbots-queue-'));
	fs.chmodSync(root, 0o755); // the postgres user must reach its data folder below
	log(`scratch folder ${root}`);
	if (!args.keep) q.onCleanup('scratch folder', () => fs.rmSync(root, { recursive: true, force: true }));
	const logDir = path.join(root, 'logs');
	fs.mkdirSync(logDir, { recursive: true });

	// 1. Redis + Postgres ---------------------------------------------------------------------
	const pkgs = await timed('redis-server + postgresql present (apt-get if missing)', () => q.ensurePackages());
	if (pkgs.installed.length) log(`installed with apt-get: ${pkgs.installed.join(', ')}`);
	const [redis, pg] = await Promise.all([
		timed('start redis-server (scratch dir, 127.0.0.1)', () => q.startRedis(pkgs.redis, path.join(root, 'redis'))),
		timed('initdb + start postgres (scratch dir, 127.0.0.1)', () => q.startPostgres(pkgs.pgBin, path.join(root, 'pg'))),
	]);
	log(`redis on 127.0.0.1:${redis.port} (pid ${redis.handle.pid}); postgres on 127.0.0.1:${pg.port} (pid ${pg.handle.pid}, user ${pg.user.name})`);
	check('setup › Redis and PostgreSQL started on 127.0.0.1', true);

	// 2. Simulator, package, n8n ---------------------------------------------------------------
	const { createSimulator } = require(path.join(REPO, 'simulator', 'server'));
	const sim = createSimulator({ latencyMs: 0, asyncDurationMs: 1000, webhookTimeoutMs: 30000 });
	const { url: simUrl } = await sim.start(0, '127.0.0.1');
	q.onCleanup('simulator', () => sim.stop());
	log(`simulator on ${simUrl}`);

	const [{ tarball }, line] = await Promise.all([
		timed('npm run build + npm pack', () => buildAndPack(path.join(root, 'pack'))),
		timed('locate n8n 2.8.4 (install-n8n.sh legacy)', () => resolveLine('legacy')),
	]);
	log(`n8n ${line.version} in ${line.dir}`);
	const { userFolder } = await timed('fresh N8N_USER_FOLDER + npm i <tarball> (community package)', () => makeUserFolder(path.join(root, 'n8n'), tarball));

	const infra = {
		pgPort: pg.port,
		redisPort: redis.port,
		logDir,
		mainPort: await q.freshPort(),
		webhookPort: await q.freshPort(),
	};
	infra.webhookUrl = `http://127.0.0.1:${infra.webhookPort}/`;
	const mainUrl = `http://127.0.0.1:${infra.mainPort}`;
	const hookUrl = `http://127.0.0.1:${infra.webhookPort}`;
	const cli = (cliArgs, o) => n8nCli(line, userFolder, infra, cliArgs, o);

	const wfs = W.build();
	const all = [...wfs.modeWorkflows.map((m) => m.wf), wfs.callback.wf, wfs.trigger.wf, wfs.removeDuplicates.wf, wfs.claim.wf];
	const imported = [...all, wfs.cli.wf];
	const inputDir = path.join(root, 'input');
	fs.mkdirSync(inputDir, { recursive: true });
	fs.writeFileSync(path.join(inputDir, 'credentials.json'), JSON.stringify([
		{ ...W.CREDENTIAL, type: W.CREDENTIAL_TYPE, data: { endpoint: 'custom', baseUrl: simUrl, apiKey: SIM_API_KEY } },
		{ ...W.PG_CREDENTIAL, type: 'postgres', data: { host: '127.0.0.1', port: pg.port, database: 'n8n', user: 'postgres', password: '', ssl: 'disable', maxConnections: 10 } },
	]));
	await pg.exec(W.CLAIM_SQL);
	fs.writeFileSync(path.join(inputDir, 'workflows.json'), JSON.stringify(imported));
	await timed('n8n import:credentials (runs the Postgres migrations)', () => cli(['import:credentials', `--input=${path.join(inputDir, 'credentials.json')}`]));
	await timed(`n8n import:workflow (${imported.length} workflows)`, () => cli(['import:workflow', `--input=${path.join(inputDir, 'workflows.json')}`]));
	const hasPublish = fs.existsSync(path.join(line.dir, 'node_modules', 'n8n', 'dist', 'commands', 'publish', 'workflow.js'));
	await timed(`activate ${all.length} workflows (${hasPublish ? 'publish:workflow' : 'update:workflow --active'}, 3 at a time)`, async () => {
		const todo = all.map((wf) => () => cli(hasPublish ? ['publish:workflow', `--id=${wf.id}`] : ['update:workflow', `--id=${wf.id}`, '--active=true']));
		const lanes = Array.from({ length: 3 }, async () => {
			while (todo.length) await todo.shift()();
		});
		await Promise.all(lanes);
	});
	const active = await pg.query(`SELECT id FROM workflow_entity WHERE "activeVersionId" IS NOT NULL OR active = true`).catch(() => pg.query('SELECT id FROM workflow_entity WHERE active = true'));
	check(`setup › ${all.length} workflows imported and active in Postgres`, all.every((wf) => active.some((r) => r.id === wf.id)), `active: ${show(active)}`);

	const main = startN8nProcess('main', line, userFolder, infra, ['start'], {
		N8N_PORT: String(infra.mainPort),
		N8N_RUNNERS_BROKER_PORT: String(await q.freshPort()),
	});
	await timed(`n8n main (pid ${main.pid}) ready on ${mainUrl}`, () => waitReady(main, mainUrl, {
		extraProbe: async () => (await request('GET', `${mainUrl}/rest/settings`, { timeoutMs: 2000 })).status === 200,
	}));
	const workers = [];
	for (const name of ['worker1', 'worker2']) {
		const port = await q.freshPort();
		const w = startN8nProcess(name, line, userFolder, infra, ['worker', '--concurrency=10'], {
			N8N_PORT: String(port),
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(port),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(await q.freshPort()),
		});
		w.url = `http://127.0.0.1:${port}`;
		workers.push(w);
	}
	const webhook = startN8nProcess('webhook', line, userFolder, infra, ['webhook'], {
		N8N_PORT: String(infra.webhookPort),
		N8N_RUNNERS_BROKER_PORT: String(await q.freshPort()),
	});
	await timed(`2 workers (pids ${workers.map((w) => w.pid).join(', ')}) + webhook process (pid ${webhook.pid}) ready`, () => Promise.all([
		...workers.map((w) => waitReady(w, w.url, { extraProbe: async () => w.lines.some((l) => /worker is now ready/.test(l.text)) })),
		waitReady(webhook, hookUrl),
	]));
	// Production webhooks answer on both HTTP processes once registered (401 = the trigger ran).
	const triggerPath = `/webhook/${wfs.trigger.path}`;
	await timed('the trigger webhook answers on main and webhook process', () => Promise.all([mainUrl, hookUrl].map((base) =>
		waitFor(`${base}${triggerPath}`, async () => (await request('POST', `${base}${triggerPath}`, { body: {}, timeoutMs: 5000 })).status === 401, { timeoutMs: 60000, intervalMs: 300 }),
	)));
	check('setup › n8n main + 2 workers + webhook process up in queue mode', true);
	log(`setup took ${secs(Date.now() - started)}`);

	const executions = makeExecutionReader(pg, line);
	const workerOf = (id) => workerJobs(workers).get(String(id)) || [];

	// 3a. Every invoke mode, started by HTTP on the webhook process -----------------------------
	await timed('(a) all invoke modes in queue mode (Webhook node, responseMode lastNode, on the webhook process)', async () => {
		for (const m of wfs.modeWorkflows) {
			const tag = `mode-${m.mode}-${Date.now()}`;
			const t0 = Date.now();
			let res;
			try {
				res = await request('POST', `${hookUrl}/webhook/${m.path}`, { body: { tag, durationMs: 800 }, timeoutMs: 60000 });
			} catch (error) {
				res = { status: 0, text: error.message };
			}
			log(`(a) ${m.mode}: HTTP ${res.status} in ${res.ms ?? Date.now() - t0} ms: ${show(res.json ?? res.text)}`);
			const prefix = `(a) ${m.mode}`;
			check(`${prefix} › the webhook answers 200`, res.status === 200, `HTTP ${res.status}: ${res.text?.slice(0, 300)}`);
			const body = res.json || {};
			if (m.mode === 'sync' || m.mode === 'asyncPoll') {
				check(`${prefix} › the answer (last node) is the SUCCEED run with output.echo.tag = its input`, body.status === 'SUCCEED' && body.output?.echo?.tag === tag, show(body));
			} else if (m.mode === 'async') {
				check(`${prefix} › the answer is the PENDING run with a workflowRunId`, body.status === 'PENDING' && typeof body.workflowRunId === 'string', show(body));
			}
			const rows = await waitExecutionsEnded(executions, m.wf.id, { count: 1, timeoutMs: 60000 }).catch((e) => (check(`${prefix} › the execution ends`, false, e.message), null));
			if (!rows) continue;
			const [exe] = await executions(m.wf.id);
			const after = exe.output('After')?.[0]?.json || {};
			const jobs = workerOf(exe.id).filter((j) => j.kind === 'started');
			log(`(a) ${m.mode}: execution ${exe.id} ${exe.status}, jobs on ${jobs.map((j) => j.worker).join(' then ') || 'no worker seen'}`);
			check(`${prefix} › execution ${exe.id} succeeded in Postgres`, exe.status === 'success', `status ${exe.status}; error ${show(exe.error?.message)}`);
			const expectedStatus = m.mode === 'async' ? 'PENDING' : 'SUCCEED';
			check(`${prefix} › node After got the ${expectedStatus} run${m.mode === 'async' ? '' : ' with output.echo.tag = its input'}`,
				after.status === expectedStatus && (m.mode === 'async' || after.output?.echo?.tag === tag), show(after));
			const expectedJobs = m.mode === 'asyncWebhook' ? 2 : 1;
			check(`${prefix} › ran on the workers (${expectedJobs} job${expectedJobs > 1 ? 's: start + resume' : ''})`, jobs.length === expectedJobs, `jobs ${show(jobs)}`);
			if (m.mode === 'asyncWebhook') {
				figure(`(a) asyncWebhook with responseMode lastNode: the webhook answered HTTP ${res.status} after ${res.ms} ms with ${show(res.json ?? res.text)} (the execution went on waiting; it resumed on ${jobs[1]?.worker ?? '?'})`);
			}
		}
	});

	// (a') `n8n execute` with the queue-mode settings: n8n 2.x warns and runs it in the CLI process.
	await timed("(a') probe: n8n execute --id (sync mode) with EXECUTIONS_MODE=queue", async () => {
		const before = workerJobs(workers).size;
		const env = n8nEnv(line, userFolder, infra, { N8N_PORT: String(await q.freshPort()), N8N_RUNNERS_BROKER_PORT: String(await q.freshPort()) });
		const r = await q.runCmd(line.nodePath, [line.n8nMain, 'execute', `--id=${wfs.cli.wf.id}`, '--rawOutput'], { env, cwd: userFolder, timeoutMs: 120000, label: 'n8n execute' });
		const warned = /does not support queue mode/i.test(r.stdout + r.stderr);
		const onWorker = workerJobs(workers).size > before;
		const ok = r.code === 0 && /"cli-sync"/.test(r.stdout);
		figure(`(a') n8n execute in queue mode: exit ${r.code} in ${r.ms} ms, result printed: ${ok}, warned "does not support queue mode, falling back to regular mode": ${warned}, ran on a worker: ${onWorker}`);
		check("(a') › n8n execute --id (sync) exits 0 with the run's result (it runs in the CLI process, not on a worker)", ok, q.tail(r.stdout + r.stderr, 15));
	});

	// 3b. N concurrent wait-by-callback executions ----------------------------------------------
	await timed(`(b) ${args.concurrent} concurrent asyncWebhook executions`, async () => {
		const nonce = Date.now().toString(36);
		const tags = Array.from({ length: args.concurrent }, (_, i) => `cb-${i}-${nonce}`);
		const answers = await Promise.all(tags.map((tag) => request('POST', `${hookUrl}/webhook/${wfs.callback.path}`, { body: { tag, durationMs: 2000 }, timeoutMs: 60000 }).catch((e) => ({ status: 0, text: e.message }))));
		check(`(b) › all ${tags.length} webhook calls answered 200`, answers.every((a) => a.status === 200), show(answers.filter((a) => a.status !== 200).map((a) => `${a.status} ${a.text?.slice(0, 100)}`)));
		const rows = await waitExecutionsEnded(executions, wfs.callback.wf.id, { count: tags.length, timeoutMs: 120000 }).catch((e) => (check('(b) › all executions end', false, e.message), null));
		if (!rows) return;
		await sleep(500); // the workers' "finished" log lines
		const exes = await executions(wfs.callback.wf.id);
		const runs = [...sim.state.runs.values()].filter((r) => typeof r.run?.input?.tag === 'string' && r.run.input.tag.endsWith(nonce));
		const deliveries = sim.state.deliveries;
		let echoOk = 0;
		let onceOk = 0;
		let otherWorker = 0;
		const resumedOn = {};
		const startedOn = {};
		const toNextNode = [];
		const toFinished = [];
		const problems = [];
		for (const tag of tags) {
			const run = runs.find((r) => r.run.input.tag === tag);
			const resumeHook = run?.webhooks?.find((h) => /\/webhook-waiting\//.test(h.url));
			const executionId = resumeHook && /\/webhook-waiting\/(\d+)/.exec(resumeHook.url)[1];
			const exe = exes.find((e) => e.id === executionId);
			if (!run || !exe) {
				problems.push(`${tag}: run ${run?.run?.workflowRunId ?? 'missing'}, execution ${executionId ?? 'unknown'}`);
				continue;
			}
			const runId = run.run.workflowRunId;
			const delivered = deliveries.filter((d) => d.runId === runId && d.url === resumeHook.url);
			const out = exe.output('GPTBots')?.[0]?.json || {};
			const after = exe.output('After')?.[0]?.json || {};
			if (exe.status === 'success' && out.output?.echo?.tag === tag && after.output?.echo?.tag === tag && out.workflowRunId === runId) echoOk++;
			else problems.push(`${tag}: execution ${exe.id} ${exe.status}, GPTBots output ${show(out).slice(0, 200)}`);
			const jobs = workerOf(exe.id).filter((j) => j.kind === 'started');
			if (delivered.length === 1 && delivered[0].statusCode === 200 && exe.runs('After') === 1 && jobs.length === 2) onceOk++;
			else problems.push(`${tag}: ${delivered.length} deliveries (${delivered.map((d) => d.statusCode).join(',')}), After ran ${exe.runs('After')}x, jobs ${show(jobs.map((j) => j.worker))}`);
			if (jobs.length === 2) {
				startedOn[jobs[0].worker] = (startedOn[jobs[0].worker] || 0) + 1;
				resumedOn[jobs[1].worker] = (resumedOn[jobs[1].worker] || 0) + 1;
				if (jobs[0].worker !== jobs[1].worker) otherWorker++;
			}
			const sentAt = delivered[0]?.sentAt;
			const afterRun = exe.runData.After?.[0];
			if (sentAt && afterRun) {
				toNextNode.push(afterRun.startTime - sentAt);
				toFinished.push((exe.stoppedAt ?? afterRun.startTime + afterRun.executionTime) - sentAt);
			}
		}
		if (problems.length) log(`(b) problems:\n  ${problems.slice(0, 20).join('\n  ')}`);
		check(`(b) › ${tags.length}/${tags.length} executions succeeded with THEIR OWN result (output.echo.tag)`, echoOk === tags.length, `${echoOk}/${tags.length}`);
		check(`(b) › each resumed exactly once (1 callback answered 200, node After ran once, 2 worker jobs)`, onceOk === tags.length, `${onceOk}/${tags.length}`);
		figure(`(b) ${tags.length} concurrent asyncWebhook executions: started on ${show(startedOn)}, resumed on ${show(resumedOn)}; ${otherWorker}/${tags.length} resumed on the other worker`);
		const fmt = (xs) => `median ${median(xs)} ms, worst ${Math.max(...xs)} ms, best ${Math.min(...xs)} ms (n=${xs.length})`;
		figure(`(b) callback sent by the simulator -> next node (After) started: ${fmt(toNextNode)}`);
		figure(`(b) callback sent by the simulator -> execution finished (stoppedAt): ${fmt(toFinished)}`);
		check('(b) › every callback resumed its execution within 10 s', toFinished.length === tags.length && Math.max(...toFinished) < 10000, show(toFinished));
	});

	// 3c. The GPTBots Workflow Trigger under duplicate deliveries ------------------------------
	const nonce = Date.now().toString(36);
	const runOf = (id) => ({
		workflowRunId: id, status: 'SUCCEED', workflowId: 'wf-queue', workflowName: 'queue suite', workflowVersion: 1,
		totalCost: 0, totalTokens: 0, startTime: Date.now() - 500, endTime: Date.now(), workflowExecutionTime: 500,
		input: { id }, output: { answer: `done ${id}` },
	});
	const headers = { 'X-GPTBots-Secret': W.TRIGGER_SECRET };
	let triggerSeen = 0; // executions of the trigger workflow counted so far
	/** Executions per run id among the trigger executions after the first `skip`. */
	async function triggerCounts(expectedIds, expectedMin) {
		const rows = await waitExecutionsEnded(executions, wfs.trigger.wf.id, { count: triggerSeen + expectedMin, timeoutMs: 90000, settleMs: 3000 });
		const exes = (await executions(wfs.trigger.wf.id)).slice(triggerSeen);
		triggerSeen = rows.length;
		const perId = Object.fromEntries(expectedIds.map((id) => [id, 0]));
		const stray = [];
		for (const exe of exes) {
			const id = exe.output(wfs.trigger.nodeName)?.[0]?.json?.workflowRunId;
			if (id in perId) perId[id]++;
			else stray.push(`${exe.id}:${id}`);
		}
		return { perId, exes, stray };
	}
	const tally = (perId) => {
		const counts = Object.values(perId);
		return { once: counts.filter((c) => c === 1).length, twice: counts.filter((c) => c === 2).length, never: counts.filter((c) => c === 0).length, more: counts.filter((c) => c > 2).length };
	};

	await timed(`(c) trigger: ${args.triggerIds} run ids x 2 deliveries, concurrently, one copy to main and one to the webhook process`, async () => {
		const ids = Array.from({ length: args.triggerIds }, (_, i) => `trg-x-${i}-${nonce}`);
		const sends = ids.flatMap((id, i) => {
			// Alternate which process gets the first copy, so neither always wins the race.
			const targets = i % 2 ? [mainUrl, hookUrl] : [hookUrl, mainUrl];
			return targets.map((base) => () => sim.deliver({ url: `${base}${triggerPath}`, method: 'POST', headers, run: runOf(id) }));
		});
		const answered = await Promise.all(sends.map((send) => send()));
		check(`(c) › all ${sends.length} deliveries answered 200`, answered.every((a) => a.statusCode === 200), show(answered.filter((a) => a.statusCode !== 200)));
		const { perId, exes, stray } = await triggerCounts(ids, ids.length);
		const t = tally(perId);
		figure(`(c) concurrent duplicates across main + webhook process: ${sends.length} deliveries of ${ids.length} run ids -> ${exes.length} executions; run ids started once ${t.once}, twice ${t.twice}, never ${t.never}, more ${t.more}`);
		check('(c) › every run id started at least once and at most twice', t.never === 0 && t.more === 0 && stray.length === 0, `${show(t)} stray ${show(stray)}`);
		check('(c) › all trigger executions succeeded', exes.every((e) => e.status === 'success'), show(exes.map((e) => e.status)));
		if (process.env.QUEUE_STRICT_DEDUPE) check('(c) › no run id started twice (QUEUE_STRICT_DEDUPE)', t.twice === 0, show(t));
	});

	const pairIds = Math.min(10, args.triggerIds);
	/** Sends each id to one process, then (once answered) to the other; `width` ids at a time. */
	async function sequentialPairs(prefix, width) {
		const ids = Array.from({ length: pairIds }, (_, i) => `${prefix}-${i}-${nonce}`);
		const todo = ids.map((id, i) => async () => {
			const [first, second] = i % 2 ? [mainUrl, hookUrl] : [hookUrl, mainUrl];
			await sim.deliver({ url: `${first}${triggerPath}`, method: 'POST', headers, run: runOf(id) });
			await sim.deliver({ url: `${second}${triggerPath}`, method: 'POST', headers, run: runOf(id) });
		});
		await Promise.all(Array.from({ length: width }, async () => {
			while (todo.length) await todo.shift()();
		}));
		const { perId, exes } = await triggerCounts(ids, ids.length);
		return { ids, perId, exes, t: tally(perId) };
	}

	await timed(`(c2) trigger: ${pairIds} run ids one after another, the duplicate sent to the OTHER process after the first was answered`, async () => {
		const { ids, perId, exes, t } = await sequentialPairs('trg-seq', 1);
		figure(`(c2) sequential duplicates across processes, no other traffic (de-dup via static data in Postgres): ${ids.length} run ids -> ${exes.length} executions (once ${t.once}, twice ${t.twice})`);
		check('(c2) › each run id started exactly once', t.once === ids.length && exes.length === ids.length, show(perId));
	});

	await timed(`(c2b) trigger: the same with ${pairIds} such pairs in flight at once`, async () => {
		const { ids, perId, exes, t } = await sequentialPairs('trg-par', pairIds);
		figure(`(c2b) sequential duplicates across processes while other deliveries are in flight: ${ids.length} run ids -> ${exes.length} executions (once ${t.once}, twice ${t.twice}) — static data is saved whole, last writer wins`);
		check('(c2b) › every run id started at least once and at most twice', t.never === 0 && t.more === 0, show(perId));
		if (process.env.QUEUE_STRICT_DEDUPE) check('(c2b) › no run id started twice (QUEUE_STRICT_DEDUPE)', t.twice === 0, show(t));
	});

	await timed(`(c3) trigger: ${Math.min(10, args.triggerIds)} run ids x 2 concurrent deliveries, both to the webhook process`, async () => {
		const ids = Array.from({ length: Math.min(10, args.triggerIds) }, (_, i) => `trg-same-${i}-${nonce}`);
		const answered = await Promise.all(ids.flatMap((id) => [0, 1].map(() => sim.deliver({ url: `${hookUrl}${triggerPath}`, method: 'POST', headers, run: runOf(id) }))));
		check(`(c3) › all ${answered.length} deliveries answered 200`, answered.every((a) => a.statusCode === 200), show(answered));
		const { perId, exes } = await triggerCounts(ids, ids.length);
		const t = tally(perId);
		figure(`(c3) concurrent duplicates within one process: ${answered.length} deliveries of ${ids.length} run ids -> ${exes.length} executions (once ${t.once}, twice ${t.twice})`);
		check('(c3) › each run id started exactly once', t.once === ids.length && exes.length === ids.length, show(perId));
	});

	await timed(`(c4) workaround: trigger de-dup off + Postgres node claiming the run id, ${args.triggerIds} ids x 2 concurrent deliveries across both processes`, async () => {
		const ids = Array.from({ length: args.triggerIds }, (_, i) => `claim-${i}-${nonce}`);
		const claimPath = `/webhook/${wfs.claim.path}`;
		const answered = await Promise.all(ids.flatMap((id, i) => (i % 2 ? [mainUrl, hookUrl] : [hookUrl, mainUrl]).map((base) =>
			sim.deliver({ url: `${base}${claimPath}`, method: 'POST', headers, run: runOf(id) }))));
		check(`(c4) › all ${answered.length} deliveries answered 200`, answered.every((a) => a.statusCode === 200), show(answered.filter((a) => a.statusCode !== 200)));
		const rows = await waitExecutionsEnded(executions, wfs.claim.wf.id, { count: answered.length, timeoutMs: 90000, settleMs: 1000 }).catch((e) => (check('(c4) › the executions end', false, e.message), null));
		if (!rows) return;
		const exes = await executions(wfs.claim.wf.id);
		const passed = Object.fromEntries(ids.map((id) => [id, 0]));
		for (const exe of exes) {
			const id = exe.output('GPTBots Trigger (de-dup off)')?.[0]?.json?.workflowRunId;
			if (id in passed && (exe.output('Passed') || []).length) passed[id]++;
		}
		const t = tally(passed);
		const failedExes = exes.filter((e) => e.status !== 'success');
		figure(`(c4) trigger (de-dup off) + Postgres claim: ${answered.length} concurrent deliveries of ${ids.length} ids across 2 processes -> ${exes.length} executions, passed the claim: once ${t.once}, twice ${t.twice}, never ${t.never}; ${failedExes.length} executions failed`);
		check('(c4) › each run id passed the Postgres claim exactly once', t.once === ids.length, show(passed));
		check('(c4) › no execution failed', failedExes.length === 0, show(failedExes.map((e) => `${e.id} ${e.status} ${e.error?.message}`)));
	});

	// 4. n8n's own de-dup helpers -----------------------------------------------------------------
	await timed('(4) n8n processed-data helpers: types, contexts, storage', async () => {
		const dirs = [line.dir, ...fs.readdirSync(path.dirname(line.dir)).filter((d) => /^n8n-\d/.test(d)).map((d) => path.join(path.dirname(line.dir), d))];
		for (const dir of [...new Set(dirs)]) {
			const f = inspectDedupHelpers(dir);
			if (!f.version) continue;
			figure(`(4) n8n ${f.version}: IWebhookFunctions.helpers = ${f.webhookTypeHelpers || '?'}; ITriggerFunctions.helpers has dedup: ${/Deduplication/.test(f.triggerTypeHelpers)}; IExecuteFunctions has dedup: ${f.executeTypeHasDedup}`);
			figure(`(4) n8n ${f.version}: runtime contexts with checkProcessedAndRecord: webhook ${f.webhookContextHasDedup}, trigger ${f.triggerContextHasDedup}, execute ${f.executeContextHasDedup}; DeduplicationHelper is read-modify-write of one processed_data row (findOne + update): ${f.helperReadModifyWrite}, with a transaction/lock: ${f.helperLocks}`);
		}
		const rdIds = Array.from({ length: args.triggerIds }, (_, i) => `rd-${i}-${nonce}`);
		const answered = await Promise.all(rdIds.flatMap((id, i) => (i % 2 ? [mainUrl, hookUrl] : [hookUrl, mainUrl]).map((base) =>
			request('POST', `${base}/webhook/${wfs.removeDuplicates.path}`, { body: runOf(id), timeoutMs: 30000 }).catch((e) => ({ status: 0, text: e.message })))));
		const rows = await waitExecutionsEnded(executions, wfs.removeDuplicates.wf.id, { count: answered.length, timeoutMs: 90000, settleMs: 1000 }).catch((e) => (check('(4) › Remove Duplicates executions end', false, e.message), null));
		if (!rows) return;
		const exes = await executions(wfs.removeDuplicates.wf.id);
		const passed = Object.fromEntries(rdIds.map((id) => [id, 0]));
		for (const exe of exes) {
			for (const item of exe.output('Passed') || []) if (item.json?.body?.workflowRunId in passed) passed[item.json.body.workflowRunId]++;
		}
		const t = tally(passed);
		const errors = exes.filter((e) => e.status !== 'success');
		const errorKinds = [...new Set(errors.map((e) => String(e.error?.message || e.status).slice(0, 120)))];
		figure(`(4) n8n's Remove Duplicates (checkProcessedAndRecord) on the workers, ${answered.length} concurrent deliveries of ${rdIds.length} ids: passed once ${t.once}, twice ${t.twice}, never ${t.never}; ${errors.length} executions failed${errorKinds.length ? `: ${errorKinds.join(' | ')}` : ''}`);
		check(`(4) › all ${answered.length} Remove Duplicates executions ended`, exes.length === answered.length, `${exes.length} executions`);
	});

	// n8n process health ---------------------------------------------------------------------------
	for (const p of [main, ...workers, webhook]) {
		check(`health › ${p.name} (pid ${p.pid}) still running at the end`, p.running(), q.tail(p.output(), 20));
	}
	const crashes = [main, ...workers, webhook].flatMap((p) => p.lines.filter((l) => /Unrecognized node type|Error: Cannot find module|There was a problem saving the workflow/i.test(l.text)).map((l) => `${p.name}: ${l.text}`));
	check('health › no "Unrecognized node type" / module / static-data-save errors in the n8n logs', crashes.length === 0, crashes.slice(0, 10).join('\n'));
	if (args.keep) log(`--keep: logs and data stay in ${root}`);
}

(async () => {
	let fatal = null;
	try {
		await main();
	} catch (error) {
		fatal = error;
		check('the suite completes without an exception', false, error.stack || error.message);
	}
	const t0 = Date.now();
	await q.cleanupAll();
	log(`cleanup took ${secs(Date.now() - t0)}`);
	if (figures.length) {
		log('figures:');
		for (const f of figures) log(`  ${f}`);
	}
	const failed = results.filter((r) => !r.ok);
	if (failed.length) {
		log('failed checks:');
		for (const r of failed) log(`  ${r.label}`);
	}
	process.stdout.write(`${results.length - failed.length} passed, ${failed.length} failed\n`);
	process.exit(failed.length || fatal ? 1 : 0);
})();
