import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runOperation } from '../shared/operationRouter';
import * as createConversation from './createConversation/createConversation.operation';
import * as getMessages from './getMessages/getMessages.operation';
import * as sendMessage from './sendMessage/sendMessage.operation';

const operations = { sendMessage, createConversation, getMessages };

export async function agentRouter(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runOperation(this, operations);
}
