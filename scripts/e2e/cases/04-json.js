// @ts-check
'use strict';
// inputSource json with outputMode outputOnly: the node passes only the workflow's output object.
const { manualInvokeWorkflow } = require('../../lib/builders');
const { executeOneItem } = require('../executeOneItem');

const INPUT = { topic: 'json', nested: { n: 1, arr: [true, null, 'x'] }, empty: '' };

/** @type {import('../run').E2eCase} */
module.exports = {
	name: 'inputJson',
	workflows: (env) => [
		manualInvokeWorkflow(
			'inputJson',
			'inputSource json, outputOnly',
			{
				mode: 'sync',
				inputSource: 'json',
				inputJson: JSON.stringify(INPUT, null, 2),
				options: { outputMode: 'outputOnly' },
			},
			env.cred.good,
		),
	],
	async run(t, env) {
		const { items } = await executeOneItem(t, env, 'inputJson');
		t.deepEqual('outputOnly: the item is exactly the workflow output', items[0]?.json, {
			echo: INPUT,
			answer: `processed ${JSON.stringify(INPUT)}`,
		});
	},
};
