import type {
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { webhooksNeedNoRegistration } from './shared/webhookHandling';
import { triggerOptions } from './shared/triggerOptions.description';
import { receiveAgentMessage } from './agentTrigger/receiveAgentMessage';

export class GptBotsAgentTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'GPTBots Agent Trigger',
		name: 'gptBotsAgentTrigger',
		icon: { light: 'file:../../icons/gptbots.svg', dark: 'file:../../icons/gptbots.dark.svg' },
		group: ['trigger'],
		// 1.1 from the start, as the workflow trigger's 1.1: n8n evaluates no "binaryData" expression
		// per delivery and leaves bodies it does not parse for the trigger to read.
		version: 1.1,
		subtitle: 'Agent or human agent message',
		// n8n's nodes panel lists this trigger and the GPTBots Agent node as one entry, shown with
		// this description: so it speaks for both.
		description:
			'Talk to GPTBots agents, or start a workflow when a GPTBots agent or a human agent sends a message',
		defaults: { name: 'GPTBots Agent Trigger' },
		triggerPanel: {
			header:
				"Starts when GPTBots posts a message to this trigger: an agent's answer in webhook mode, or a human agent's reply",
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		// The agent's key: GPTBots sends it with every delivery, and only a delivery carrying it starts.
		credentials: [{ name: 'gptBotsApi', required: true }],
		webhooks: [
			// responseData '': n8n answers with the webhookResponse the trigger gives.
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: '',
				path: 'gptbots-agent',
			},
		],
		properties: [
			{
				// Not shown: n8n's nodes panel names a trigger's entry after the options of "Event".
				displayName: 'Event',
				name: 'event',
				type: 'hidden',
				default: 'message',
				options: [
					{
						name: 'Message',
						value: 'message',
						action: 'When a GPTBots agent or human agent sends a message',
						description:
							"GPTBots posts an agent's webhook-mode answers and human agents' replies to the agent's webhook URL",
					},
				],
			},
			{
				displayName:
					'Copy this trigger\'s Production URL into your agent in GPTBots (Agent → Integration → API → webhook) and choose the agent\'s API key as the credential: GPTBots sends that key with every message, and a delivery without it is answered 401. Activate (in n8n 2.x: publish) this workflow so that the Production URL listens. Messages sent with Response Mode "Webhook" arrive here, and so do the replies of human agents who take a conversation over.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			triggerOptions({ idName: 'message_id', holds: 'message', passed: 'the API key check' }),
		],
	};

	webhookMethods = webhooksNeedNoRegistration;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveAgentMessage(this);
	}
}
