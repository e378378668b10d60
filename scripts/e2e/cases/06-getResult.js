// @ts-check
'use strict';
// getResult chained on the run id of a previous node: after asyncPoll (finished run) and right
// after async (still PENDING/RUNNING: passed on whole, no error).
const { gptNode, manualTrigger, workflow } = require('../../lib/builders');

const DONE_INPUT = { topic: 'getResult', __durationMs: 300 };
const SLOW_INPUT = { topic: 'getResult-slow', __durationMs: 5000 };

/** @type {import('../run').E2eCase} */
module.exports = {
	name: 'getResult',
	workflows: (env) => [
		workflow(
			'getResult',
			'getResult chained on workflowRunId',
			[
				manualTrigger(),
				gptNode(
					'Start Poll',
					{
						operation: 'invoke',
						mode: 'asyncPoll',
						inputSource: 'json',
						inputJson: JSON.stringify(DONE_INPUT),
						options: { pollInterval: 0.2 },
					},
					env.cred.good,
				),
				gptNode(
					'Get Finished',
					{ operation: 'getResult', workflowRunId: '={{ $json.workflowRunId }}' },
					env.cred.good,
				),
				gptNode(
					'Start Async',
					{
						operation: 'invoke',
						mode: 'async',
						inputSource: 'json',
						inputJson: JSON.stringify(SLOW_INPUT),
					},
					env.cred.good,
				),
				gptNode(
					'Get Unfinished',
					{ operation: 'getResult', workflowRunId: '={{ $json.workflowRunId }}' },
					env.cred.good,
				),
			],
			{
				connections: {
					Start: ['Start Poll', 'Start Async'],
					'Start Poll': ['Get Finished'],
					'Start Async': ['Get Unfinished'],
				},
			},
		),
	],
	async run(t, env) {
		const r = await env.execute('getResult');
		t.exitCode(r, 0);
		const started = r.output('Start Poll')?.[0]?.json || {};
		const got = r.output('Get Finished') || [];
		t.equal('finished: one item', got.length, 1);
		const run = got[0]?.json || {};
		t.check(
			'finished: same workflowRunId as the invoke',
			run.workflowRunId && run.workflowRunId === started.workflowRunId,
			`invoke ${started.workflowRunId}, getResult ${run.workflowRunId}`,
		);
		t.equal('finished: status SUCCEED', run.status, 'SUCCEED');
		t.deepEqual('finished: output.echo is the input', run.output?.echo, DONE_INPUT);
		t.deepEqual('finished: pairedItem 0', got[0]?.pairedItem, { item: 0 });
		const asyncRun = r.output('Start Async')?.[0]?.json || {};
		const unfinished = r.output('Get Unfinished')?.[0]?.json || {};
		t.check(
			'unfinished: same workflowRunId',
			unfinished.workflowRunId && unfinished.workflowRunId === asyncRun.workflowRunId,
			`invoke ${asyncRun.workflowRunId}, getResult ${unfinished.workflowRunId}`,
		);
		t.check(
			'unfinished: status PENDING or RUNNING, passed on as data',
			['PENDING', 'RUNNING'].includes(unfinished.status),
			`status ${unfinished.status}`,
		);
		t.equal('unfinished: no output yet', unfinished.output, undefined);
	},
};
