'use strict';
// inputSource json with outputMode outputOnly: the node passes only the workflow's output object.
const { gptNode, manualTrigger, workflow } = require('../../lib/builders');

const INPUT = { topic: 'json', nested: { n: 1, arr: [true, null, 'x'] }, empty: '' };

module.exports = {
	name: 'inputJson',
	workflows: (env) => [
		workflow('inputJson', 'inputSource json, outputOnly', [
			manualTrigger(),
			gptNode(
				'GPTBots',
				{
					operation: 'invoke',
					mode: 'sync',
					inputSource: 'json',
					inputJson: JSON.stringify(INPUT, null, 2),
					options: { outputMode: 'outputOnly' },
				},
				env.cred.good,
			),
		]),
	],
	async run(t, env) {
		const r = await env.execute('inputJson');
		t.exitCode(r, 0);
		const items = r.output('GPTBots') || [];
		t.equal('one output item', items.length, 1);
		t.deepEqual('outputOnly: the item is exactly the workflow output', items[0]?.json, {
			echo: INPUT,
			answer: `processed ${JSON.stringify(INPUT)}`,
		});
	},
};
