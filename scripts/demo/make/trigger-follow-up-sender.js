'use strict';
// examples/trigger-follow-up-sender.json: starts async runs whose webhook is the trigger
// example's Production URL (trigger-follow-up.json).

const { PLACEHOLDER_N8N_URL, TRIGGER_SECRET, TRIGGER_WEBHOOK_ID } = require('../constants');
const { manualStart, invokeNode, sticky, chain, workflow } = require('./exportFormat');

const wf = 'triggerSender';
module.exports = workflow(
	'trigger-follow-up-sender.json',
	'GptBotsExTrigSnd',
	'GPTBots example: start a run that reports to the trigger',
	[
		sticky(
			wf,
			'About',
			[-60, -260],
			`## Start a run that reports to the trigger\n*GPTBots Workflow* (mode *Async*) starts a run and returns its id at once. When the run ends, GPTBots calls the webhook: the **Production URL** of *GPTBots example: follow up when a run ends (trigger)*, here \`${PLACEHOLDER_N8N_URL}/webhook/${TRIGGER_WEBHOOK_ID}/gptbots\`; paste yours if n8n runs elsewhere. GPTBots must be able to reach that URL.`,
			{ width: 760, height: 200 },
		),
		manualStart(wf),
		invokeNode(wf, [260, 0], {
			mode: 'async',
			inputSource: 'fields',
			inputFields: {
				field: [{ name: 'topic', type: 'string', value: 'a run that reports to the trigger' }],
			},
			webhooks: {
				webhook: [
					{
						method: 'POST',
						url: `${PLACEHOLDER_N8N_URL}/webhook/${TRIGGER_WEBHOOK_ID}/gptbots`,
						headers: JSON.stringify({ 'X-GPTBots-Secret': TRIGGER_SECRET }),
					},
				],
			},
			options: {},
		}),
	],
	chain('Start', 'GPTBots Workflow'),
	"Starts an async GPTBots run whose webhook is the trigger example's Production URL.",
);
