import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { InvalidParameterError, readForAllItems } from '../shared/errors';
import * as getResult from './getResult/getResult.operation';
import * as getRuns from './getRuns/getRuns.operation';
import * as invoke from './invoke/invoke.operation';

const operations = { invoke, getResult, getRuns };

export type Operation = keyof typeof operations;

function operationNamed(name: unknown): (typeof operations)[Operation] {
	if (typeof name !== 'string' || !Object.hasOwn(operations, name)) {
		throw new InvalidParameterError('Operation', `unknown value "${String(name)}"`);
	}
	return operations[name as Operation];
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const handler = readForAllItems(this, () =>
		operationNamed(this.getNodeParameter('operation', 0)),
	);
	return await handler.execute.call(this);
}
