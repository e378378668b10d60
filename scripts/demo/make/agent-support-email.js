'use strict';
// examples/agent-support-email.json: a support e-mail (here POSTed to a Webhook; swap in Gmail or
// an IMAP trigger) answered by a GPTBots agent that searches given knowledge documents and groups.

const { WEBHOOK_PATHS } = require('../constants');
const { agentNode, sticky, set, chain, webhookStart, workflow } = require('./exportFormat');

const wf = 'agentEmail';
module.exports = workflow(
	'agent-support-email.json',
	'GptBotsExAgEmail',
	'GPTBots example: answer support e-mails with a GPTBots agent and a knowledge base',
	[
		sticky(
			wf,
			'About',
			[-60, -340],
			[
				'## Answer support e-mails with a GPTBots agent',
				`*Webhook* stands in for an e-mail trigger (Gmail, Outlook, IMAP): \`POST /webhook/${WEBHOOK_PATHS.supportEmail}\` with \`{"from", "subject", "text"}\`. The GPTBots agent answers from the knowledge base: **Knowledge Data IDs** and **Knowledge Group IDs** (Options) limit it to the help-centre documents; use your own IDs from GPTBots.`,
				'*Draft Reply* is what a Gmail or SMTP node would send; the webhook answers with it.',
			].join('\n\n'),
			{ width: 820, height: 260 },
		),
		webhookStart(wf, WEBHOOK_PATHS.supportEmail, 'lastNode', 'agent-support-email-webhook'),
		agentNode(wf, [260, 0], {
			conversation: 'new',
			text: '=A customer wrote to support.\nFrom: {{ $json.body.from }}\nSubject: {{ $json.body.subject }}\n\n{{ $json.body.text }}\n\nWrite the reply.',
			responseMode: 'blocking',
			options: {
				knowledgeDataIds: 'kb-doc-password-reset, kb-doc-billing',
				knowledgeGroupIds: 'kb-group-help-centre',
			},
		}),
		set(
			wf,
			'Draft Reply',
			[520, 0],
			[
				['to', 'string', "={{ $('Webhook').item.json.body.from }}"],
				['subject', 'string', "=Re: {{ $('Webhook').item.json.body.subject }}"],
				['text', 'string', '={{ $json.text }}'],
				['conversationId', 'string', '={{ $json.conversationId }}'],
			],
		),
	],
	chain('Webhook', 'GPTBots Agent', 'Draft Reply'),
	'A support e-mail answered by a GPTBots agent that searches the given knowledge documents and groups.',
);
