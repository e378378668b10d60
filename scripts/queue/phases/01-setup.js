// @ts-check
'use strict';
// Setup: throw-away Redis + PostgreSQL, the simulator, the packed package in a fresh user folder,
// credentials and workflows imported and activated, then n8n main, two workers and a webhook
// process in queue mode.

/**
 * What every later phase gets.
 * @typedef {{ args: { keep: boolean, concurrent: number, triggerIds: number, only: string[] }, root: string,
 *   line: import('../../lib/install').N8nLine, ctx: import('../../lib/install').N8nContext,
 *   sim: import('../../lib/simulator').Simulator,
 *   pg: Awaited<ReturnType<typeof startPostgres>>, mainUrl: string, hookUrl: string,
 *   wfs: ReturnType<typeof W.build>, triggerPath: string, main: N8nProcess, workers: N8nProcess[],
 *   webhook: N8nProcess, executions: import('../n8n').ExecutionReader,
 *   workerOf: (id: string) => import('../n8n').WorkerJob[], nonce: string,
 *   startWorker: (name: string) => Promise<N8nProcess>,
 *   startMain: (name: string) => Promise<N8nProcess> }} QueueEnv
 * @typedef {import('../n8n').N8nProcess} N8nProcess
 */

const path = require('path');

const { CREDENTIAL_TYPE, SIM_API_KEY } = require('../../lib/constants');
const { buildAndPack, makeUserFolder, resolveLine } = require('../../lib/install');
const { log, secs, timed } = require('../../lib/log');
const { pool } = require('../../lib/pool');
const { freePort } = require('../../lib/ports');
const { startSimulator } = require('../../lib/simulator');
const { waitFor } = require('../../lib/wait');
const { SIM_AGENT_KEY } = require('../../../simulator/names');
const { activateWorkflow, importCredentials, importWorkflows } = require('../../lib/workflows');
const { ensurePackages, startPostgres, startRedis } = require('../infra');
const { makeExecutionReader, queueContext, startQueueProcess, workerJobs } = require('../n8n');
const { check, request, show } = require('../report');
const W = require('../workflows');

/**
 * @param {{ args: QueueEnv['args'], root: string, logDir: string, started: number }} env
 * @returns {Promise<QueueEnv>}
 */
async function run(env) {
	const { args, root, logDir, started } = env;
	// 1. Redis + Postgres ---------------------------------------------------------------------
	const pkgs = await timed('redis-server + postgresql present (apt-get if missing)', () =>
		ensurePackages(),
	);
	if (pkgs.installed.length) log(`installed with apt-get: ${pkgs.installed.join(', ')}`);
	const [redis, pg] = await Promise.all([
		timed('start redis-server (scratch dir, 127.0.0.1)', () =>
			startRedis(pkgs.redis, path.join(root, 'redis')),
		),
		timed('initdb + start postgres (scratch dir, 127.0.0.1)', () =>
			startPostgres(pkgs.pgBin, path.join(root, 'pg')),
		),
	]);
	log(
		`redis on 127.0.0.1:${redis.port} (pid ${redis.handle.pid}); postgres on 127.0.0.1:${pg.port} (pid ${pg.handle.pid}, user ${pg.user.name})`,
	);
	check('setup › Redis and PostgreSQL started on 127.0.0.1', true);

	// 2. Simulator, package, n8n ---------------------------------------------------------------
	const { sim, url: simUrl } = await startSimulator({
		asyncDurationMs: 1000,
		webhookTimeoutMs: 30000,
	});
	if (!sim) throw new Error('the in-process simulator came without its object');
	log(`simulator on ${simUrl}`);

	const [{ tarball }, line] = await Promise.all([
		timed('npm run build + npm pack', () => buildAndPack(path.join(root, 'pack'))),
		timed('locate n8n 2.8.4 (install-n8n.sh legacy)', () => resolveLine('legacy')),
	]);
	log(`n8n ${line.version} in ${line.dir}`);
	const { userFolder } = await timed(
		'fresh N8N_USER_FOLDER + npm i <tarball> (community package)',
		() => makeUserFolder(path.join(root, 'n8n'), tarball),
	);

	const mainPort = await freePort();
	const webhookPort = await freePort();
	const infra = {
		pgPort: pg.port,
		redisPort: redis.port,
		webhookUrl: `http://127.0.0.1:${webhookPort}/`,
	};
	const ctx = queueContext(line, userFolder, infra);

	const wfs = W.build();
	const all = [
		...wfs.modeWorkflows.map((m) => m.wf),
		wfs.callback.wf,
		wfs.trigger.wf,
		wfs.removeDuplicates.wf,
		wfs.claim.wf,
		wfs.chat.wf,
	];
	await pg.exec(W.CLAIM_SQL);
	await timed('n8n import:credentials (runs the Postgres migrations)', () =>
		importCredentials(ctx, [
			{
				...W.CREDENTIAL,
				type: CREDENTIAL_TYPE,
				data: { endpoint: 'custom', baseUrl: simUrl, apiKey: SIM_API_KEY },
			},
			{
				...W.AGENT_CREDENTIAL,
				type: CREDENTIAL_TYPE,
				data: { endpoint: 'custom', baseUrl: simUrl, apiKey: SIM_AGENT_KEY },
			},
			{
				...W.PG_CREDENTIAL,
				type: 'postgres',
				data: {
					host: '127.0.0.1',
					port: pg.port,
					database: 'n8n',
					user: 'postgres',
					password: '',
					ssl: 'disable',
					maxConnections: 10,
				},
			},
		]),
	);
	await timed(`n8n import:workflow (${all.length + 1} workflows)`, () =>
		importWorkflows(ctx, [...all, wfs.cli.wf]),
	);
	await timed(
		`activate ${all.length} workflows (${line.hasPublish ? 'publish:workflow' : 'update:workflow --active'}, 3 at a time)`,
		() =>
			pool(
				all.map((wf) => () => activateWorkflow(ctx, wf.id)),
				3,
			),
	);
	const active = await pg
		.query(`SELECT id FROM workflow_entity WHERE "activeVersionId" IS NOT NULL OR active = true`)
		.catch(() => pg.query('SELECT id FROM workflow_entity WHERE active = true'));
	check(
		`setup › ${all.length} workflows imported and active in Postgres`,
		all.every((wf) => active.some((r) => r.id === wf.id)),
		`active: ${show(active)}`,
	);

	/** n8n main on its port (a restart gives the new process another name: its own log). */
	const startMain = (/** @type {string} */ name) =>
		startQueueProcess(ctx, name, ['start'], { port: mainPort, logDir });
	const main = await timed(`n8n main ready on port ${mainPort}`, () => startMain('main'));
	const mainUrl = main.url;
	const hookUrl = `http://127.0.0.1:${webhookPort}`;
	/** @param {string} name */
	const startWorker = async (name) => {
		const port = await freePort();
		return await startQueueProcess(ctx, name, ['worker', '--concurrency=10'], {
			port,
			logDir,
			extraEnv: {
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(port),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			},
			ready: async (w) => w.lines.some((l) => /worker is now ready/.test(l.text)),
		});
	};
	const [workers, webhook] = await timed('2 workers + webhook process ready', () =>
		Promise.all([
			Promise.all(['worker1', 'worker2'].map(startWorker)),
			startQueueProcess(ctx, 'webhook', ['webhook'], { port: webhookPort, logDir }),
		]),
	);
	log(`workers pids ${workers.map((w) => w.pid).join(', ')}, webhook process pid ${webhook.pid}`);
	// Production webhooks answer on both HTTP processes once registered (401 = the trigger ran).
	const triggerPath = `/webhook/${wfs.trigger.path}`;
	await timed('the trigger webhook answers on main and webhook process', () =>
		Promise.all(
			[mainUrl, hookUrl].map((base) =>
				waitFor(
					`${base}${triggerPath}`,
					async () =>
						(await request('POST', `${base}${triggerPath}`, { body: {}, timeoutMs: 5000 }))
							.status === 401,
					{ timeoutMs: 60000, intervalMs: 300 },
				),
			),
		),
	);
	check('setup › n8n main + 2 workers + webhook process up in queue mode', true);
	log(`setup took ${secs(Date.now() - started)}`);

	const executions = makeExecutionReader(pg, line);
	const workerOf = (/** @type {string} */ id) => workerJobs(workers).get(String(id)) || [];
	const nonce = Date.now().toString(36);
	return {
		args,
		root,
		line,
		ctx,
		sim,
		pg,
		mainUrl,
		hookUrl,
		wfs,
		triggerPath,
		main,
		workers,
		webhook,
		executions,
		workerOf,
		nonce,
		startWorker,
		startMain,
	};
}

module.exports = { run };
