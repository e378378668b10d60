import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { InvalidParameterError } from '../../shared/errors';
import { finishRun } from '../runOutput';
import { isRunFinished, shapeRunOutput } from '../../shared/runResult';
import { GptBotsClient } from '../../shared/transport/client';
import { withOutputFiles } from '../../shared/files/outputFiles';
import { queryResult } from '../../shared/transport/endpoints';
import { readOptionsOrThrow, executePerItem } from '../../shared/itemPool';

export const description: INodeProperties[] = [
	{
		displayName: 'Workflow Run ID',
		name: 'workflowRunId',
		type: 'string',
		required: true,
		// The run ID an async run passed on; a real value, not a grey placeholder that looks filled in.
		default: '={{ $json.workflowRunId }}',
		description:
			"The workflowRunId that an async run returned (by default: the incoming item's workflowRunId)",
		displayOptions: { show: { operation: ['getResult'] } },
	},
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const options = readOptionsOrThrow(this);
	const client = new GptBotsClient(this, options);
	return await executePerItem(this, options.concurrency, async (itemIndex) => {
		const workflowRunId = String(
			this.getNodeParameter('workflowRunId', itemIndex, '') ?? '',
		).trim();
		if (!workflowRunId) throw new InvalidParameterError('Workflow Run ID', 'is empty');
		const run = await queryResult(client, workflowRunId, options.timeoutMs, itemIndex);
		// A run still PENDING/RUNNING is passed on whole, so its status can be checked downstream.
		if (!isRunFinished(run)) return shapeRunOutput(run, 'full');
		return await withOutputFiles(this, run, finishRun(this, run, options, itemIndex), options);
	});
}
