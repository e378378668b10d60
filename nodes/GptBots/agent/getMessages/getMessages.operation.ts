import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { InvalidParameterError } from '../../shared/errors';
import { getItemParameter } from '../../shared/itemParameters';
import { executePerItem } from '../../shared/itemPool';
import { AGENT_LIMITS } from '../../shared/agentOptions';
import { boundedNumber } from '../../shared/commonOptions.description';
import { returnAllOr } from '../../shared/returnAll.description';
import { messagesPage } from '../../shared/transport/agentEndpoints';
import { agentSetup } from '../agentOutput';
import type { HistoryMessage } from './historyReader';
import { readHistoryPage } from './historyReader';

const show = { operation: ['getMessages'] };
const { pageSize } = AGENT_LIMITS;

/** Pages read at most for Return All (100 messages each). */
export const MAX_PAGES = 1000;

export const description: INodeProperties[] = [
	{
		displayName: 'Conversation ID',
		name: 'conversationId',
		type: 'string',
		default: '={{ $json.conversationId }}',
		required: true,
		description: 'The GPTBots conversation whose messages to fetch',
		displayOptions: { show },
	},
	...returnAllOr(show, [
		{
			displayName: 'Page',
			name: 'page',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 1,
			description: 'Which page of the history, oldest messages first',
		},
		boundedNumber(
			'Page Size',
			'pageSize',
			pageSize,
			'Messages per page (GPTBots gives at most 100)',
		),
	]),
];

function whole(value: unknown, field: string, min: number, max: number): number {
	const number = typeof value === 'number' ? value : Number(value);
	if (!Number.isInteger(number) || number < min || number > max)
		throw new InvalidParameterError(
			field,
			`must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`,
		);
	return number;
}

function toItem(conversationId: string, message: HistoryMessage): IDataObject {
	return {
		conversationId,
		messageId: message.messageId,
		parentMessageId: message.parentMessageId,
		role: message.role,
		text: message.text,
		files: message.files,
		createTime: message.createTime as IDataObject[string],
		message: message.message,
	};
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const { options, client } = agentSetup(this);
	return await executePerItem(this, options.concurrency, async (itemIndex) => {
		const id = getItemParameter(this, 'conversationId', itemIndex, '');
		if (typeof id !== 'string' || id.trim() === '')
			throw new InvalidParameterError('Conversation ID', 'is empty');
		const conversationId = id.trim();
		const read = async (page: number, size: number) =>
			readHistoryPage(
				await messagesPage(
					client,
					{ conversationId, page, pageSize: size },
					options.timeoutMs,
					itemIndex,
				),
			);
		if (getItemParameter(this, 'returnAll', itemIndex, false) !== true) {
			const page = whole(getItemParameter(this, 'page', itemIndex, 1), 'Page', 1, 1_000_000);
			const size = whole(
				getItemParameter(this, 'pageSize', itemIndex, pageSize.default),
				'Page Size',
				pageSize.min,
				pageSize.max,
			);
			return (await read(page, size)).messages.map((m) => toItem(conversationId, m));
		}
		const all: HistoryMessage[] = [];
		for (let page = 1; page <= MAX_PAGES; page++) {
			const { messages, total } = await read(page, pageSize.max);
			all.push(...messages);
			const done = total !== undefined ? all.length >= total : messages.length < pageSize.max;
			if (done || messages.length === 0) break;
		}
		return all.map((m) => toItem(conversationId, m));
	});
}
