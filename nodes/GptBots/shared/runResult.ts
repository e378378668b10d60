import type { IDataObject } from 'n8n-workflow';

import { parseJsonText, isPlainObject } from './values';
import { normaliseRun, runIdOf } from './runShape';

export type OutputMode = 'full' | 'outputOnly';

/**
 * The run in an API answer: the body itself, or wrapped under `data` (some GPTBots API families
 * wrap their answers), in any field spelling, normalised as documented (see normaliseRun).
 */
export function unwrapRun(body: IDataObject): IDataObject {
	const wrapped = runIdOf(body) === '' && isPlainObject(body.data) && runIdOf(body.data) !== '';
	return normaliseRun(wrapped ? (body.data as IDataObject) : body);
}

/** Statuses of a run that is still going; any other status means it has ended. */
const GOING_STATUSES = ['PENDING', 'RUNNING'];

/** Ended: SUCCEED, FAILED or a status GPTBots does not document. No status means not known yet. */
export function isRunFinished(run: IDataObject): boolean {
	const status = run.status;
	if (status === undefined || status === null || status === '') return false;
	return !GOING_STATUSES.includes(String(status));
}

/** Ended, but not with SUCCEED: FAILED, or a status GPTBots does not document (never taken for success). */
export function isRunFailed(run: IDataObject): boolean {
	return isRunFinished(run) && String(run.status) !== 'SUCCEED';
}

/** What the node outputs for a run: the whole response, or only the workflow's `output`. */
export function shapeRunOutput(run: IDataObject, mode: OutputMode): IDataObject {
	if (mode !== 'outputOnly') return run;
	if (isPlainObject(run.output)) return run.output;
	return run.output === undefined ? {} : { output: run.output };
}

/** A run-log row, with `input`/`output` (JSON strings in the API) turned into objects. */
export function parseRunLogRow(row: IDataObject): IDataObject {
	return {
		...row,
		input: parseJsonText(row.input, { scalars: true }) as IDataObject,
		output: parseJsonText(row.output, { scalars: true }) as IDataObject,
	};
}
