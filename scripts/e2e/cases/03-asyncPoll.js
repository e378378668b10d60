// @ts-check
'use strict';
// asyncPoll: the node starts an async run and polls query/result until it ends.
const { manualInvokeWorkflow } = require('../../lib/builders');
const { executeOneItem } = require('../executeOneItem');

const INPUT = { topic: 'poll', __durationMs: 1500 };

/** @type {import('../run').E2eCase} */
module.exports = {
	name: 'asyncPoll',
	workflows: (env) => [
		manualInvokeWorkflow(
			'asyncPoll',
			'asyncPoll',
			{
				mode: 'asyncPoll',
				inputSource: 'json',
				inputJson: JSON.stringify(INPUT),
				options: { pollInterval: 0.2, maxWait: 60 },
			},
			env.cred.good,
		),
	],
	async run(t, env) {
		const { items } = await executeOneItem(t, env, 'asyncPoll');
		const run = items[0]?.json || {};
		t.equal('status SUCCEED', run.status, 'SUCCEED');
		t.deepEqual('output.echo is the input', run.output?.echo, INPUT);
		t.equal('output.answer', run.output?.answer, `processed ${JSON.stringify(INPUT)}`);
		t.check(
			'workflowExecutionTime ≥ 1500 ms',
			run.workflowExecutionTime >= 1500,
			`got ${run.workflowExecutionTime}`,
		);
		const polls = env.sim.state.requests.filter(
			(q) => q.path === '/v1/workflow/query/result' && q.body?.workflowRunId === run.workflowRunId,
		);
		t.check(
			'polled query/result more than once',
			polls.length >= 2,
			`polled ${polls.length} times`,
		);
		t.equal('the run was started async', env.sim.state.runs.get(run.workflowRunId)?.isAsync, true);
	},
};
