'use strict';
// With `n8n start` up: the GPTBots Workflow Trigger reads every delivery shape GPTBots might send
// (its docs do not say): the run itself, snake_case, wrapped under data or result, a form body,
// JSON sent as text/plain or with no content type, a GET with the old status spelling. An empty
// delivery is answered 400 saying what was looked for, or (option unrecognised: passOn) starts
// the workflow with the delivery as received. With "Verify with GPTBots" a forged run id starts
// nothing and a real one outputs the run as the result API gives it.
const { CREDENTIAL_TYPE } = require('../../lib/constants');
const { request } = require('../../lib/request');
const { simulatorPost } = require('../../lib/simulator');
const { sleep } = require('../../lib/wait');
const { executionsOf } = require('../../lib/executions');
const { waitForWebhook } = require('../../lib/n8nStart');
const { productionWebhookUrl, stableUuid, triggerNode, workflow } = require('../../lib/builders');
const { reportNode, waitForReports } = require('../reports');
const { serverOf } = require('../serverEnv');

const SECRET = 'shape-secret-e2e';
const HOOK_SHAPES = stableUuid('trigger-shapes-webhook');
const HOOK_SHAPES_V1 = stableUuid('trigger-shapes-v1-webhook');
const HOOK_PASS_ON = stableUuid('trigger-pass-on-webhook');
const HOOK_VERIFY = stableUuid('trigger-verify-webhook');
const SHAPES = ['run', 'snake', 'wrapped', 'result', 'form', 'textPlain', 'noContentType'];

/**
 * @param {string} name
 * @param {string} webhookId
 * @param {Record<string, unknown>} [extra] more parameters
 * @param {number} [typeVersion]
 */
const trigger = (name, webhookId, extra = {}, typeVersion) =>
	triggerNode(
		name,
		{
			secretHeaderName: 'X-GPTBots-Secret',
			secretHeaderValue: SECRET,
			statuses: ['SUCCEED', 'FAILED'],
			options: {},
			...extra,
		},
		webhookId,
		typeVersion,
	);

/**
 * @param {string} line
 * @param {string} shape
 */
function sampleRun(line, shape) {
	return {
		workflowId: 'wf_sim_1',
		workflowName: 'Simulated workflow',
		workflowVersion: '1.0.0',
		workflowRunId: `run_e2e_${line}_${shape}_${Date.now()}`,
		input: { shape },
		output: { shape, answer: 42 },
		workflowExecutionTime: 120,
		status: 'SUCCEED',
		totalCost: 0.05,
		totalTokens: 120,
		startTime: 1764560000000,
		endTime: 1764560000120,
	};
}

/** @type {import('../run').E2eCase} */
module.exports = {
	name: 'triggerShapes',
	kind: 'server',
	workflows: (env) => [
		workflow(
			'trigger-shapes',
			'trigger: every delivery shape',
			[trigger('GPTBots Trigger', HOOK_SHAPES), reportNode(env, 'shapes-out')],
			{ active: true },
		),
		// typeVersion 1 (older saved workflows): n8n itself reads every body
		workflow(
			'trigger-shapes-v1',
			'trigger v1: every delivery shape',
			[trigger('GPTBots Trigger', HOOK_SHAPES_V1, {}, 1), reportNode(env, 'shapes-v1-out')],
			{ active: true },
		),
		workflow(
			'trigger-pass-on',
			'trigger: unrecognised deliveries passed on',
			[
				trigger('GPTBots Trigger', HOOK_PASS_ON, { options: { unrecognised: 'passOn' } }),
				reportNode(env, 'pass-on-out'),
			],
			{ active: true },
		),
		workflow(
			'trigger-verify',
			'trigger: verify with GPTBots',
			[
				{
					...trigger('GPTBots Trigger', HOOK_VERIFY, { verifyWithApi: true }),
					credentials: { [CREDENTIAL_TYPE]: { id: env.cred.good.id, name: env.cred.good.name } },
				},
				reportNode(env, 'verify-out'),
			],
			{ active: true },
		),
	],
	async run(t, env) {
		const { server } = serverOf(env);
		const urlOf = (/** @type {string} */ webhookId) => productionWebhookUrl(server, webhookId);
		for (const id of [HOOK_SHAPES, HOOK_SHAPES_V1, HOOK_PASS_ON, HOOK_VERIFY])
			await waitForWebhook(urlOf(id), { method: 'GET' });
		const headers = { 'X-GPTBots-Secret': SECRET };
		/**
		 * @param {string} webhookId
		 * @param {object} run
		 * @param {Record<string, unknown>} variants
		 */
		const deliver = async (webhookId, run, variants, method = 'POST') =>
			(
				await request('POST', `${env.simUrl}/__sim/deliver`, {
					body: { url: urlOf(webhookId), method, headers, run, variants },
				})
			).json?.statusCode;
		const received = (/** @type {string} */ p, /** @type {number} */ count) =>
			waitForReports(env, p, count, { timeoutMs: 30000 }).catch(
				(error) => (t.fail(`items at /${p}`, error.message), []),
			);

		// 1. every shape starts one execution with the normalised run, on typeVersion 1.1 and 1
		/**
		 * @param {string} hook
		 * @param {string} out
		 * @param {string} version
		 */
		const everyShape = async (hook, out, version) => {
			const runs = Object.fromEntries(
				SHAPES.map((shape) => [shape, sampleRun(`${env.line.name}_${version}`, shape)]),
			);
			const getRun = sampleRun(`${env.line.name}_${version}`, 'get-old-status');
			const statuses = [];
			for (const shape of SHAPES)
				statuses.push(await deliver(hook, runs[shape], { delivery: shape }));
			statuses.push(await deliver(hook, getRun, { status: 'old', missingFields: true }, 'GET'));
			t.deepEqual(
				`${version}: every shape is answered 200`,
				statuses,
				Array(SHAPES.length + 1).fill(200),
			);
			const items = (await received(out, SHAPES.length + 1)).map((r) => r.body);
			for (const shape of SHAPES) {
				const item = items.find((i) => i?.workflowRunId === runs[shape].workflowRunId);
				t.deepEqual(
					`${version}, ${shape}: the item is the documented run`,
					item && [
						item.status,
						item.output,
						item.input,
						item.workflowName,
						item.totalCost,
						item.deliveryMethod,
						typeof item.rawDelivery,
					],
					['SUCCEED', runs[shape].output, { shape }, 'Simulated workflow', 0.05, 'POST', 'object'],
				);
			}
			const fromGet = items.find((i) => i?.workflowRunId === getRun.workflowRunId);
			t.deepEqual(
				`${version}, GET with status SUCCED and no workflow fields: SUCCEED, output parsed`,
				fromGet && [
					fromGet.status,
					fromGet.output?.answer,
					'workflowId' in fromGet,
					fromGet.deliveryMethod,
				],
				['SUCCEED', 42, false, 'GET'],
			);
			return runs;
		};
		const runs = await everyShape(HOOK_SHAPES, 'shapes-out', 'v1.1');
		await everyShape(HOOK_SHAPES_V1, 'shapes-v1-out', 'v1');

		// 2. the same run in another shape starts nothing; an empty delivery is refused, saying why
		t.equal(
			'the run delivered again in another shape is acknowledged',
			await deliver(HOOK_SHAPES, runs.run, { delivery: 'snake' }),
			200,
		);
		const empty = await request('POST', urlOf(HOOK_SHAPES), { headers });
		t.equal('an empty delivery is answered 400', empty.status, 400);
		t.match(
			'saying what was looked for',
			empty.json?.error,
			/looked for workflowRunId \(or workflow_run_id\) in the body, under its "data" or "result" field/,
		);

		// 3. unrecognised: passOn
		const odd = await request('POST', urlOf(HOOK_PASS_ON), {
			headers: { ...headers, 'content-type': 'text/plain' },
			body: 'hello from somewhere',
		});
		t.equal('passOn: an unrecognised delivery is answered 200', odd.status, 200);
		const [passed] = await received('pass-on-out', 1);
		t.deepEqual(
			'and starts the workflow with the delivery as received',
			passed && [
				passed.body?.rawDelivery?.body,
				passed.body?.rawDelivery?.contentType,
				typeof passed.body?.unrecognised,
			],
			['hello from somewhere', 'text/plain', 'string'],
		);

		// 4. verify with GPTBots: a forged id starts nothing; a real one gives the API's run
		const forged = await request('POST', urlOf(HOOK_VERIFY), {
			headers,
			body: {
				workflowRunId: `run_forged_${env.line.name}`,
				status: 'SUCCEED',
				output: { evil: true },
			},
		});
		t.equal('verify: a forged run id is refused 404', forged.status, 404);
		const api = (/** @type {string} */ p, /** @type {unknown} */ body) =>
			simulatorPost(env.simUrl, p, body);
		const started = await api('/v1/workflow/invoke', {
			input: { topic: 'verify-e2e', __durationMs: 200, __variants: { delivery: 'idOnly' } },
			isAsync: true,
			webhook: [{ method: 'POST', url: urlOf(HOOK_VERIFY), headers }],
		});
		const runId = started.json?.workflowRunId;
		const [verified] = await received('verify-out', 1);
		const apiRun = (await api('/v1/workflow/query/result', { workflowRunId: runId })).json;
		t.deepEqual(
			'verify: a delivery carrying only the run id outputs the run as the API returns it',
			verified?.body,
			{ ...apiRun, deliveryMethod: 'POST' },
		);

		await sleep(1500); // let a wrongly started execution show up, if any
		const counts = await Promise.all(
			['trigger-shapes', 'trigger-pass-on', 'trigger-verify'].map(
				async (key) => (await executionsOf(env.ctx, env.id(key))).length,
			),
		);
		t.deepEqual(
			'executions: one per shape, one passed on, one verified; none for the repeat, the empty or the forged delivery',
			counts,
			[SHAPES.length + 1, 1, 1],
		);
	},
};
