/**
 * The trigger leg (`--n8n`, leg `trigger`): our GPTBots Workflow Trigger against n8n's own Webhook
 * node under the same load, in a real `n8n start` of one line (scripts/lib/).
 *
 * Two active workflows, each the receiving node alone: our trigger (with a secret, statuses
 * SUCCEED and FAILED, de-duplication on: its defaults; its store of seen run ids already full, as
 * after a while in production) and n8n's Webhook node (POST, respond immediately). Per side and rep: `runs` unique run ids, each delivered once and every fifth
 * delivered a second time a few deliveries later (20 % repeats), 100 deliveries in flight at a
 * time, each a GPTBots completion body. The sides take turns going first.
 *
 * Time = first delivery sent → the last execution it started has stopped (execution_entity
 * `stoppedAt`, read from n8n's database once all are there). deliveries/s = deliveries ÷ time.
 * Every execution's saved data is read back and searched for its run id: our trigger must start
 * exactly one execution per run id (none lost, none doubled); the Webhook node, which does not
 * de-duplicate, one per delivery.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';

import type { Args, N8nLineName } from './args';
import { SEEN_RUN_IDS_CAPACITY } from '../../nodes/GptBots/workflowTrigger/receiveDelivery';
import { deliveryOrder } from './deliveries';
import type { N8nContext } from '../lib/install';
import * as builders from '../lib/builders';
import * as executions from '../lib/executions';
import * as install from '../lib/install';
import * as n8nStart from '../lib/n8nStart';
import { pool } from '../lib/pool';
import { request } from '../lib/request';
import * as workflows from '../lib/workflows';
import type { SettingsPass } from './settingsPasses';

const SECRET = 'bench-trigger-secret';
const TRIGGER_WEBHOOK_ID = builders.stableUuid('bench-trigger-throughput');
const WEBHOOK_PATH = 'bench-webhook-throughput';
const IN_FLIGHT = 100;

type Side = 'trigger' | 'webhook';

interface SideOutcome {
	deliveries: number;
	ms: number;
	executions: number;
	/** run ids with no execution (trigger: expected one each) */
	lost: number;
	/** executions beyond the expected number for their run id */
	doubled: number;
	/** deliveries sent again after a 5xx answer */
	retried: number;
}

const sqlTime = (value: unknown): number =>
	typeof value === 'number'
		? value
		: Date.parse(
				/Z|[+-]\d\d:?\d\d$/.test(String(value))
					? String(value)
					: `${String(value).replace(' ', 'T')}Z`,
			);

class TriggerBench {
	private root = fs.mkdtempSync(path.join(os.tmpdir(), 'gptbots-bench-trigger-'));
	private ctx?: N8nContext;
	private server?: Awaited<ReturnType<typeof n8nStart.startN8n>>;
	private removeOnExit = () => fs.rmSync(this.root, { recursive: true, force: true });
	private workflowIds = {
		trigger: builders.workflowId('bench:trigger-throughput'),
		webhook: builders.workflowId('bench:webhook-throughput'),
	};

	constructor(
		private line: N8nLineName,
		private triggerOptions: Record<string, unknown>,
		private prefill: number,
		private n8nEnv: Record<string, string>,
		private log: (message: string) => void,
	) {
		process.on('exit', this.removeOnExit);
	}

	async start(): Promise<void> {
		const { tarball } = await install.buildAndPack(path.join(this.root, 'pack'));
		const line = await install.resolveLine(this.line);
		const { userFolder } = await install.makeUserFolder(path.join(this.root, this.line), tarball);
		this.ctx = install.n8nContext(line, userFolder);
		const trigger = builders.triggerNode(
			'GPTBots Trigger',
			{ secretHeaderValue: SECRET, options: this.triggerOptions },
			TRIGGER_WEBHOOK_ID,
		);
		const webhook = builders.webhookNode(
			'Webhook',
			WEBHOOK_PATH,
			builders.stableUuid('bench-webhook-throughput'),
			'onReceived',
		);
		// The trigger's de-duplication store full from the start, as after a while in production:
		// SEEN_RUN_IDS_CAPACITY earlier run ids in the node's static data (the store's first format).
		const seen = Array.from(
			{ length: this.prefill },
			(_, i) => `run_${createHash('sha1').update(String(i)).digest('hex').slice(0, 24)}`,
		);
		const staticData = { 'node:GPTBots Trigger': { seenRunIds: seen } };
		await workflows.importWorkflows(this.ctx, [
			{
				...builders.workflow('bench:trigger-throughput', 'bench trigger throughput', [trigger]),
				staticData,
			},
			builders.workflow('bench:webhook-throughput', 'bench Webhook node throughput', [webhook]),
		]);
		for (const id of Object.values(this.workflowIds))
			await workflows.activateWorkflow(this.ctx, id);
		this.server = await n8nStart.startN8n(this.ctx, { extraEnv: this.n8nEnv });
		await n8nStart.waitForWebhook(this.url('trigger'), { method: 'GET' });
		await n8nStart.waitForWebhook(this.url('webhook'), { method: 'POST', body: { warmUp: true } });
		this.log(
			`trigger leg: n8n ${line.version} started (pid ${this.server.pid}), both webhooks registered`,
		);
	}

	private url(side: Side): string {
		return side === 'trigger'
			? builders.productionWebhookUrl(this.server!, TRIGGER_WEBHOOK_ID)
			: `${this.server!.url}/webhook/${WEBHOOK_PATH}`;
	}

	private async lastExecutionId(side: Side): Promise<number> {
		const [row] = await executions.querySqlite<{ id: number | null }>(
			this.ctx!,
			'SELECT MAX(id) AS id FROM execution_entity WHERE workflowId = ?',
			[this.workflowIds[side]],
		);
		return Number(row?.id ?? 0);
	}

	/** Sends the deliveries, waits for their executions, checks them per run id. */
	async measure(side: Side, tag: string, runs: number): Promise<SideOutcome> {
		const ids = Array.from({ length: runs }, (_, i) => `bench_run_${tag}_${i}`);
		const order = deliveryOrder(ids);
		const expected = side === 'trigger' ? runs : order.length;
		const before = await this.lastExecutionId(side);
		const headers = { 'X-GPTBots-Secret': SECRET };
		const body = (id: string) => ({
			workflowRunId: id,
			status: 'SUCCEED',
			workflowId: 'bench',
			totalTokens: 42,
			output: { answer: `result of ${id}` },
		});
		const url = this.url(side);
		// A fresh pool per side: a socket left idle since the last side may be closed by n8n just
		// as a delivery goes out on it.
		const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
		const refused: string[] = [];
		let repeatsNotStarted = 0;
		let retried = 0;
		const started = Date.now();
		await pool(
			order.map((id) => async () => {
				// As GPTBots would: a delivery answered 5xx (n8n 2.41 answers 503 "Database is not
				// ready" when its database check is slow) or not answered goes again a second later,
				// up to 5 times.
				const send = async () =>
					await request('POST', url, { headers, body: body(id), agent, timeoutMs: 120_000 }).catch(
						(error: Error) => ({ status: 0, text: error.message }),
					);
				let answer = await send();
				for (let retry = 1; retry <= 5 && (answer.status >= 500 || answer.status === 0); retry++) {
					retried++;
					await new Promise((resolve) => setTimeout(resolve, 1000));
					answer = await send();
				}
				if (answer.status !== 200) refused.push(`${answer.status} ${answer.text.slice(0, 120)}`);
				if (answer.text.includes('"started":false')) repeatsNotStarted++;
			}),
			IN_FLIGHT,
		);
		agent.destroy();
		if (refused.length)
			throw new Error(
				`${side}: ${refused.length} deliveries not answered 200 (first: ${refused[0]})`,
			);
		const sql =
			'SELECT COUNT(*) AS n, COUNT(stoppedAt) AS stopped, MAX(stoppedAt) AS last FROM execution_entity WHERE workflowId = ? AND id > ?';
		const count = async () =>
			(
				await executions.querySqlite<{ n: number; stopped: number; last: unknown }>(
					this.ctx!,
					sql,
					[this.workflowIds[side], before],
				)
			)[0];
		let state = await count();
		for (
			const deadline = Date.now() + 300_000;
			state.stopped < expected && Date.now() < deadline;
			state = await count()
		) {
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
		// Late extra executions (a repeat that got through) would show up now.
		await new Promise((resolve) => setTimeout(resolve, 1500));
		state = await count();
		const ms = sqlTime(state.last) - started;
		const perId = await this.executionsPerRunId(side, before);
		const want = new Map(ids.map((id) => [id, 0]));
		if (side === 'webhook') for (const id of order) want.set(id, want.get(id)! + 1);
		else for (const id of ids) want.set(id, 1);
		let lost = 0;
		let doubled = 0;
		for (const [id, wanted] of want) {
			const got = perId.get(id) ?? 0;
			lost += Math.max(0, wanted - got);
			doubled += Math.max(0, got - wanted);
		}
		this.log(
			`trigger leg ${tag}: ${order.length} deliveries → ${state.n} executions (expected ${expected}) in ${ms} ms: ` +
				`${((order.length / ms) * 1000).toFixed(1)} deliveries/s; lost ${lost}, doubled ${doubled}; ${repeatsNotStarted} answered "started: false", ${retried} sent again (5xx or no answer)`,
		);
		return { deliveries: order.length, ms, executions: Number(state.n), lost, doubled, retried };
	}

	/** Run id → executions whose saved data names it. */
	private async executionsPerRunId(side: Side, after: number): Promise<Map<string, number>> {
		const rows = await executions.querySqlite<{ data: string }>(
			this.ctx!,
			'SELECT d.data AS data FROM execution_entity e JOIN execution_data d ON d.executionId = e.id WHERE e.workflowId = ? AND e.id > ?',
			[this.workflowIds[side], after],
		);
		const perId = new Map<string, number>();
		for (const row of rows) {
			for (const id of new Set(
				String(row.data).match(/bench_run_[A-Za-z0-9_.]+?_\d+(?=["\\])/g) ?? [],
			))
				perId.set(id, (perId.get(id) ?? 0) + 1);
		}
		return perId;
	}

	async stop(): Promise<void> {
		await this.server?.stop();
		this.removeOnExit();
		process.off('exit', this.removeOnExit);
	}
}

/** Whether the n8n of this line knows every setting of `pass`. */
export async function knowsSettings(line: N8nLineName, pass: SettingsPass): Promise<boolean> {
	const { dir } = await install.resolveLine(line);
	const config = path.join(
		dir,
		'node_modules',
		'@n8n',
		'config',
		'dist',
		'configs',
		'expression-engine.config.js',
	);
	if (!fs.existsSync(config)) return false;
	const text = fs.readFileSync(config, 'utf8');
	return Object.keys(pass.env).every((name) => text.includes(name));
}

/**
 * The leg, `args.reps` times on one line: rep by rep deliveries/s of both sides, their ratio
 * (trigger ÷ Webhook node), and the trigger's lost and doubled executions. `extraEnv` goes to
 * n8n's process on top of --trigger-n8n-env.
 */
export async function triggerThroughput(
	line: N8nLineName,
	args: Args,
	log: (message: string) => void,
	extraEnv: Record<string, string> = {},
): Promise<Record<string, number[]>> {
	const bench = new TriggerBench(
		line,
		args.triggerOptions,
		args.triggerPrefill ?? SEEN_RUN_IDS_CAPACITY,
		{ ...args.triggerN8nEnv, ...extraEnv },
		log,
	);
	const out: Record<string, number[]> = {};
	const put = (key: string, value: number) => (out[key] ??= []).push(value);
	try {
		await bench.start();
		// Unmeasured: loads both paths (and n8n's lazily loaded modules) once.
		await bench.measure('trigger', `${line}_warm_t`, 50);
		await bench.measure('webhook', `${line}_warm_w`, 50);
		for (let rep = 0; rep < args.reps; rep++) {
			const sides: Side[] = rep % 2 === 0 ? ['trigger', 'webhook'] : ['webhook', 'trigger'];
			const result: Partial<Record<Side, SideOutcome>> = {};
			for (const side of sides)
				result[side] = await bench.measure(side, `${line}_${rep}_${side[0]}`, args.triggerRuns);
			const trigger = result.trigger!;
			const webhook = result.webhook!;
			const rate = (o: SideOutcome) => (o.deliveries / o.ms) * 1000;
			put('triggerDeliveriesPerSec', rate(trigger));
			put('webhookNodeDeliveriesPerSec', rate(webhook));
			put('triggerVsWebhookNode', rate(trigger) / rate(webhook));
			put('triggerLostRunIds', trigger.lost);
			put('triggerDoubledExecutions', trigger.doubled);
			put('webhookNodeLostOrExtra', webhook.lost + webhook.doubled);
			put('triggerDeliveriesRetried', trigger.retried);
			put('webhookNodeDeliveriesRetried', webhook.retried);
		}
	} finally {
		await bench.stop();
	}
	return out;
}
