import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { GptBotsClient } from '../transport/client';
import { startRunsAndWait } from './waitByCallback/start';
import { recordRunsInExecution } from './executionData';
import { makeInputCheck } from './recentRuns';
import { AdaptiveLimiter } from '../transport/adaptiveLimiter';
import { withOutputFiles } from './outputFiles';
import { finishRun, readForAllItems } from './itemErrors';
import { checkInvokeMode, startItemRun, waitForRunEnd } from './runs';
import { readOptionsOrThrow, runPerItem } from './runPerItem';

/** Runs waited on side by side in asyncPoll: waiting costs no request slot, only a timer. */
export const MAX_RUNS_WAITED_AT_ONCE = 1000;

export { description, modeOptions } from './invoke.description';

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

	const output = await runPerItem(this, width, async (itemIndex) => {
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
			return await withOutputFiles(this, finished, json, options, client.apiBaseUrl);
		} finally {
			fileSlots?.release(false);
		}
	});
	recordRunsInExecution(this, runs);
	return output;
}
