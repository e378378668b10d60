import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { agentOptionsDescription } from './agent/agentOptionsCollection.description';
import { agentRouter } from './agent/agentRouter';
import * as createConversation from './agent/createConversation/createConversation.operation';
import * as getMessages from './agent/getMessages/getMessages.operation';
import * as sendMessage from './agent/sendMessage/sendMessage.operation';

export class GptBotsAgent implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'GPTBots Agent',
		name: 'gptBotsAgent',
		icon: { light: 'file:../../icons/gptbots.svg', dark: 'file:../../icons/gptbots.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ ({ sendMessage: "Send Message", createConversation: "Create Conversation", getMessages: "Get Messages" })[$parameter["operation"]] }}',
		description:
			'Talk to a GPTBots agent: send messages (answers blocking, streamed into n8n chat, or by webhook), start conversations, read their history',
		defaults: { name: 'GPTBots Agent' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'gptBotsApi', required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'sendMessage',
				options: [
					{
						name: 'Send Message',
						value: 'sendMessage',
						action: 'Send a message to the agent',
						description: 'Send a message (text and files) to the agent and get its answer',
					},
					{
						name: 'Create Conversation',
						value: 'createConversation',
						action: 'Create a conversation',
						description: 'Start a conversation with the agent and return its ID',
					},
					{
						name: 'Get Messages',
						value: 'getMessages',
						action: 'Get the messages of a conversation',
						description: "Fetch a conversation's history, page by page or all of it",
					},
				],
			},
			...sendMessage.description,
			...createConversation.description,
			...getMessages.description,
			agentOptionsDescription,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await agentRouter.call(this);
	}
}
