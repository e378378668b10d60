'use strict';
// asyncWebhook (wait by callback) in a running n8n: executions started by a Webhook node pause,
// the simulator calls n8n's resume URL when each run ends, and each execution resumes once with
// its own result. Several items resume when the last run has called back. A run that never
// calls back within Max Wait comes out as a time-out item with its workflowRunId. A file the run
// answers with is downloaded into a binary when the execution resumes.
const { notes, tail } = require('../../lib/log');
const { sleep } = require('../../lib/wait');
const { median } = require('../../lib/stats');
const { executionsOf } = require('../../lib/executions');
const { waitForWebhook } = require('../../lib/n8nStart');
const { codeNode, gptNode } = require('../../lib/builders');
const { fileContent } = require('../../../simulator/files');
const { readBackNode } = require('../readBackNode');
const { reports, waitForReports } = require('../reports');
const { serverOf } = require('../serverEnv');
const {
	resumeDeliveries,
	start,
	startAndWait,
	startUrl,
	webhookStartedWorkflow,
} = require('../startAndWait');

const CONCURRENT = 6;
const FILE_NAME = 'callback report.pdf';
const FILE_BYTES = 3000;

/**
 * @param {import('../run').E2eEnv} env
 * @param {Record<string, unknown>} options the node's Options
 */
const callbackNode = (env, options, inputJson = '={{ JSON.stringify($json.body) }}') =>
	gptNode(
		'GPTBots',
		{ operation: 'invoke', mode: 'asyncWebhook', inputSource: 'json', inputJson, options },
		env.cred.good,
	);

/** @type {import('../run').E2eCase} */
module.exports = {
	name: 'callback',
	kind: 'server',
	workflows: (env) => [
		webhookStartedWorkflow(env, 'callback-one', 'callback: one item per execution', [
			callbackNode(env, { maxWait: 120, outputMode: 'outputOnly' }),
		]),
		webhookStartedWorkflow(env, 'callback-many', 'callback: several items in one execution', [
			codeNode(
				'Items',
				'return [300, 1200, 700].map((ms, i) => ({ json: { k: i, __durationMs: ms } }));',
			),
			{
				...callbackNode(env, { maxWait: 120 }),
				parameters: {
					operation: 'invoke',
					mode: 'asyncWebhook',
					inputSource: 'item',
					options: { maxWait: 120 },
				},
			},
		]),
		webhookStartedWorkflow(env, 'callback-timeout', 'callback: no callback within Max Wait', [
			callbackNode(env, { maxWait: 2 }),
		]),
		webhookStartedWorkflow(env, 'callback-file', 'callback: an output file downloaded on resume', [
			callbackNode(env, { maxWait: 120, downloadFiles: 'fields', downloadFields: 'report' }),
			readBackNode('Read Back', 'report'),
		]),
	],
	async run(t, env) {
		// Probe with GET: a POST would start an execution.
		await waitForWebhook(startUrl(env, 'callback-one'));

		// 1. several executions at once, one item each
		const topics = Array.from({ length: CONCURRENT }, (_, i) => `cb-${env.line.name}-${i}`);
		const started = await Promise.all(
			topics.map((topic, i) => start(env, 'callback-one', { topic, __durationMs: 1500 + 200 * i })),
		);
		t.check(
			`${CONCURRENT} executions started by their webhook`,
			started.every((r) => r.status === 200),
			started.map((r) => r.status).join(','),
		);
		/** @type {import('../reports').Report[]} */
		let resumed = [];
		try {
			resumed = await waitForReports(env, 'callback-one', CONCURRENT, {
				label: `${CONCURRENT} resumed executions reporting`,
			});
		} catch (error) {
			t.fail(
				'every execution resumed',
				`${/** @type {Error} */ (error).message}; n8n log tail:\n${tail(serverOf(env).server.logs(), 20)}`,
			);
		}
		t.deepEqual(
			'each execution resumed with its own result (outputOnly: output.echo.topic)',
			resumed.map((r) => r.body?.echo?.topic).sort(),
			[...topics].sort(),
		);
		await sleep(1000);
		t.equal('no execution reported twice', reports(env, 'callback-one').length, CONCURRENT);
		const executions = await executionsOf(env.ctx, env.id('callback-one'));
		t.deepEqual(
			`${CONCURRENT} executions, all success`,
			executions.map((e) => e.status),
			Array(CONCURRENT).fill('success'),
		);
		const latencies = resumed.map((report) => {
			const delivery = resumeDeliveries(env).find(
				(d) =>
					env.sim.state.runs.get(d.runId ?? '')?.run?.input?.topic === report.body?.echo?.topic,
			);
			return delivery ? report.at - delivery.sentAt : NaN;
		});
		t.check(
			"every resume came from the simulator's callback",
			latencies.every(Number.isFinite),
			JSON.stringify(latencies),
		);
		notes.push(
			`n8n ${env.line.version}: callback → resumed execution's last node: median ${median(latencies)} ms, worst ${Math.max(...latencies)} ms (${CONCURRENT} executions)`,
		);

		// 2. several items in one execution: resumes when the last run has called back
		/** @type {import('../reports').Report[]} */
		let many = [];
		try {
			many = await startAndWait(env, 'callback-many', {}, 3, {
				label: 'the 3-item execution resumed',
			});
		} catch (error) {
			t.fail('the 3-item execution resumed', /** @type {Error} */ (error).message);
		}
		await sleep(500);
		t.deepEqual(
			'3 items out, in input order, each with its own run',
			many.map((r) => [r.body?.input?.k, r.body?.status]),
			[
				[0, 'SUCCEED'],
				[1, 'SUCCEED'],
				[2, 'SUCCEED'],
			],
		);
		const manyExecutions = await executionsOf(env.ctx, env.id('callback-many'));
		t.deepEqual(
			'one execution, success',
			manyExecutions.map((e) => e.status),
			['success'],
		);
		const manyRuns = new Set(many.map((r) => r.body?.workflowRunId));
		const callbacks = resumeDeliveries(env, manyRuns);
		t.deepEqual(
			'each run called back once; the two earlier callbacks were acknowledged 202, the last 200',
			callbacks.map((d) => d.statusCode).sort(),
			[200, 202, 202],
		);

		// 3. no callback within Max Wait
		const startedAt = Date.now();
		/** @type {import('../reports').Report[]} */
		let timedOut = [];
		try {
			timedOut = await startAndWait(
				env,
				'callback-timeout',
				{ topic: 'never', __durationMs: 600000 },
				1,
				{ label: 'the waiting execution timed out', timeoutMs: 150000 },
			);
		} catch (error) {
			t.fail('the execution continued after Max Wait', /** @type {Error} */ (error).message);
		}
		const item = timedOut[0]?.body ?? {};
		t.equal('the time-out item says maxWait', item.errorKind, 'maxWait');
		t.check(
			'and gives the workflowRunId',
			typeof item.workflowRunId === 'string' && env.sim.state.runs.has(item.workflowRunId),
			JSON.stringify(item),
		);
		t.match(
			'with a clear message',
			item.error,
			/^GPTBots run \S+ did not end within Max Wait \(2 s\); last status \w+$/,
		);
		notes.push(
			`n8n ${env.line.version}: a 2 s Max Wait without callback ended the wait after ${((Date.now() - startedAt) / 1000).toFixed(1)} s (n8n's wait tracker)`,
		);

		// 4. Files out: the run's file is downloaded when the execution resumes
		/** @type {import('../reports').Report[]} */
		let withFile = [];
		try {
			withFile = await startAndWait(
				env,
				'callback-file',
				{ __outputFiles: { report: { name: FILE_NAME, bytes: FILE_BYTES } }, __durationMs: 800 },
				1,
				{ label: 'the execution with an output file resumed' },
			);
		} catch (error) {
			t.fail('the execution with an output file resumed', /** @type {Error} */ (error).message);
		}
		const back = withFile[0]?.body ?? {};
		t.deepEqual(
			"the resumed item carries the run's file as a binary (name, MIME type, size)",
			{ fileName: back.fileName, mimeType: back.mimeType, bytes: back.bytes },
			{ fileName: FILE_NAME, mimeType: 'application/pdf', bytes: FILE_BYTES },
		);
		t.check(
			'with exactly the bytes the URL served',
			back.base64 === fileContent(FILE_NAME, FILE_BYTES).toString('base64'),
			`got ${String(back.base64).slice(0, 40)}…`,
		);
	},
};
