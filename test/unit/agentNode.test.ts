import { NodeHelpers, type INodeParameters } from 'n8n-workflow';

import { GptBotsAgent } from '../../nodes/GptBots/GptBotsAgent.node';

// What the editor gives a new Agent node, as a node and as an AI Agent's tool (`…Tool` type):
// n8n shows parameters by `@tool`, so the tool's Text is left to the model.

const node = new GptBotsAgent();

function defaultsAs(name: string, set: INodeParameters = {}): INodeParameters {
	const description = { ...node.description, name };
	return (
		NodeHelpers.getNodeParameters(
			node.description.properties,
			set,
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

	it('User ID is shown where a conversation is created, not for a given conversation', () => {
		const shown = (set: INodeParameters) => 'userId' in defaultsAs('gptBotsAgent', set);
		expect(shown({ operation: 'createConversation' })).toBe(true);
		expect(shown({ operation: 'sendMessage', conversation: 'chatSession' })).toBe(true);
		expect(shown({ operation: 'sendMessage', conversation: 'id' })).toBe(false);
		expect(shown({ operation: 'getMessages' })).toBe(false);
	});

	it('is usable as a tool', () => {
		expect(node.description.usableAsTool).toBe(true);
	});
});
