'use strict';
// 20 deliveries at the same moment, 10 of them repeats, to an active GPTBots Workflow Trigger
// in a running n8n: exactly 10 executions. A filtered status starts nothing.
const { notes } = require('../../lib/log');
const { request } = require('../../lib/request');
const { sleep } = require('../../lib/wait');
const { median } = require('../../lib/stats');
const { executionsOf } = require('../../lib/executions');
const { waitForWebhook } = require('../../lib/n8nStart');
const { productionWebhookUrl, stableUuid, triggerNode, workflow } = require('../../lib/builders');
const { reportNode, reports, waitForReports } = require('../reports');
const { serverOf } = require('../serverEnv');

const SECRET = 'burst-secret-e2e';
const WEBHOOK_ID = stableUuid('trigger-burst-webhook');

/** @type {import('../run').E2eCase} */
module.exports = {
	name: 'triggerBurst',
	kind: 'server',
	workflows: (env) => [
		workflow(
			'trigger-burst',
			'trigger: concurrent repeats',
			[
				triggerNode(
					'GPTBots Trigger',
					{ secretHeaderValue: SECRET, statuses: ['SUCCEED'], options: {} },
					WEBHOOK_ID,
				),
				reportNode(env, 'burst-out'),
			],
			{ active: true },
		),
	],
	async run(t, env) {
		const url = productionWebhookUrl(serverOf(env).server, WEBHOOK_ID);
		await waitForWebhook(url, { method: 'GET' });
		const headers = { 'X-GPTBots-Secret': SECRET, 'content-type': 'application/json' };
		const run = (/** @type {string} */ id, status = 'SUCCEED') => ({
			workflowRunId: id,
			status,
			workflowId: 'wf',
			output: { id },
		});
		const ids = Array.from(
			{ length: 10 },
			(_, i) => `run_burst_${env.line.name}_${Date.now()}_${i}`,
		);
		const sent = Date.now();
		const answers = await Promise.all(
			[...ids, ...ids].map((id) => request('POST', url, { headers, body: run(id) })),
		);
		t.check(
			'all 20 deliveries acknowledged 200',
			answers.every((a) => a.status === 200),
			answers.map((a) => a.status).join(','),
		);
		const filtered = await request('POST', url, {
			headers,
			body: run(`${ids[0]}_failed`, 'FAILED'),
		});
		t.equal('a filtered status (FAILED) is acknowledged 200', filtered.status, 200);

		const out = () => reports(env, 'burst-out');
		try {
			await waitForReports(env, 'burst-out', 10, {
				label: '10 executions reporting',
				timeoutMs: 30000,
			});
		} catch (error) {
			t.fail('10 executions reported', /** @type {Error} */ (error).message);
		}
		await sleep(2000);
		/** @type {Record<string, number>} */
		const perId = {};
		for (const r of out()) perId[r.body?.workflowRunId] = (perId[r.body?.workflowRunId] ?? 0) + 1;
		t.deepEqual(
			'exactly one execution per run id (10 of 20 deliveries were repeats)',
			ids.map((id) => perId[id] ?? 0),
			Array(10).fill(1),
		);
		t.equal('no execution for the filtered status', perId[`${ids[0]}_failed`], undefined);
		const executions = await executionsOf(env.ctx, env.id('trigger-burst'));
		t.equal('10 executions in the database', executions.length, 10);
		const delays = out().map((r) => r.at - sent);
		notes.push(
			`n8n ${env.line.version}: delivery → trigger execution's last node: median ${median(delays)} ms, worst ${Math.max(...delays)} ms (20 concurrent deliveries, 10 executions)`,
		);
	},
};
