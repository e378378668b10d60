'use strict';
// examples/trigger-follow-up.json: a follow-up when a GPTBots run ends (the trigger); the runs
// that reach it are started by trigger-follow-up-sender.json.

const { TRIGGER_TYPE: TRIGGER } = require('../../lib/constants');
const { TRIGGER_SECRET, TRIGGER_WEBHOOK_ID } = require('../constants');
const { node, sticky, set, chain, workflow } = require('./exportFormat');

const wf = 'trigger';
module.exports = workflow(
	'trigger-follow-up.json',
	'GptBotsExTrigger',
	'GPTBots example: follow up when a run ends (trigger)',
	[
		sticky(
			wf,
			'About',
			[-60, -260],
			`## Follow up when a GPTBots run ends\n**Publish** this workflow. Every GPTBots run that has this trigger's **Production URL** as a webhook (method POST, header \`X-GPTBots-Secret: ${TRIGGER_SECRET}\`) starts it when the run ends. Change the secret in the trigger *and* in the sender. The sender: *GPTBots example: start a run that reports to the trigger*.`,
			{ width: 760, height: 200 },
		),
		node(
			wf,
			'GPTBots Workflow Trigger',
			TRIGGER,
			1.1,
			[0, 0],
			{
				secretHeaderName: 'X-GPTBots-Secret',
				secretHeaderValue: TRIGGER_SECRET,
				statuses: ['SUCCEED', 'FAILED'],
				options: {},
			},
			{ webhookId: TRIGGER_WEBHOOK_ID },
		),
		set(
			wf,
			'Follow-up',
			[260, 0],
			[
				['workflowRunId', 'string', '={{ $json.workflowRunId }}'],
				['status', 'string', '={{ $json.status }}'],
				['answer', 'string', '={{ $json.output.answer }}'],
				['delivered by', 'string', '={{ $json.deliveryMethod }}'],
			],
		),
	],
	chain('GPTBots Workflow Trigger', 'Follow-up'),
	"Starts when a GPTBots run ends and calls this trigger's webhook.",
);
