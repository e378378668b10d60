import { NodeHelpers, type INodeParameters } from 'n8n-workflow';

import { GptBotsAgent } from '../../nodes/GptBots/GptBotsAgent.node';

// What the editor gives a new Agent node, as a node and as an AI Agent's tool (`…Tool` type):
// n8n shows parameters by `@tool`, so the tool's Text is left to the model.

const node = new GptBotsAgent();

function defaultsAs(name: string): INodeParameters {
	const description = { ...node.description, name };
	return (
		NodeHelpers.getNodeParameters(
			node.description.properties,
			{},
			true,
			false,
			null,
			description,
		) ?? {}
	);
}

describe('the Agent node as the editor adds it', () => {
	it('as a node: Send Message, new conversation, blocking, Text from the Chat Trigger', () => {
		expect(defaultsAs('gptBotsAgent')).toMatchObject({
			operation: 'sendMessage',
			conversation: 'new',
			responseMode: 'blocking',
			text: '={{ $json.chatInput }}',
		});
	});

	it('as a tool: the message is left to the model', () => {
		expect(defaultsAs('gptBotsAgentTool').text).toMatch(/^=\{\{ \$fromAI\('message', /);
	});

	it('is usable as a tool', () => {
		expect(node.description.usableAsTool).toBe(true);
	});
});
