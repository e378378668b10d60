import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import type { RunOptions } from '../helpers/options';
import { readRunOptions } from '../helpers/options';
import { describeRunFailure, isRunFailed, isRunFinished, runFailureDetails, shapeRunOutput } from '../helpers/runResult';
import { isPlainObject } from '../helpers/workflowInput';
import { GptBotsClient } from '../transport/client';
import { recordRunsInExecution } from './executionData';
import { makeInputCheck } from './recentRuns';
import { queryRun, startItemRun } from './runs';
import { readOptionsOrThrow, runPerItem } from './runPerItem';

/*
 * "Wait by callback" (mode asyncWebhook), after n8n's dispatch-and-wait pattern: every item's run
 * gets n8n's resume URL as one of its webhooks and the execution waits. n8n resumes an execution
 * once, so with several items the callback of the run that ends LAST resumes it: each callback
 * checks the other runs, and only the one that finds them all finished (and is the latest, to
 * break ties) resumes; the others are acknowledged and the execution keeps waiting. The results
 * come from the result API, not from the callback body, so a forged callback cannot inject data.
 *
 * Between the wait and the callback the node keeps its list of runs in its own entry on n8n's
 * execution stack (saved with the execution, read back as the webhook's input). If Max Wait
 * passes first, n8n passes that list on unchanged: each item then says it timed out and gives
 * its workflowRunId.
 */

const MAX_WAIT = 'maxWait';

function waitingItem(run: IDataObject, itemIndex: number, options: RunOptions): INodeExecutionData {
	const id = String(run.workflowRunId ?? '');
	return {
		json: {
			...run,
			error: `GPTBots did not call back within Max Wait (${options.maxWaitMs / 1000} s) for run ${id}. Fetch its result later with the operation "Get Result".`,
			errorKind: MAX_WAIT,
		},
		pairedItem: { item: itemIndex },
	};
}

function isAwaited(item: INodeExecutionData): boolean {
	return item.json.errorKind === MAX_WAIT && typeof item.json.workflowRunId === 'string';
}

/** Starts every item's run with the resume URL among its webhooks, then puts the execution to wait. */
export async function startRunsAndWait(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const options = readOptionsOrThrow(this);
	const client = new GptBotsClient(this, options);
	const resumeUrl = String(this.evaluateExpression('{{ $execution.resumeUrl }}', 0));
	const resumeWebhook = { method: 'POST', url: resumeUrl, headers: {} };

	const checkInput = makeInputCheck(this, client, options);
	const [started] = await runPerItem(this, options.concurrency, async (itemIndex) => {
		return await startItemRun(this, client, itemIndex, 'asyncWebhook', options, { resumeWebhook, checkInput });
	});
	recordRunsInExecution(this, started.map((item) => item.json));
	const list = started.map((item) =>
		item.json.error === undefined ? waitingItem(item.json, (item.pairedItem as { item: number }).item, options) : item,
	);
	if (!list.some(isAwaited)) return [started];

	// A run can end before n8n has saved this execution as waiting: its callback then finds the
	// execution still running (n8n answers 409) and is lost. So look once, just before waiting:
	// if every run has ended already there is nothing to wait for.
	const check = await findUnfinished(client, list, awaitedIndexes(list), options);
	if (check.unfinished === undefined) return [resultsOf(list, check.finished, options)];

	// What n8n keeps on the stack for this node is what the callback (or a time-out) gets back.
	this.getExecuteData().data.main[0] = list;
	await this.putExecutionToWait(new Date(Date.now() + options.maxWaitMs));
	return [started];
}

function readWaitingList(ctx: IWebhookFunctions): INodeExecutionData[] {
	const value = ctx.evaluateExpression('{{ $input.all() }}', 0);
	return Array.isArray(value) ? (value as INodeExecutionData[]) : [];
}

function deliveredRunId(ctx: IWebhookFunctions): string {
	const body = ctx.getBodyData();
	const source = isPlainObject(body) && body.workflowRunId !== undefined ? body : (ctx.getQueryData() as IDataObject);
	return String(source.workflowRunId ?? '');
}

function answer(ctx: IWebhookFunctions, status: number, json: IDataObject): IWebhookResponseData {
	ctx.getResponseObject().status(status).json(json);
	return { noWebhookResponse: true };
}

/** The callback: resume with every item's result once all runs have ended, else keep waiting. */
export async function handleCallback(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const list = readWaitingList(this);
	const runId = deliveredRunId(this);
	const self = list.findIndex((item) => isAwaited(item) && item.json.workflowRunId === runId);
	if (self === -1) return answer(this, 400, { error: 'This callback names no run that the execution waits for' });

	const options = readRunOptions(this.getNodeParameter('options', {}) as IDataObject);
	const client = new GptBotsClient(this, options);
	// This run first, then the others.
	const order = [self, ...awaitedIndexes(list).filter((index) => index !== self)];
	const { finished, unfinished } = await findUnfinished(client, list, order, options);
	if (unfinished !== undefined) {
		return answer(this, 202, { received: true, resumed: false, waitingFor: String(list[unfinished].json.workflowRunId) });
	}
	if (!isLatest(self, finished)) return answer(this, 202, { received: true, resumed: false });
	return { workflowData: [resultsOf(list, finished, options)] };
}

function awaitedIndexes(list: INodeExecutionData[]): number[] {
	return list.map((_, index) => index).filter((index) => isAwaited(list[index]));
}

/** Queries the runs in `order` until one is still going; returns the ended ones and that one. */
async function findUnfinished(
	client: GptBotsClient,
	list: INodeExecutionData[],
	order: number[],
	options: RunOptions,
): Promise<{ finished: Map<number, IDataObject>; unfinished?: number }> {
	const finished = new Map<number, IDataObject>();
	for (const index of order) {
		const run = await queryRun(client, String(list[index].json.workflowRunId), options, index);
		if (!isRunFinished(run)) return { finished, unfinished: index };
		finished.set(index, run);
	}
	return { finished };
}

/** One output item per input item, in order: each ended run as sync mode would output it. */
function resultsOf(list: INodeExecutionData[], finished: Map<number, IDataObject>, options: RunOptions): INodeExecutionData[] {
	return list.map((item, index): INodeExecutionData => {
		const run = finished.get(index);
		return run ? { json: callbackOutput(run, options), pairedItem: { item: index } } : item;
	});
}

/** Ties between callbacks that all find every run finished: only the latest-ending run resumes. */
function isLatest(self: number, finished: Map<number, IDataObject>): boolean {
	const rank = (index: number) => [Number(finished.get(index)?.endTime ?? 0), index];
	const [selfEnd, selfIndex] = rank(self);
	for (const index of finished.keys()) {
		const [end, i] = rank(index);
		if (end > selfEnd || (end === selfEnd && i > selfIndex)) return false;
	}
	return true;
}

/** As sync mode would output it; a FAILED run becomes an error item when that option is on. */
function callbackOutput(run: IDataObject, options: RunOptions): IDataObject {
	if (isRunFailed(run) && options.failOnRunFailure) {
		return { error: describeRunFailure(run), ...runFailureDetails(run) };
	}
	return shapeRunOutput(run, options.outputMode);
}

