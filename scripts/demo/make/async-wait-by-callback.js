'use strict';
// examples/async-wait-by-callback.json: an async run, waited for by callback (needs a running
// n8n that GPTBots can reach).

const { webhookStart, invokeNode, sticky, set, chain, workflow } = require('./exportFormat');

const wf = 'asyncWebhook';
module.exports = workflow(
	'async-wait-by-callback.json',
	'GptBotsExCallbck',
	'GPTBots example: async run, wait by callback',
	[
		sticky(
			wf,
			'About',
			[-60, -260],
			'## Async run, wait by callback\nPOST `{"topic":"…"}` to *Webhook*. The GPTBots node starts an async run with this execution\'s resume URL as its webhook, and the execution **waits** (see *Executions*: "Waiting") until GPTBots calls back; then *Result* runs. GPTBots must reach n8n: set `WEBHOOK_URL` to n8n\'s public address.',
			{ width: 760, height: 200 },
		),
		webhookStart(wf, 'gptbots-callback', 'onReceived', 'callback:start'),
		invokeNode(wf, [260, 0], {
			mode: 'asyncWebhook',
			inputSource: 'fields',
			inputFields: {
				field: [{ name: 'topic', type: 'string', value: '={{ $json.body.topic }}' }],
			},
		}),
		set(
			wf,
			'Result',
			[520, 0],
			[
				['workflowRunId', 'string', '={{ $json.workflowRunId }}'],
				['status', 'string', '={{ $json.status }}'],
				['answer', 'string', '={{ $json.output.answer }}'],
			],
		),
	],
	chain('Webhook', 'GPTBots Workflow', 'Result'),
	'The execution pauses while GPTBots runs and resumes when GPTBots calls back.',
);
