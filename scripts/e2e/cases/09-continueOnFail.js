// @ts-check
'use strict';
// Node setting "On Error: Continue" with 3 items whose middle one fails: 3 output items in input
// order, the middle one carries `error`. Two ways to fail: bad JSON input (never sent) and a run
// that ends FAILED at GPTBots.
const { gptNode, itemsNode, manualTrigger, workflow } = require('../../lib/builders');

const CONTINUE = { onError: 'continueRegularOutput' };

/** @type {import('../run').E2eCase} */
module.exports = {
	name: 'continueOnFail',
	workflows: (env) => [
		workflow(
			'continueOnFail',
			'continue on fail, 3 items',
			[
				manualTrigger(),
				itemsNode('Bad JSON Items', [
					{ payload: '{"k":"first"}' },
					{ payload: '{"k": broken' },
					{ payload: '{"k":"third"}' },
				]),
				gptNode(
					'GPTBots Bad JSON',
					{
						operation: 'invoke',
						mode: 'sync',
						inputSource: 'json',
						inputJson: '={{ $json.payload }}',
					},
					env.cred.good,
					CONTINUE,
				),
				itemsNode('Failing Items', [
					{ k: 'first' },
					{ k: 'second', __fail: 'middle failed' },
					{ k: 'third' },
				]),
				gptNode(
					'GPTBots Failing Run',
					{ operation: 'invoke', mode: 'sync', inputSource: 'item' },
					env.cred.good,
					CONTINUE,
				),
			],
			{
				connections: {
					Start: ['Bad JSON Items', 'Failing Items'],
					'Bad JSON Items': ['GPTBots Bad JSON'],
					'Failing Items': ['GPTBots Failing Run'],
				},
			},
		),
	],
	async run(t, env) {
		const r = await env.execute('continueOnFail');
		t.exitCode(r, 0);
		for (const [node, label] of [
			['GPTBots Bad JSON', 'bad JSON'],
			['GPTBots Failing Run', 'FAILED run'],
		]) {
			const items = r.output(node) || [];
			t.equal(`${label}: 3 output items`, items.length, 3);
			t.deepEqual(
				`${label}: pairedItem 0,1,2`,
				items.map((x) => x.pairedItem),
				[{ item: 0 }, { item: 1 }, { item: 2 }],
			);
			t.deepEqual(
				`${label}: items 0 and 2 SUCCEED with their own input`,
				[
					items[0]?.json?.output?.echo?.k,
					items[2]?.json?.output?.echo?.k,
					items[0]?.json?.status,
					items[2]?.json?.status,
				],
				['first', 'third', 'SUCCEED', 'SUCCEED'],
			);
			t.check(
				`${label}: item 1 has error and no status`,
				typeof items[1]?.json?.error === 'string' && items[1]?.json?.status !== 'SUCCEED',
				JSON.stringify(items[1]?.json),
			);
		}
		const badJson = r.output('GPTBots Bad JSON')?.[1]?.json || {};
		t.match(
			'bad JSON: the error names the field and the item',
			badJson.error,
			/Input \(JSON\).*not valid JSON.*\[item 1\]/,
		);
		const failed = r.output('GPTBots Failing Run')?.[1]?.json || {};
		t.match(
			'FAILED run: the error says FAILED and the reason',
			failed.error,
			/ended with status FAILED: middle failed \[item 1\]/,
		);
		t.deepEqual(
			'FAILED run: the error item carries run details',
			[failed.errorKind, failed.status, typeof failed.workflowRunId],
			['runFailed', 'FAILED', 'string'],
		);
		const invokes = env.sim.state.requests.filter(
			(q) => q.path === '/v1/workflow/invoke' && q.body?.input?.k !== undefined,
		);
		t.equal(
			'bad JSON item was never sent (5 invokes with a k: 2 + 3)',
			invokes.filter((q) => ['first', 'second', 'third'].includes(q.body.input.k)).length,
			5,
		);
	},
};
