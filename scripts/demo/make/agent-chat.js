'use strict';
// examples/agent-chat.json: n8n's Chat Trigger (streaming response) → GPTBots Agent (streaming,
// one GPTBots conversation per chat session): the answer grows in the chat as GPTBots writes it.

const { AGENT_CHAT_WEBHOOK_ID } = require('../constants');
const { agentNode, node, sticky, chain, workflow } = require('./exportFormat');

/** The Chat Trigger's version: the newest in n8n 2.8 (2.41 has it too). */
const CHAT_TRIGGER_VERSION = 1.4;

const wf = 'agentChat';
module.exports = workflow(
	'agent-chat.json',
	'GptBotsExAgChat1',
	'GPTBots example: chat with a GPTBots agent (streaming)',
	[
		sticky(
			wf,
			'About',
			[-60, -320],
			[
				'## Chat with a GPTBots agent',
				"Open the **Chat** (bottom of the canvas) and write: the agent's answer appears piece by piece as GPTBots writes it (*Response Mode: Streaming* in both nodes).",
				"*One per Chat Session* keeps one GPTBots conversation per chat session, so the agent remembers what was said. Published, the chat is also served at the Chat Trigger's public URL.",
				"Pick the **agent's** credential (a GPTBots API key belongs to one agent).",
			].join('\n\n'),
			{ width: 760, height: 260 },
		),
		node(
			wf,
			'When chat message received',
			'@n8n/n8n-nodes-langchain.chatTrigger',
			CHAT_TRIGGER_VERSION,
			[0, 0],
			{
				public: true,
				mode: 'hostedChat',
				options: { responseMode: 'streaming', title: 'GPTBots agent' },
			},
			{ webhookId: AGENT_CHAT_WEBHOOK_ID },
		),
		agentNode(wf, [260, 0], {
			conversation: 'chatSession',
			text: '={{ $json.chatInput }}',
			responseMode: 'streaming',
			options: {},
		}),
	],
	chain('When chat message received', 'GPTBots Agent'),
	"n8n's chat answered by a GPTBots agent, streamed piece by piece; one GPTBots conversation per chat session.",
);
