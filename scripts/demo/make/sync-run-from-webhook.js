'use strict';
// examples/sync-run-from-webhook.json: a sync run from a webhook; what `npm run demo` calls end
// to end. The webhook answers through Respond to Webhook nodes: GPTBots' answer with 200, or, from
// the GPTBots node's error output (On Error: Continue (using error output)), the node's own message
// with 400, so that a caller sees what was wrong with its request.

const { node, webhookStart, invokeNode, sticky, set, workflow } = require('./exportFormat');

const wf = 'webhook';

/**
 * A Respond to Webhook node (v1.1) answering JSON `body` (an expression) with `code`.
 * @param {string} name
 * @param {[number, number]} position
 * @param {string} body
 * @param {number} code
 */
const respond = (name, position, body, code) =>
	node(wf, name, 'n8n-nodes-base.respondToWebhook', 1.1, position, {
		respondWith: 'json',
		responseBody: body,
		options: { responseCode: code },
	});

const to = (/** @type {string} */ name) => [{ node: name, type: 'main', index: 0 }];

module.exports = workflow(
	'sync-run-from-webhook.json',
	'GptBotsExWebhook',
	'GPTBots example: sync run from a webhook',
	[
		sticky(
			wf,
			'About',
			[-60, -380],
			'## Sync run from a webhook\nPOST a JSON object to the **Production URL** of *Webhook*; it becomes the GPTBots workflow\'s input (Input Source: JSON), and the answer is the HTTP response.\n\n```\ncurl -X POST http://127.0.0.1:5678/webhook/gptbots-demo \\\n  -H "content-type: application/json" -d \'{"topic":"n8n"}\'\n```\nA request GPTBots cannot run (e.g. a body that is not a JSON object) takes the node\'s **error output** (*Settings › On Error › Continue (using error output)*) and is answered with HTTP 400 and the node\'s message.',
			{ width: 860, height: 320 },
		),
		webhookStart(wf, 'gptbots-demo', 'responseNode', 'webhook:start'),
		{
			...invokeNode(wf, [260, 0], {
				mode: 'sync',
				inputSource: 'json',
				inputJson: '={{ JSON.stringify($json.body) }}',
				options: {},
			}),
			onError: 'continueErrorOutput',
		},
		set(
			wf,
			'Answer',
			[520, -100],
			[
				['workflowRunId', 'string', '={{ $json.workflowRunId }}'],
				['status', 'string', '={{ $json.status }}'],
				['output', 'object', '={{ $json.output }}'],
				['totalTokens', 'number', '={{ $json.totalTokens }}'],
			],
		),
		respond('Respond', [780, -100], '={{ $json }}', 200),
		respond('Respond with the Error', [520, 120], '={{ { error: $json.error } }}', 400),
	],
	{
		Webhook: { main: [to('GPTBots Workflow')] },
		'GPTBots Workflow': { main: [to('Answer'), to('Respond with the Error')] },
		Answer: { main: [to('Respond')] },
	},
	'POST JSON to the webhook: it runs the GPTBots workflow synchronously and answers with its output (HTTP 400 and the reason when GPTBots cannot run the request).',
);
