import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { GptBotsClient } from '../../shared/transport/client';
import { startRunsAndWait } from './resumeOnCallback/startRunsAndWait';
import { recordRunsInExecution } from './executionCustomData';
import { makeInputCheck } from './inputCheck';
import { AdaptiveLimiter } from '../../shared/transport/adaptiveLimiter';
import { withOutputFiles } from '../../shared/files/outputFiles';
import { readForAllItems } from '../../shared/errors';
import { finishRun } from '../runOutput';
import { checkInvokeMode, startItemRun } from './startRun';
import { waitForRunEnd } from './waitByPolling';
import { readOptionsOrThrow, executePerItem } from '../../shared/itemPool';

/** Runs waited on side by side in asyncPoll: waiting costs no request slot, only a timer. */
export const MAX_RUNS_WAITED_AT_ONCE = 1000;

export { description } from './invoke.description';

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const mode = readForAllItems(this, () => checkInvokeMode(this.getNodeParameter('mode', 0)));
	if (mode === 'asyncWebhook') return await startRunsAndWait.call(this);
	const options = readOptionsOrThrow(this);
	const client = new GptBotsClient(this, options);
	const width = mode === 'asyncPoll' ? MAX_RUNS_WAITED_AT_ONCE : options.concurrency;
	// With more items in flight than Concurrency (asyncPoll), only Concurrency of them build a
	// body or download files at a time: memory follows the concurrency, not the item count.
	const fileSlots =
		width > options.concurrency ? new AdaptiveLimiter(options.concurrency) : undefined;

	const checkInput = makeInputCheck(this, client, options);
	const runs: IDataObject[] = [];

	const output = await executePerItem(this, width, async (itemIndex) => {
		const run = await startItemRun(this, client, itemIndex, mode, options, {
			slots: fileSlots,
			checkInput,
		});
		runs[itemIndex] = run;
		if (mode === 'async') return run;
		const finished =
			mode === 'asyncPoll' ? await waitForRunEnd(this, client, run, options, itemIndex) : run;
		runs[itemIndex] = finished;
		const json = finishRun(this, finished, options, itemIndex);
		await fileSlots?.acquire();
		try {
			return await withOutputFiles(this, finished, json, options);
		} finally {
			fileSlots?.release(false);
		}
	});
	recordRunsInExecution(this, runs);
	return output;
}
