import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { InvalidParameterError, readForAllItems } from './errors';

/** An operation's module: its execute (its description is the node's business). */
export interface OperationModule {
	execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]>;
}

/** Runs the operation the Operation parameter names; an unknown one fails naming item 0. */
export async function runOperation(
	ctx: IExecuteFunctions,
	operations: Record<string, OperationModule>,
): Promise<INodeExecutionData[][]> {
	const handler = readForAllItems(ctx, () => {
		const name = ctx.getNodeParameter('operation', 0);
		if (typeof name !== 'string' || !Object.hasOwn(operations, name)) {
			throw new InvalidParameterError('Operation', `unknown value "${String(name)}"`);
		}
		return operations[name];
	});
	return await handler.execute.call(ctx);
}
