import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runOperation } from '../shared/operationRouter';
import * as getResult from './getResult/getResult.operation';
import * as getRuns from './getRuns/getRuns.operation';
import * as invoke from './invoke/invoke.operation';

const operations = { invoke, getResult, getRuns };

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runOperation(this, operations);
}
