import type { IDataObject } from 'n8n-workflow';

import { tryParseJson } from './json';
import { isPlainObject } from './workflowInput';

export type RunStatus = 'SUCCEED' | 'FAILED' | 'PENDING' | 'RUNNING';

export const FINISHED_STATUSES: readonly string[] = ['SUCCEED', 'FAILED'];

export type OutputMode = 'full' | 'outputOnly';

/** Some GPTBots API families wrap their answer in `data`; the run itself is the object with an id. */
export function unwrapRun(body: IDataObject): IDataObject {
	if (body.workflowRunId === undefined && isPlainObject(body.data) && body.data.workflowRunId !== undefined) {
		return body.data;
	}
	return body;
}

export function isRunFinished(run: IDataObject): boolean {
	return FINISHED_STATUSES.includes(String(run.status ?? ''));
}

export function isRunFailed(run: IDataObject): boolean {
	return String(run.status ?? '') === 'FAILED';
}

/** What the node outputs for a run: the whole response, or only the workflow's `output`. */
export function shapeRunOutput(run: IDataObject, mode: OutputMode): IDataObject {
	if (mode !== 'outputOnly') return run;
	if (isPlainObject(run.output)) return run.output;
	return run.output === undefined ? {} : { output: run.output };
}

/** A short text for a FAILED run: the workflow's own error if its output carries one. */
export function describeRunFailure(run: IDataObject): string {
	const output = run.output;
	let reason = '';
	if (isPlainObject(output)) {
		const candidate = output.error ?? output.message ?? output.msg;
		reason = typeof candidate === 'string' ? candidate : candidate === undefined ? '' : JSON.stringify(candidate);
	} else if (typeof output === 'string') {
		reason = output;
	}
	return `The GPTBots workflow run ${String(run.workflowRunId ?? '')} ended with status FAILED${reason ? `: ${reason}` : ''}`;
}

/** What an error item says about a FAILED run, besides the message. */
export function runFailureDetails(run: IDataObject): IDataObject {
	return { errorKind: 'runFailed', workflowRunId: run.workflowRunId as string, status: 'FAILED', output: run.output as IDataObject };
}

function parseJsonString(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const parsed = tryParseJson(value);
	return parsed.ok ? parsed.value : value;
}

/** A run-log row, with `input`/`output` (JSON strings in the API) turned into objects. */
export function parseRunLogRow(row: IDataObject): IDataObject {
	return { ...row, input: parseJsonString(row.input) as IDataObject, output: parseJsonString(row.output) as IDataObject };
}
