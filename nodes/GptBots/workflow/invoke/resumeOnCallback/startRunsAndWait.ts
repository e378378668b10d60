import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { GptBotsClient } from '../../../shared/transport/client';
import { recordRunsInExecution } from '../executionCustomData';
import { makeInputCheck } from '../inputCheck';
import { readOptionsOrThrow, executePerItem } from '../../../shared/itemPool';
import { startItemRun } from '../startRun';
import { checkRuns, isAwaited, memoryOf, resultsOf, waitingItem } from './awaitedRuns';
import { itemResumeUrl } from './callbackUrls';

/*
 * "Wait by callback" (mode asyncWebhook), after n8n's dispatch-and-wait pattern: every item's run
 * gets its own resume URL (see callbackUrl.ts) as one of its webhooks and the execution waits.
 * n8n resumes an execution once, so the callback that finds every run ended resumes it; the
 * others are acknowledged and the execution keeps waiting. The results always come from the
 * result API, never from a callback body, so a forged callback cannot inject data, and a
 * callback whose body names no run (empty, unknown shape) still checks the runs.
 *
 * Cost: each ended run's result is read once and remembered (awaitedRuns.ts); a callback reads
 * its own run, then the others not known to have ended, newest- and oldest-started first, and
 * stops at the first one still going. So a run costs about two result queries, in any ending order.
 *
 * Between the wait and the callback the node keeps its list of runs in its own entry on n8n's
 * execution stack (saved with the execution, read back as the webhook's input). If Max Wait
 * passes first, n8n passes that list on unchanged: each item then says it timed out and gives
 * its workflowRunId.
 */

/** Starts every item's run with its resume URL among its webhooks, then puts the execution to wait. */
export async function startRunsAndWait(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const options = readOptionsOrThrow(this);
	const client = new GptBotsClient(this, options);
	const resumeUrl = String(this.evaluateExpression('{{ $execution.resumeUrl }}', 0));

	const checkInput = makeInputCheck(this, client, options);
	const [started] = await executePerItem(this, options.concurrency, async (itemIndex) => {
		const resumeWebhook = {
			method: 'POST',
			url: itemResumeUrl(this, resumeUrl, itemIndex),
			headers: {},
		};
		return await startItemRun(this, client, itemIndex, 'asyncWebhook', options, {
			resumeWebhook,
			checkInput,
		});
	});
	recordRunsInExecution(
		this,
		started.map((item) => item.json),
	);
	const list = started.map((item) =>
		item.json.error === undefined
			? waitingItem(item.json, (item.pairedItem as { item: number }).item, options)
			: item,
	);
	if (!list.some(isAwaited)) return [started];

	// A run can end before n8n has saved this execution as waiting: its callback then finds the
	// execution still running (n8n answers 409) and is lost. So look once, just before waiting:
	// if every run has ended already there is nothing to wait for.
	const { memory, forget } = memoryOf(this);
	const unfinished = await checkRuns(client, list, memory, undefined, options);
	if (unfinished === undefined) {
		forget();
		return [await resultsOf(this, list, memory.ended, options)];
	}

	// What n8n keeps on the stack for this node is what the callback (or a time-out) gets back.
	this.getExecuteData().data.main[0] = list;
	await this.putExecutionToWait(new Date(Date.now() + options.maxWaitMs));
	return [started];
}
