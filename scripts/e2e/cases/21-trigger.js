'use strict';
// With `n8n start` up and the workflow activated: GPTBots Workflow Trigger started by the
// simulator's own webhook calls when real async runs end (a POST and a GET delivery), while a
// duplicate delivery and a wrong secret start nothing. The trigger's items are posted to the
// suite's receiver by an HTTP Request node, and executions are counted in the database.
const { request } = require('../../lib/request');
const { simulatorPost } = require('../../lib/simulator');
const { sleep, waitFor } = require('../../lib/wait');
const { executionsOf } = require('../../lib/executions');
const { waitForWebhook } = require('../../lib/n8nStart');
const { productionWebhookUrl, stableUuid, triggerNode, workflow } = require('../../lib/builders');
const { reportNode, reports, waitForReports } = require('../reports');
const { serverOf } = require('../serverEnv');

const SECRET = 'trig-secret-e2e';
const WEBHOOK_ID = stableUuid('trigger-webhook');

/** @type {import('../run').E2eCase} */
module.exports = {
	name: 'trigger',
	kind: 'server',
	workflows: (env) => [
		workflow(
			'trigger',
			'trigger: deliveries start executions',
			[
				triggerNode(
					'GPTBots Trigger',
					{
						secretHeaderName: 'X-GPTBots-Secret',
						secretHeaderValue: SECRET,
						statuses: ['SUCCEED', 'FAILED'],
						options: {},
					},
					WEBHOOK_ID,
				),
				reportNode(env, 'trigger-out'),
			],
			{ active: true },
		),
	],
	async run(t, env) {
		const url = productionWebhookUrl(serverOf(env).server, WEBHOOK_ID);
		const probe = await waitForWebhook(url, { method: 'GET' });
		t.equal('webhook registered; a GET without the secret is answered 401', probe.status, 401);

		const api = (/** @type {string} */ p, /** @type {unknown} */ body) =>
			simulatorPost(env.simUrl, p, body);
		const hook = (/** @type {string} */ method, secret = SECRET) => ({
			method,
			url,
			headers: { 'X-GPTBots-Secret': secret },
		});
		const a = await api('/v1/workflow/invoke', {
			input: { topic: 'trigger-post', __durationMs: 200 },
			isAsync: true,
			webhook: [hook('POST')],
		});
		const b = await api('/v1/workflow/invoke', {
			input: { topic: 'trigger-get', __fail: 'bad luck', __durationMs: 200 },
			isAsync: true,
			webhook: [hook('GET')],
		});
		const runA = a.json?.workflowRunId;
		const runB = b.json?.workflowRunId;
		t.check('two async runs started at the simulator', runA && runB, `${a.text} / ${b.text}`);

		let delivered = [];
		try {
			delivered = await waitFor(
				"the simulator's 2 deliveries to the trigger",
				() => {
					const mine = env.sim.state.deliveries.filter(
						(d) => [runA, runB].includes(d.runId) && d.answeredAt,
					);
					return mine.length >= 2 ? mine : false;
				},
				{ timeoutMs: 20000 },
			);
		} catch (error) {
			t.fail('deliveries answered', /** @type {Error} */ (error).message);
		}
		t.deepEqual(
			'the trigger answered both deliveries 200',
			delivered.map((d) => `${d.method}:${d.statusCode}`).sort(),
			['GET:200', 'POST:200'],
		);

		// A duplicate of run A, and run A with a wrong secret: neither may start anything.
		const viewA = (await api('/v1/workflow/query/result', { workflowRunId: runA })).json;
		const dup = await request('POST', `${env.simUrl}/__sim/deliver`, {
			body: { ...hook('POST'), run: viewA },
		});
		t.equal('a duplicate delivery is acknowledged 200', dup.json?.statusCode, 200);
		const wrong = await request('POST', `${env.simUrl}/__sim/deliver`, {
			body: {
				...hook('POST', 'not-the-secret'),
				run: { ...viewA, workflowRunId: `${runA}-other` },
			},
		});
		t.equal('a delivery with a wrong secret is answered 401', wrong.json?.statusCode, 401);

		/** @type {import('../reports').Report[]} */
		let reported = [];
		try {
			reported = await waitForReports(env, 'trigger-out', 2, {
				label: '2 items posted by the workflow',
				timeoutMs: 20000,
			});
		} catch (error) {
			t.fail('the triggered executions posted their items', /** @type {Error} */ (error).message);
		}
		const fromA = reported.find((r) => r.body?.workflowRunId === runA)?.body;
		const fromB = reported.find((r) => r.body?.workflowRunId === runB)?.body;
		t.deepEqual(
			'POST delivery: the item is the run (SUCCEED, output.echo, deliveryMethod POST)',
			[fromA?.status, fromA?.output?.echo?.topic, fromA?.deliveryMethod],
			['SUCCEED', 'trigger-post', 'POST'],
		);
		t.deepEqual(
			'GET delivery: the item is the run with output parsed (FAILED, output.error, numbers, deliveryMethod GET)',
			[fromB?.status, fromB?.output?.error, typeof fromB?.totalTokens, fromB?.deliveryMethod],
			['FAILED', 'bad luck', 'number', 'GET'],
		);

		await sleep(1500); // let a wrongly started execution show up, if any
		const executions = await executionsOf(env.ctx, env.id('trigger'));
		t.equal(
			'exactly 2 executions of the trigger workflow (duplicate, wrong secret and probe started none)',
			executions.length,
			2,
		);
		t.check(
			'both executions succeeded',
			executions.every((e) => e.status === 'success'),
			JSON.stringify(executions),
		);
		t.equal('the receiver got no third item', reports(env, 'trigger-out').length, 2);

		// Last, as it starts a third execution: what the sender reads when a delivery starts a run.
		const started = await request('POST', url, {
			headers: { 'X-GPTBots-Secret': SECRET },
			body: { ...viewA, workflowRunId: `${runA}-answer` },
		});
		t.deepEqual(
			'a delivery that starts a run is answered 200 {received, started}',
			[started.status, started.json],
			[200, { received: true, started: true }],
		);
	},
};
