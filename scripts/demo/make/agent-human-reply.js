'use strict';
// examples/agent-human-reply.json: the GPTBots Agent Trigger receiving what GPTBots posts to an
// agent's webhook — a human agent's reply (or the agent's webhook-mode answer) — and passing it on.

const { AGENT_TRIGGER_TYPE } = require('../../../simulator/names');
const { AGENT_TRIGGER_WEBHOOK_ID } = require('../constants');
const { agentCred, node, sticky, set, chain, workflow } = require('./exportFormat');

const wf = 'agentReply';
module.exports = workflow(
	'agent-human-reply.json',
	'GptBotsExAgReply',
	"GPTBots example: pass on a human agent's reply (Agent Trigger)",
	[
		sticky(
			wf,
			'About',
			[-60, -300],
			[
				"## Pass on a human agent's reply",
				"**Publish** this workflow and copy the trigger's **Production URL** into your agent in GPTBots (*Agent → Integration → API → webhook*). When a person takes a conversation over in GPTBots, each reply arrives here (and so do the agent's answers to messages sent in *Webhook* response mode).",
				"The trigger uses the **agent's** credential: GPTBots sends that key with every delivery, and anything else is answered 401. *Pass On* stands in for Slack, e-mail or your own chat: it gets the conversation, who wrote (`humanAgent` or `agent`) and the text.",
			].join('\n\n'),
			{ width: 760, height: 240 },
		),
		node(
			wf,
			'GPTBots Agent Trigger',
			AGENT_TRIGGER_TYPE,
			1.1,
			[0, 0],
			{ options: {} },
			{ webhookId: AGENT_TRIGGER_WEBHOOK_ID, credentials: agentCred },
		),
		set(
			wf,
			'Pass On',
			[260, 0],
			[
				['conversationId', 'string', '={{ $json.conversationId }}'],
				[
					'who',
					'string',
					"={{ $json.from === 'humanAgent' ? 'a human agent' : $json.from === 'agent' ? 'the agent' : 'GPTBots' }}",
				],
				['text', 'string', '={{ $json.text }}'],
			],
		),
	],
	chain('GPTBots Agent Trigger', 'Pass On'),
	"Starts when GPTBots posts a human agent's reply (or an agent's webhook-mode answer) to the agent's webhook.",
);
