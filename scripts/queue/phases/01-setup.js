'use strict';
// Setup: throw-away Redis + PostgreSQL, the simulator, the packed package in a fresh user folder,
// credentials and workflows imported and activated, then n8n main, two workers and a webhook
// process in queue mode.

/**
 * What every later phase gets.
 * @typedef {{ args: { keep: boolean, concurrent: number, triggerIds: number }, root: string, line: any, userFolder: string,
 *   infra: any, sim: any, pg: any, mainUrl: string, hookUrl: string, wfs: any, triggerPath: string, main: any,
 *   workers: any[], webhook: any, executions: (workflowId: string) => Promise<any[]>, workerOf: (id: string) => any[], nonce: string }} QueueEnv
 */

const q = require('../infra');
const W = require('../workflows');
const { log, timed, secs, request, waitFor } = q;
const { check, show } = require('../report');
const { workerJobs } = require('../n8n');
const fs = require('fs');
const path = require('path');

const { CREDENTIAL_TYPE, SIM_API_KEY } = require('../../lib/constants');
const { startSimulator } = require('../../lib/simulator');
const { buildAndPack, makeUserFolder, resolveLine } = require('../../lib/install');
const { n8nCli, startN8nProcess, waitReady, makeExecutionReader } = require('../n8n');

/**
 * @param {{ args: QueueEnv['args'], root: string, logDir: string, started: number }} env
 * @returns {Promise<QueueEnv>}
 */
async function run(env) {
	const { args, root, logDir, started } = env;
	// 1. Redis + Postgres ---------------------------------------------------------------------
	const pkgs = await timed('redis-server + postgresql present (apt-get if missing)', () =>
		q.ensurePackages(),
	);
	if (pkgs.installed.length) log(`installed with apt-get: ${pkgs.installed.join(', ')}`);
	const [redis, pg] = await Promise.all([
		timed('start redis-server (scratch dir, 127.0.0.1)', () =>
			q.startRedis(pkgs.redis, path.join(root, 'redis')),
		),
		timed('initdb + start postgres (scratch dir, 127.0.0.1)', () =>
			q.startPostgres(pkgs.pgBin, path.join(root, 'pg')),
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
	const all = [
		...wfs.modeWorkflows.map((m) => m.wf),
		wfs.callback.wf,
		wfs.trigger.wf,
		wfs.removeDuplicates.wf,
		wfs.claim.wf,
	];
	const imported = [...all, wfs.cli.wf];
	const inputDir = path.join(root, 'input');
	fs.mkdirSync(inputDir, { recursive: true });
	fs.writeFileSync(
		path.join(inputDir, 'credentials.json'),
		JSON.stringify([
			{
				...W.CREDENTIAL,
				type: CREDENTIAL_TYPE,
				data: { endpoint: 'custom', baseUrl: simUrl, apiKey: SIM_API_KEY },
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
	await pg.exec(W.CLAIM_SQL);
	fs.writeFileSync(path.join(inputDir, 'workflows.json'), JSON.stringify(imported));
	await timed('n8n import:credentials (runs the Postgres migrations)', () =>
		cli(['import:credentials', `--input=${path.join(inputDir, 'credentials.json')}`]),
	);
	await timed(`n8n import:workflow (${imported.length} workflows)`, () =>
		cli(['import:workflow', `--input=${path.join(inputDir, 'workflows.json')}`]),
	);
	const hasPublish = fs.existsSync(
		path.join(line.dir, 'node_modules', 'n8n', 'dist', 'commands', 'publish', 'workflow.js'),
	);
	await timed(
		`activate ${all.length} workflows (${hasPublish ? 'publish:workflow' : 'update:workflow --active'}, 3 at a time)`,
		async () => {
			const todo = all.map(
				(wf) => () =>
					cli(
						hasPublish
							? ['publish:workflow', `--id=${wf.id}`]
							: ['update:workflow', `--id=${wf.id}`, '--active=true'],
					),
			);
			const lanes = Array.from({ length: 3 }, async () => {
				while (todo.length) await todo.shift()();
			});
			await Promise.all(lanes);
		},
	);
	const active = await pg
		.query(`SELECT id FROM workflow_entity WHERE "activeVersionId" IS NOT NULL OR active = true`)
		.catch(() => pg.query('SELECT id FROM workflow_entity WHERE active = true'));
	check(
		`setup › ${all.length} workflows imported and active in Postgres`,
		all.every((wf) => active.some((r) => r.id === wf.id)),
		`active: ${show(active)}`,
	);

	const main = startN8nProcess('main', line, userFolder, infra, ['start'], {
		N8N_PORT: String(infra.mainPort),
		N8N_RUNNERS_BROKER_PORT: String(await q.freshPort()),
	});
	await timed(`n8n main (pid ${main.pid}) ready on ${mainUrl}`, () =>
		waitReady(main, mainUrl, {
			extraProbe: async () =>
				(await request('GET', `${mainUrl}/rest/settings`, { timeoutMs: 2000 })).status === 200,
		}),
	);
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
	await timed(
		`2 workers (pids ${workers.map((w) => w.pid).join(', ')}) + webhook process (pid ${webhook.pid}) ready`,
		() =>
			Promise.all([
				...workers.map((w) =>
					waitReady(w, w.url, {
						extraProbe: async () => w.lines.some((l) => /worker is now ready/.test(l.text)),
					}),
				),
				waitReady(webhook, hookUrl),
			]),
	);
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
	const workerOf = (id) => workerJobs(workers).get(String(id)) || [];
	const nonce = Date.now().toString(36);
	return {
		args,
		root,
		line,
		userFolder,
		infra,
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
	};
}

module.exports = { run };
