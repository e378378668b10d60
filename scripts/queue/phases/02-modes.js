// @ts-check
'use strict';
// (a) Every invoke mode, started by HTTP on the webhook process; (a') `n8n execute` in queue mode.

const { log, tail, timed } = require('../../lib/log');
const { check, figure, request, show } = require('../report');
const { waitExecutionsEnded, workerJobs } = require('../n8n');

/** @param {import('./01-setup').QueueEnv} env */
async function run(env) {
	const { ctx, hookUrl, wfs, workers, executions, workerOf } = env;
	// 3a. Every invoke mode, started by HTTP on the webhook process -----------------------------
	await timed(
		'(a) all invoke modes in queue mode (Webhook node, responseMode lastNode, on the webhook process)',
		async () => {
			for (const m of wfs.modeWorkflows) {
				const tag = `mode-${m.mode}-${Date.now()}`;
				const t0 = Date.now();
				let res;
				try {
					res = await request('POST', `${hookUrl}/webhook/${m.path}`, {
						body: { tag, durationMs: 800 },
						timeoutMs: 60000,
					});
				} catch (error) {
					res = { status: 0, text: /** @type {Error} */ (error).message };
				}
				log(
					`(a) ${m.mode}: HTTP ${res.status} in ${res.ms ?? Date.now() - t0} ms: ${show(res.json ?? res.text)}`,
				);
				const prefix = `(a) ${m.mode}`;
				check(
					`${prefix} › the webhook answers 200`,
					res.status === 200,
					`HTTP ${res.status}: ${res.text?.slice(0, 300)}`,
				);
				const body = res.json || {};
				if (m.mode === 'sync' || m.mode === 'asyncPoll') {
					check(
						`${prefix} › the answer (last node) is the SUCCEED run with output.echo.tag = its input`,
						body.status === 'SUCCEED' && body.output?.echo?.tag === tag,
						show(body),
					);
				} else if (m.mode === 'async') {
					check(
						`${prefix} › the answer is the PENDING run with a workflowRunId`,
						body.status === 'PENDING' && typeof body.workflowRunId === 'string',
						show(body),
					);
				}
				const rows = await waitExecutionsEnded(executions, m.wf.id, {
					count: 1,
					timeoutMs: 60000,
				}).catch((e) => (check(`${prefix} › the execution ends`, false, e.message), null));
				if (!rows) continue;
				const [exe] = await executions(m.wf.id);
				const after = exe.output('After')?.[0]?.json || {};
				const jobs = workerOf(exe.id).filter((j) => j.kind === 'started');
				log(
					`(a) ${m.mode}: execution ${exe.id} ${exe.status}, jobs on ${jobs.map((j) => j.worker).join(' then ') || 'no worker seen'}`,
				);
				check(
					`${prefix} › execution ${exe.id} succeeded in Postgres`,
					exe.status === 'success',
					`status ${exe.status}; error ${show(exe.error?.message)}`,
				);
				const expectedStatus = m.mode === 'async' ? 'PENDING' : 'SUCCEED';
				check(
					`${prefix} › node After got the ${expectedStatus} run${m.mode === 'async' ? '' : ' with output.echo.tag = its input'}`,
					after.status === expectedStatus &&
						(m.mode === 'async' || after.output?.echo?.tag === tag),
					show(after),
				);
				const expectedJobs = m.mode === 'asyncWebhook' ? 2 : 1;
				check(
					`${prefix} › ran on the workers (${expectedJobs} job${expectedJobs > 1 ? 's: start + resume' : ''})`,
					jobs.length === expectedJobs,
					`jobs ${show(jobs)}`,
				);
				if (m.mode === 'asyncWebhook') {
					figure(
						`(a) asyncWebhook with responseMode lastNode: the webhook answered HTTP ${res.status} after ${res.ms} ms with ${show(res.json ?? res.text)} (the execution went on waiting; it resumed on ${jobs[1]?.worker ?? '?'})`,
					);
				}
			}
		},
	);

	// (a') `n8n execute` with the queue-mode settings: n8n 2.x warns and runs it in the CLI process.
	await timed("(a') probe: n8n execute --id (sync mode) with EXECUTIONS_MODE=queue", async () => {
		const before = workerJobs(workers).size;
		const r = await ctx.cli(['execute', `--id=${wfs.cli.wf.id}`, '--rawOutput'], {
			timeoutMs: 120000,
		});
		const warned = /does not support queue mode/i.test(r.stdout + r.stderr);
		const onWorker = workerJobs(workers).size > before;
		const ok = r.code === 0 && /"cli-sync"/.test(r.stdout);
		figure(
			`(a') n8n execute in queue mode: exit ${r.code} in ${r.ms} ms, result printed: ${ok}, warned "does not support queue mode, falling back to regular mode": ${warned}, ran on a worker: ${onWorker}`,
		);
		check(
			"(a') › n8n execute --id (sync) exits 0 with the run's result (it runs in the CLI process, not on a worker)",
			ok,
			tail(r.stdout + r.stderr, 15),
		);
	});
}

module.exports = { run };
