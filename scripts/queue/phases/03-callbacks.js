// @ts-check
'use strict';
// (b) N concurrent "wait by callback" executions, each resumed once, on either worker.

const { log, timed } = require('../../lib/log');
const { sleep } = require('../../lib/wait');
const { check, figure, request, show } = require('../report');
const { median } = require('../../lib/stats');
const { waitExecutionsEnded } = require('../n8n');

/**
 * What the suite reads of the simulator's records of a run and of a webhook delivery.
 * @typedef {{ run: { workflowRunId: string, input: Record<string, unknown> }, webhooks?: { url: string }[] }} RunRecord
 * @typedef {{ runId: string, url: string, statusCode: number, sentAt?: number }} DeliveryRecord
 */

/** @param {import('./01-setup').QueueEnv} env */
async function run(env) {
	const { args, hookUrl, wfs, sim, executions, workerOf } = env;
	// 3b. N concurrent wait-by-callback executions ----------------------------------------------
	await timed(`(b) ${args.concurrent} concurrent asyncWebhook executions`, async () => {
		const nonce = Date.now().toString(36);
		const tags = Array.from({ length: args.concurrent }, (_, i) => `cb-${i}-${nonce}`);
		const answers = await Promise.all(
			tags.map((tag) =>
				request('POST', `${hookUrl}/webhook/${wfs.callback.path}`, {
					body: { tag, durationMs: 2000 },
					timeoutMs: 60000,
				}).catch((e) => ({ status: 0, text: e.message })),
			),
		);
		check(
			`(b) › all ${tags.length} webhook calls answered 200`,
			answers.every((a) => a.status === 200),
			show(
				answers.filter((a) => a.status !== 200).map((a) => `${a.status} ${a.text?.slice(0, 100)}`),
			),
		);
		const rows = await waitExecutionsEnded(executions, wfs.callback.wf.id, {
			count: tags.length,
			timeoutMs: 120000,
		}).catch((e) => (check('(b) › all executions end', false, e.message), null));
		if (!rows) return;
		await sleep(500); // the workers' "finished" log lines
		const exes = await executions(wfs.callback.wf.id);
		/** @type {RunRecord[]} */
		const records = [...sim.state.runs.values()];
		const runs = records.filter(
			(r) => typeof r.run?.input?.tag === 'string' && r.run.input.tag.endsWith(nonce),
		);
		/** @type {DeliveryRecord[]} */
		const deliveries = sim.state.deliveries;
		let echoOk = 0;
		let onceOk = 0;
		let otherWorker = 0;
		/** @type {Record<string, number>} */
		const resumedOn = {};
		/** @type {Record<string, number>} */
		const startedOn = {};
		const toNextNode = [];
		const toFinished = [];
		const problems = [];
		for (const tag of tags) {
			const run = runs.find((r) => r.run.input.tag === tag);
			const resumeHook = run?.webhooks?.find((h) => /\/webhook-waiting\//.test(h.url));
			const executionId = resumeHook && /\/webhook-waiting\/(\d+)/.exec(resumeHook.url)?.[1];
			const exe = exes.find((e) => e.id === executionId);
			if (!run || !exe || !resumeHook) {
				problems.push(
					`${tag}: run ${run?.run?.workflowRunId ?? 'missing'}, execution ${executionId ?? 'unknown'}`,
				);
				continue;
			}
			const runId = run.run.workflowRunId;
			const delivered = deliveries.filter((d) => d.runId === runId && d.url === resumeHook.url);
			const out = exe.output('GPTBots')?.[0]?.json || {};
			const after = exe.output('After')?.[0]?.json || {};
			if (
				exe.status === 'success' &&
				out.output?.echo?.tag === tag &&
				after.output?.echo?.tag === tag &&
				out.workflowRunId === runId
			)
				echoOk++;
			else
				problems.push(
					`${tag}: execution ${exe.id} ${exe.status}, GPTBots output ${show(out).slice(0, 200)}`,
				);
			const jobs = workerOf(exe.id).filter((j) => j.kind === 'started');
			if (
				delivered.length === 1 &&
				delivered[0].statusCode === 200 &&
				exe.runs('After') === 1 &&
				jobs.length === 2
			)
				onceOk++;
			else
				problems.push(
					`${tag}: ${delivered.length} deliveries (${delivered.map((d) => d.statusCode).join(',')}), After ran ${exe.runs('After')}x, jobs ${show(jobs.map((j) => j.worker))}`,
				);
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
		check(
			`(b) › ${tags.length}/${tags.length} executions succeeded with THEIR OWN result (output.echo.tag)`,
			echoOk === tags.length,
			`${echoOk}/${tags.length}`,
		);
		check(
			`(b) › each resumed exactly once (1 callback answered 200, node After ran once, 2 worker jobs)`,
			onceOk === tags.length,
			`${onceOk}/${tags.length}`,
		);
		figure(
			`(b) ${tags.length} concurrent asyncWebhook executions: started on ${show(startedOn)}, resumed on ${show(resumedOn)}; ${otherWorker}/${tags.length} resumed on the other worker`,
		);
		const fmt = (/** @type {number[]} */ xs) =>
			`median ${median(xs)} ms, worst ${Math.max(...xs)} ms, best ${Math.min(...xs)} ms (n=${xs.length})`;
		figure(`(b) callback sent by the simulator -> next node (After) started: ${fmt(toNextNode)}`);
		figure(
			`(b) callback sent by the simulator -> execution finished (stoppedAt): ${fmt(toFinished)}`,
		);
		check(
			'(b) › every callback resumed its execution within 10 s',
			toFinished.length === tags.length && Math.max(...toFinished) < 10000,
			show(toFinished),
		);
	});
}

module.exports = { run };
