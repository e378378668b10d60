import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { executePerItem } from '../../shared/itemPool';
import { agentSetup } from '../agentOutput';
import { newConversation, readUserId } from '../sendMessage/conversationFor';

export const description: INodeProperties[] = [
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		default: '',
		placeholder: 'e.g. customer-42',
		description:
			'GPTBots user_id of the conversation (at most 32 characters). Empty: "n8n", or for chat sessions one derived from the session.',
		displayOptions: {
			show: { operation: ['sendMessage', 'createConversation'] },
			hide: { conversation: ['id'] },
		},
	},
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const { options, client } = agentSetup(this);
	return await executePerItem(this, options.concurrency, async (itemIndex) => {
		const userId = readUserId(this, itemIndex, 'n8n');
		const conversationId = await newConversation(
			this,
			client,
			userId,
			options.timeoutMs,
			itemIndex,
		);
		return { conversationId, userId };
	});
}
