import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { AwaitedRuns, awaitedRunsOf, checkOrder, forgetAwaitedRuns } from '../helpers/awaitedRuns';
import { readDelivery } from '../helpers/deliveryReader';
import type { RunOptions } from '../helpers/options';
import { readRunOptions } from '../helpers/options';
import { describeRunFailure, isRunFailed, isRunFinished, runFailureDetails, shapeRunOutput } from '../helpers/runResult';
import { GptBotsClient } from '../transport/client';
import { ITEM_PARAM, SIGNATURE_PARAM, TOKEN_PARAM, itemOfCallback, itemResumeUrl } from './callbackUrl';
import { recordRunsInExecution } from './executionData';
import { makeInputCheck } from './recentRuns';
import { queryResult } from '../transport/endpoints';
import { startItemRun } from './runs';
import { readOptionsOrThrow, runPerItem } from './runPerItem';

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

const MAX_WAIT = 'maxWait';
/** A callback may outrun the result API; its own run is re-read after these pauses. */
const OWN_RUN_RECHECK_MS = [300, 1000];

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

const runIdAt = (list: INodeExecutionData[], index: number) => String(list[index].json.workflowRunId);

/** What this process remembers of the execution's runs (nothing to share without an execution id). */
function memoryOf(ctx: IExecuteFunctions | IWebhookFunctions): { memory: AwaitedRuns; forget: () => void } {
	const executionId = ctx.getExecutionId();
	if (typeof executionId !== 'string' || executionId === '') return { memory: new AwaitedRuns(), forget: () => {} };
	const key = `${executionId}:${ctx.getNode().id}`;
	return { memory: awaitedRunsOf(key), forget: () => forgetAwaitedRuns(key) };
}

/** Starts every item's run with its resume URL among its webhooks, then puts the execution to wait. */
export async function startRunsAndWait(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const options = readOptionsOrThrow(this);
	const client = new GptBotsClient(this, options);
	const resumeUrl = String(this.evaluateExpression('{{ $execution.resumeUrl }}', 0));

	const checkInput = makeInputCheck(this, client, options);
	const [started] = await runPerItem(this, options.concurrency, async (itemIndex) => {
		const resumeWebhook = { method: 'POST', url: itemResumeUrl(this, resumeUrl, itemIndex), headers: {} };
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
	const { memory, forget } = memoryOf(this);
	const unfinished = await checkRuns(client, list, memory, undefined, options);
	if (unfinished === undefined) {
		forget();
		return [resultsOf(list, memory.ended, options)];
	}

	// What n8n keeps on the stack for this node is what the callback (or a time-out) gets back.
	this.getExecuteData().data.main[0] = list;
	await this.putExecutionToWait(new Date(Date.now() + options.maxWaitMs));
	return [started];
}

function readWaitingList(ctx: IWebhookFunctions): INodeExecutionData[] {
	const value = ctx.evaluateExpression('{{ $input.all() }}', 0);
	return Array.isArray(value) ? (value as INodeExecutionData[]) : [];
}

/** The callback's own item: named by its URL, else (older executions) by the run its body names. */
function ownItem(ctx: IWebhookFunctions, list: INodeExecutionData[]): number | undefined {
	const query = ctx.getQueryData() as IDataObject;
	const fromUrl = itemOfCallback(ctx, query, list.length);
	if (fromUrl !== undefined) return isAwaited(list[fromUrl]) ? fromUrl : undefined;
	const request = ctx.getRequestObject();
	const reading = readDelivery(
		{ method: request.method, contentType: ctx.getHeaderData()['content-type'], body: ctx.getBodyData(), rawBody: (request as { rawBody?: unknown }).rawBody, query },
		[SIGNATURE_PARAM, ITEM_PARAM, TOKEN_PARAM],
	);
	if (!reading.ok) return undefined;
	const index = list.findIndex((item) => isAwaited(item) && item.json.workflowRunId === reading.runId);
	return index === -1 ? undefined : index;
}

function answer(ctx: IWebhookFunctions, status: number, json: IDataObject): IWebhookResponseData {
	ctx.getResponseObject().status(status).json(json);
	return { noWebhookResponse: true };
}

/** The callback: resume with every item's result once all runs have ended, else keep waiting. */
export async function handleCallback(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const list = readWaitingList(this);
	if (!list.some(isAwaited)) return answer(this, 409, { error: 'This execution waits for no GPTBots run' });
	const self = ownItem(this, list);
	const options = readRunOptions(this.getNodeParameter('options', {}) as IDataObject);
	const client = new GptBotsClient(this, options);
	const { memory, forget } = memoryOf(this);
	if (self !== undefined) memory.calledBack.add(runIdAt(list, self));

	const unfinished = await checkRuns(client, list, memory, self, options);
	if (unfinished !== undefined) {
		return answer(this, 202, { received: true, resumed: false, waitingFor: String(list[unfinished].json.workflowRunId) });
	}
	if (!mayResume(self, list, memory) || !memory.claimResume()) return answer(this, 202, { received: true, resumed: false });
	forget();
	return { workflowData: [resultsOf(list, memory.ended, options)] };
}

/**
 * Reads the awaited runs not yet known to have ended (see checkOrder), remembering each ended
 * one, and stops at the first still going: returns its index, or undefined if all have ended.
 */
async function checkRuns(
	client: GptBotsClient,
	list: INodeExecutionData[],
	memory: AwaitedRuns,
	self: number | undefined,
	options: RunOptions,
): Promise<number | undefined> {
	const unknown = awaitedIndexes(list).filter((index) => !memory.ended.has(runIdAt(list, index)));
	for (const index of checkOrder(unknown, self)) {
		const runId = runIdAt(list, index);
		if (memory.ended.has(runId)) continue; // learnt meanwhile by a callback running alongside
		let run = await queryResult(client, runId, options.timeoutMs, index);
		// GPTBots called back for this run, so it has ended, even if the result API lags behind.
		for (const pause of index === self ? OWN_RUN_RECHECK_MS : []) {
			if (isRunFinished(run)) break;
			await sleep(pause);
			run = await queryResult(client, runId, options.timeoutMs, index);
		}
		if (!isRunFinished(run)) return index;
		memory.ended.set(runId, run);
	}
	return undefined;
}

/**
 * Between callbacks that all find every run ended, one resumes: within a process the first
 * (claimResume); across processes the one of the latest-ending run, or any once that run's own
 * callback has been seen, or one that names no item.
 */
function mayResume(self: number | undefined, list: INodeExecutionData[], memory: AwaitedRuns): boolean {
	if (self === undefined) return true;
	const latest = latestEnded(list, memory.ended);
	return latest === self || (latest !== undefined && memory.calledBack.has(runIdAt(list, latest)));
}

/** The item whose run ended last (by endTime; the higher index on a tie). */
function latestEnded(list: INodeExecutionData[], ended: Map<string, IDataObject>): number | undefined {
	let latest: number | undefined;
	let latestEnd = -Infinity;
	for (const index of awaitedIndexes(list)) {
		const end = Number(ended.get(runIdAt(list, index))?.endTime ?? 0);
		if (end >= latestEnd) [latest, latestEnd] = [index, end];
	}
	return latest;
}

function awaitedIndexes(list: INodeExecutionData[]): number[] {
	return list.map((_, index) => index).filter((index) => isAwaited(list[index]));
}

/** One output item per input item, in order: each ended run as sync mode would output it. */
function resultsOf(list: INodeExecutionData[], ended: Map<string, IDataObject>, options: RunOptions): INodeExecutionData[] {
	return list.map((item, index): INodeExecutionData => {
		const run = isAwaited(item) ? ended.get(runIdAt(list, index)) : undefined;
		return run ? { json: callbackOutput(run, options), pairedItem: { item: index } } : item;
	});
}

/** As sync mode would output it; a FAILED run becomes an error item when that option is on. */
function callbackOutput(run: IDataObject, options: RunOptions): IDataObject {
	if (isRunFailed(run) && options.failOnRunFailure) {
		return { error: describeRunFailure(run), ...runFailureDetails(run) };
	}
	return shapeRunOutput(run, options.outputMode);
}
