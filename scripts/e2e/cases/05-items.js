// @ts-check
'use strict';
// inputSource item: one item from a Set node, and 5 items from a Code node whose runs end in
// reverse order (later items are shorter), which must still come out in input order.
const { gptNode, itemsNode, manualTrigger, workflow } = require('../../lib/builders');

const FIVE = [0, 1, 2, 3, 4].map((i) => ({
	idx: i,
	name: `item-${i}`,
	tags: [i, `t${i}`],
	__durationMs: (5 - i) * 80,
}));

/** @param {string} name */
function setNode(name) {
	return {
		name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		parameters: {
			mode: 'manual',
			assignments: {
				assignments: [
					{ id: 'a1', name: 'topic', value: 'from set', type: 'string' },
					{ id: 'a2', name: 'count', value: 3, type: 'number' },
					{ id: 'a3', name: 'ok', value: true, type: 'boolean' },
				],
			},
			includeOtherFields: false,
			options: {},
		},
	};
}

/** @type {import('../run').E2eCase} */
module.exports = {
	name: 'items',
	workflows: (env) => [
		workflow(
			'items',
			'inputSource item: Set node and 5 Code items',
			[
				manualTrigger(),
				setNode('Set'),
				gptNode(
					'GPTBots Set Item',
					{ operation: 'invoke', mode: 'sync', inputSource: 'item' },
					env.cred.good,
				),
				itemsNode('Five Items', FIVE),
				gptNode(
					'GPTBots Five',
					{ operation: 'invoke', mode: 'sync', inputSource: 'item', options: { concurrency: 5 } },
					env.cred.good,
				),
			],
			{
				connections: {
					Start: ['Set', 'Five Items'],
					Set: ['GPTBots Set Item'],
					'Five Items': ['GPTBots Five'],
				},
			},
		),
	],
	async run(t, env) {
		const r = await env.execute('items');
		t.exitCode(r, 0);
		const one = r.output('GPTBots Set Item') || [];
		t.equal('Set node item: one output item', one.length, 1);
		t.deepEqual(
			'Set node item: the item JSON is the input, types kept',
			one[0]?.json?.output?.echo,
			{ topic: 'from set', count: 3, ok: true },
		);
		const five = r.output('GPTBots Five') || [];
		t.equal('5 items: 5 output items', five.length, 5);
		t.deepEqual(
			'5 items: in input order',
			five.map((x) => x.json?.input?.idx),
			[0, 1, 2, 3, 4],
		);
		t.deepEqual(
			'5 items: each echo equals its input item',
			five.map((x) => x.json?.output?.echo),
			FIVE,
		);
		t.deepEqual(
			'5 items: pairedItem 0..4',
			five.map((x) => x.pairedItem),
			[0, 1, 2, 3, 4].map((item) => ({ item })),
		);
		t.deepEqual(
			'5 items: all SUCCEED',
			five.map((x) => x.json?.status),
			Array(5).fill('SUCCEED'),
		);
		const ids = new Set(five.map((x) => x.json?.workflowRunId));
		t.equal('5 items: 5 distinct runs', ids.size, 5);
		const ends = five.map((x) => x.json?.endTime);
		t.check(
			'5 items: ran side by side (last item ended before the first)',
			ends[4] < ends[0],
			`endTimes ${JSON.stringify(ends)}`,
		);
	},
};
