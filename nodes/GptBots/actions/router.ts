import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as getResult from './getResult.operation';
import * as getRuns from './getRuns.operation';
import * as invoke from './invoke.operation';

const operations = { invoke, getResult, getRuns };

export type Operation = keyof typeof operations;

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as Operation;
	const handler = operations[operation];
	if (!handler) {
		throw new NodeOperationError(
			this.getNode(),
			`Operation: unknown value "${String(operation)}" [item 0]`,
			{ itemIndex: 0 },
		);
	}
	return await handler.execute.call(this);
}
