'use strict';
// examples/async-run-and-wait.json: async runs, waited for by polling (runs headless: manual
// trigger).

const { node, manualStart, invokeNode, sticky, set, chain, workflow } = require('./exportFormat');

const wf = 'asyncPoll';
module.exports = workflow(
	'async-run-and-wait.json',
	'GptBotsExAsyncPl',
	'GPTBots example: async runs, wait by polling',
	[
		sticky(
			wf,
			'About',
			[-60, -220],
			"## Async runs, wait by polling\nThree topics start three GPTBots runs at once (mode *Async, Wait by Polling*); the node checks each run's result until it ends, so the total time is about that of the slowest run. Click **Execute workflow**.",
			{ width: 1000, height: 150 },
		),
		manualStart(wf),
		node(wf, 'Topics', 'n8n-nodes-base.code', 2, [260, 0], {
			jsCode: "return ['n8n', 'GPTBots', 'workflows'].map((topic) => ({ json: { topic } }));",
		}),
		invokeNode(wf, [520, 0], {
			mode: 'asyncPoll',
			pollInterval: 1,
			maxWait: 300,
			inputSource: 'fields',
			inputFields: { field: [{ name: 'topic', type: 'string', value: '={{ $json.topic }}' }] },
		}),
		set(
			wf,
			'Result',
			[780, 0],
			[
				['topic', 'string', "={{ $('Topics').item.json.topic }}"],
				['status', 'string', '={{ $json.status }}'],
				['answer', 'string', '={{ $json.output.answer }}'],
				['seconds', 'number', '={{ $json.workflowExecutionTime }}'],
			],
		),
	],
	chain('Start', 'Topics', 'GPTBots Workflow', 'Result'),
	'Starts three async runs and waits for them by polling their results.',
);
