/**
 * The `--n8n` leg: our node and n8n's own HTTP Request node, each run by a real n8n (a line of the
 * end-to-end suite: `legacy` n8n 2.8.4 on Node 20, `current` n8n 2.41.1 on Node 24) against the
 * bench's simulator.
 *
 * Built on the n8n driver (scripts/lib/): `npm run build` + `npm pack`, the tarball installed as a community
 * package in a scratch N8N_USER_FOLDER, one credential pointing at the simulator, the workflows
 * imported in one call, then each run is `n8n execute --id=… --rawOutput`.
 *
 * Workflows: Manual Trigger → Code node emitting the job's items → the node under test:
 *  - "GPTBots Workflow" (operation invoke, mode and options from the job, as the engine runner);
 *  - "HTTP Request" (n8n-nodes-base.httpRequest v4.2, DEFAULT options: it sends every item's
 *    request at once), POST `${sim}/v1/workflow/invoke`, `Authorization: Bearer <key>`, JSON body
 *    `{"input": {{ $json }}}`. It has no concurrency option: a job's `concurrency` is ignored.
 * `continueOnFail` = node setting "On Error: Continue (regular output)": failed items come out
 * with `json.error` and are counted.
 *
 * The time a runner reports is the node's own `executionTime` from the execution's run data
 * (resultData.runData[<node>][0].executionTime): n8n's start-up, the trigger and the Code node are
 * not in it. Every `n8n execute` is a fresh process, so both nodes always run "cold" in the same way.
 *
 * `n8nSummary` turns the two runners' medians into the issue's figures: `vsHttpRequestNode`
 * (node ÷ HTTP Request node, no limit) and `httpNodeErrorsUnderLimit`.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import type { IDataObject } from 'n8n-workflow';

import type { N8nContext } from '../lib/install';
import type { NodeRun } from '../lib/workflows';
import type { WorkflowNode } from '../lib/builders';
import * as builders from '../lib/builders';
import * as constants from '../lib/constants';
import * as install from '../lib/install';
import { tail } from '../lib/log';
import * as processes from '../lib/processes';
import * as workflows from '../lib/workflows';

type WorkflowJson = ReturnType<typeof builders.workflow>;
import { syncItems } from './legs';
import type { ItemRunner, RunJob, RunOutcome } from './runners';
import { nodeParameters } from './runners';
import type { SimHandle } from './sim';
import { API_KEY } from './sim';

// ---------------------------------------------------------------------------------------------

const NODE_NAME = 'GPTBots Workflow';
const HTTP_NAME = 'HTTP Request';
const CODE_NAME = 'Items';

export type LineName = 'legacy' | 'current';

/** The n8n version of a line, as scripts/lib/ resolves it. */
export const lineVersion = (line: LineName): string =>
	(constants.LINES as Record<LineName, { version: string }>)[line].version;

type Kind = 'node' | 'http';

const log = (message: string) => process.stderr.write(`[bench n8n] ${message}\n`);

/** The item counts the legs will ask for: warm-up min(300, N), sync and limit legs N (`--items`). */
function plannedItemCounts(): number[] {
	const argv = process.argv;
	let items = 1000;
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split(/=(.*)/s);
		if (flag === '--items') items = Number(inline ?? argv[i + 1]) || items;
	}
	return [...new Set([Math.min(300, items), items])];
}

/** Deterministic, dependency-free item JSON → a short key (workflow identity). */
function digest(value: unknown): string {
	return crypto.createHash('sha1').update(JSON.stringify(value)).digest('hex').slice(0, 12);
}

class N8nBench {
	private root = fs.mkdtempSync(path.join(os.tmpdir(), 'gptbots-bench-n8n-'));
	private ctx?: N8nContext;
	private ready?: Promise<void>;
	private imported = new Set<string>();
	private credential = {
		id: builders.workflowId('bench:credential'),
		name: 'GPTBots bench simulator',
	};
	private removeOnExit = () => fs.rmSync(this.root, { recursive: true, force: true });

	constructor(
		private sim: SimHandle,
		private lineName: LineName,
	) {
		// The scratch user folder (≈55 MB) goes even if the bench dies half-way.
		process.on('exit', this.removeOnExit);
	}

	/** Build + pack + user folder + credential + every planned workflow, once for both runners. */
	setUp(): Promise<void> {
		this.ready ??= (async () => {
			const t0 = Date.now();
			const { tarball } = await install.buildAndPack(path.join(this.root, 'pack'));
			const line = await install.resolveLine(this.lineName);
			const { userFolder } = await install.makeUserFolder(
				path.join(this.root, this.lineName),
				tarball,
			);
			this.ctx = install.n8nContext(line, userFolder);
			log(
				`n8n ${line.version} (${line.dir}), package ${path.basename(tarball)} installed in ${userFolder} (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
			);
			await workflows.importCredentials(this.ctx, [
				{
					...this.credential,
					type: constants.CREDENTIAL_TYPE,
					data: { endpoint: 'custom', baseUrl: this.sim.url, apiKey: API_KEY },
				},
			]);
			// The jobs the legs run (warm-up, no limit, limit 10) for both nodes, imported in one call.
			const planned: Array<[Kind, RunJob]> = [];
			for (const count of plannedItemCounts()) {
				const items = benchItems(count);
				for (const kind of ['node', 'http'] as Kind[]) {
					planned.push([kind, { items, mode: 'sync', concurrency: 100, continueOnFail: false }]);
					planned.push([kind, { items, mode: 'sync', continueOnFail: true }]);
				}
			}
			await this.importMissing(planned);
			log(
				`credential + ${this.imported.size} workflows imported (${((Date.now() - t0) / 1000).toFixed(1)} s in all)`,
			);
		})();
		return this.ready;
	}

	private workflowFor(kind: Kind, job: RunJob): WorkflowJson {
		const settings = job.continueOnFail ? { onError: 'continueRegularOutput' } : {};
		const node =
			kind === 'node'
				? // The version nodeParameters writes for (Poll Interval beside the mode).
					builders.gptNode(NODE_NAME, nodeParameters(job), this.credential, {
						typeVersion: 1.1,
						...settings,
					})
				: { ...httpRequestNode(this.sim.url), ...settings };
		// The node's own parameters, not the job's, decide the workflow: the HTTP Request node has no
		// concurrency option, so its "no limit" and "limit" jobs with the same items share nothing else.
		const key = `bench:${kind}:${digest(node)}:${digest(job.items)}`;
		return builders.workflow(
			key,
			`bench ${kind} ${job.items.length} items${job.continueOnFail ? ' continueOnFail' : ''}`,
			[
				builders.manualTrigger('Start'),
				builders.codeNode(
					CODE_NAME,
					`return ${JSON.stringify(job.items.map((json) => ({ json })))};`,
				),
				node,
			],
		);
	}

	private async importMissing(jobs: Array<[Kind, RunJob]>): Promise<void> {
		const fresh = new Map<string, WorkflowJson>();
		for (const [kind, job] of jobs) {
			const wf = this.workflowFor(kind, job);
			if (!this.imported.has(wf.id)) fresh.set(wf.id, wf);
		}
		if (!fresh.size) return;
		await workflows.importWorkflows(this.ctx!, [...fresh.values()]);
		for (const id of fresh.keys()) this.imported.add(id);
	}

	async run(kind: Kind, job: RunJob): Promise<RunOutcome> {
		await this.setUp();
		if (job.mode !== 'sync' && kind === 'http')
			throw new Error(`the HTTP Request node has no ${job.mode} mode`);
		const wf = this.workflowFor(kind, job);
		if (!this.imported.has(wf.id)) {
			log(`workflow for an unplanned job (${kind}, ${job.items.length} items): importing it now`);
			await this.importMissing([[kind, job]]);
		}
		const nodeName = kind === 'node' ? NODE_NAME : HTTP_NAME;
		let result = await workflows.executeWorkflow(this.ctx!, wf.id, { timeoutMs: 300_000 });
		// Seen once on a loaded machine: exit 0, but the printed execution (≈2 MB) cut short
		// mid-item, so there is no JSON to read. Running the execution again is the cure.
		for (
			let retry = 1;
			retry <= 2 && result.code === 0 && result.execution === undefined;
			retry++
		) {
			log(
				`n8n execute ${wf.name}: exit 0 but its printed execution is incomplete (${result.stdout.length} characters): running it again (${retry}/2)`,
			);
			result = await workflows.executeWorkflow(this.ctx!, wf.id, { timeoutMs: 300_000 });
		}
		const resultData = result.execution?.data?.resultData;
		const nodeRun: NodeRun | undefined = resultData?.runData?.[nodeName]?.[0];
		if (nodeRun?.executionTime === undefined) {
			throw new Error(
				`n8n execute ${wf.name}: no run data for "${nodeName}" (exit ${result.code}${result.signal ? `, ${result.signal}` : ''}; ` +
					`error: ${resultData?.error?.message ?? 'none'})\n${tail(result.stderr + '\n' + result.stdout, 20)}`,
			);
		}
		const items = nodeRun.data?.main?.[0] ?? [];
		const failed = items.filter((item) => item.json?.error !== undefined);
		const nodeError =
			nodeRun.error ??
			(result.code !== 0 ? (resultData?.error ?? { message: `exit ${result.code}` }) : undefined);
		const firstFailed = failed[0]?.json.error;
		log(
			`${kind} ${job.items.length} items${job.continueOnFail ? ', continueOnFail' : ''}${job.concurrency ? `, concurrency ${job.concurrency}` : ''}: ` +
				`executionTime ${nodeRun.executionTime} ms, n8n execute ${(result.ms / 1000).toFixed(1)} s, ${items.length} items, ${failed.length} error items` +
				(nodeError ? `, node error: ${nodeError.message}` : ''),
		);
		return {
			ms: nodeRun.executionTime,
			items: items.length,
			errors: failed.length + (nodeError ? 1 : 0),
			firstError:
				nodeError?.message ??
				(typeof firstFailed === 'string'
					? firstFailed
					: firstFailed !== undefined
						? JSON.stringify(firstFailed).slice(0, 300)
						: undefined),
		};
	}

	async close(): Promise<void> {
		await processes.cleanupAll(); // any n8n CLI child still running (none, normally)
		this.removeOnExit();
		process.off('exit', this.removeOnExit);
	}
}

/** The same items the legs build (legs.ts syncItems), to plan the workflows ahead. */
function benchItems(count: number): IDataObject[] {
	return syncItems(count);
}

/** n8n's HTTP Request node, default options: one POST per item, all at once. */
function httpRequestNode(simUrl: string): WorkflowNode {
	return {
		name: HTTP_NAME,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'POST',
			url: `${simUrl}/v1/workflow/invoke`,
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${API_KEY}` }] },
			sendBody: true,
			specifyBody: 'json',
			jsonBody: '={"input": {{ JSON.stringify($json) }}}',
			options: {},
		},
	};
}

export interface N8nRunners {
	node: ItemRunner;
	http: ItemRunner;
}

/** Our node and n8n's HTTP Request node, run by one n8n line (one scratch install for both). */
export function createN8nRunners(sim: SimHandle, line: LineName): N8nRunners {
	if (sim.mode !== 'child')
		log('note: the simulator runs inside the bench process; n8n reaches it over HTTP all the same');
	const bench = new N8nBench(sim, line);
	let closed = false;
	const close = async () => {
		if (closed) return;
		closed = true;
		await bench.close();
	};
	const runner = (name: string, kind: Kind): ItemRunner => ({
		name,
		warmUp: () => bench.setUp(),
		run: (job) => bench.run(kind, job),
		close,
	});
	const version = lineVersion(line);
	return {
		node: runner(`our node in n8n ${version} (n8n execute)`, 'node'),
		http: runner(`n8n's HTTP Request node in n8n ${version} (default options)`, 'http'),
	};
}

/**
 * The legs the n8n runners run, whatever --only says: the figures need the no-limit and the limit
 * leg (serial and asyncPoll mean nothing for the HTTP Request node).
 */
export const N8N_LEGS = ['sync', 'limited'] as const;

/**
 * The issue's figures, rep by rep (the runners take turns within a rep), from the two runners'
 * figures (one Figures per rep). Times are the nodes' own executionTime.
 */
export function n8nSummary(
	node: Array<Record<string, number>>,
	http: Array<Record<string, number>>,
): Record<string, number[]> {
	const out: Record<string, number[]> = {};
	const put = (key: string, value: (rep: number) => number | undefined) => {
		const values = Array.from({ length: Math.min(node.length, http.length) }, (_, rep) =>
			value(rep),
		).filter((v): v is number => v !== undefined && Number.isFinite(v));
		if (values.length) out[key] = values;
	};
	put('n8nNodeMs', (r) => node[r].syncNodeMs);
	put('n8nHttpNodeMs', (r) => http[r].syncNodeMs);
	put('vsHttpRequestNode', (r) => node[r].syncNodeMs / http[r].syncNodeMs);
	put('n8nNodeLimitedMs', (r) => node[r].limitedNodeMs);
	put('n8nNodeErrorsUnderLimit', (r) => node[r].rateLimitedErrors);
	put('n8nNode429sUnderLimit', (r) => node[r].limitedNode429s);
	put('n8nHttpNodeLimitedMs', (r) => http[r].limitedNodeMs);
	put('httpNodeErrorsUnderLimit', (r) => http[r].rateLimitedErrors);
	put('n8nHttpNode429sUnderLimit', (r) => http[r].limitedNode429s);
	return out;
}
