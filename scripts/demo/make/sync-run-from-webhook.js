'use strict';
// examples/sync-run-from-webhook.json: a sync run from a webhook; what `npm run demo` calls end
// to end.

const { webhookStart, invokeNode, sticky, set, chain, workflow } = require('./exportFormat');

const wf = 'webhook';
module.exports = workflow(
	'sync-run-from-webhook.json',
	'GptBotsExWebhook',
	'GPTBots example: sync run from a webhook',
	[
		sticky(
			wf,
			'About',
			[-60, -320],
			'## Sync run from a webhook\nPOST a JSON object to the **Production URL** of *Webhook*; it becomes the GPTBots workflow\'s input (Input Source: JSON), and the answer is the HTTP response.\n\n```\ncurl -X POST http://127.0.0.1:5678/webhook/gptbots-demo \\\n  -H "content-type: application/json" -d \'{"topic":"n8n"}\'\n```',
			{ width: 760, height: 260 },
		),
		webhookStart(wf, 'gptbots-demo', 'lastNode', 'webhook:start'),
		invokeNode(wf, [260, 0], {
			mode: 'sync',
			inputSource: 'json',
			inputJson: '={{ JSON.stringify($json.body) }}',
			options: {},
		}),
		set(
			wf,
			'Answer',
			[520, 0],
			[
				['workflowRunId', 'string', '={{ $json.workflowRunId }}'],
				['status', 'string', '={{ $json.status }}'],
				['output', 'object', '={{ $json.output }}'],
				['totalTokens', 'number', '={{ $json.totalTokens }}'],
			],
		),
	],
	chain('Webhook', 'GPTBots Workflow', 'Answer'),
	'POST JSON to the webhook: it runs the GPTBots workflow synchronously and answers with its output.',
);
