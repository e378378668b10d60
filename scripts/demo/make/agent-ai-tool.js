'use strict';
// examples/agent-ai-tool.json: n8n's AI Agent asks a GPTBots agent (the GPTBots Agent node as a
// tool), the message left to the model.

const { PACKAGE_NAME } = require('../../../simulator/names');
const {
	agentCred,
	aiAgentConnections,
	aiAgentNodes,
	node,
	manualStart,
	sticky,
	workflow,
} = require('./exportFormat');

const wf = 'agentTool';
module.exports = workflow(
	'agent-ai-tool.json',
	'GptBotsExAgTool1',
	'GPTBots example: an AI Agent that asks a GPTBots agent',
	[
		sticky(
			wf,
			'About',
			[-60, -360],
			[
				'## An AI Agent that asks a GPTBots agent',
				"n8n's AI Agent decides when to ask the GPTBots agent and what: the tool's **Text** is left to the model (`$fromAI`), and **Tool Description** tells the model what the GPTBots agent knows.",
				"Pick your OpenAI (or other chat model) credential and the **agent's** GPTBots credential. Replace *Start* with a Chat Trigger to talk to the AI Agent.",
			].join('\n\n'),
			{ width: 860, height: 260 },
		),
		manualStart(wf),
		...aiAgentNodes(wf, {
			text: 'A customer asks: how do I reset my password? Answer in one short paragraph.',
			systemMessage:
				'You are a helpful assistant. Ask the GPTBots support agent about our product before you answer.',
		}),
		node(
			wf,
			'Ask the GPTBots Agent',
			`${PACKAGE_NAME}.gptBotsAgentTool`,
			1,
			[400, 240],
			{
				descriptionType: 'manual',
				toolDescription:
					"Asks the company's GPTBots support agent, which knows the product and its help centre. Input: the question, in full.",
				operation: 'sendMessage',
				conversation: 'new',
				text: "={{ $fromAI('message', 'The question or request for the GPTBots agent, in full: it does not see this conversation', 'string') }}",
				responseMode: 'blocking',
				options: { outputMode: 'textOnly' },
			},
			{ credentials: agentCred },
		),
	],
	aiAgentConnections('Ask the GPTBots Agent'),
	'An AI Agent that asks a GPTBots agent as a tool, the question written by the model.',
);
