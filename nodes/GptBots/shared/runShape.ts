import type { IDataObject } from 'n8n-workflow';

import { parseJsonText, isPlainObject } from './values';

/** The run's fields as GPTBots documents them (camelCase). */
export const RUN_FIELDS = [
	'workflowId',
	'workflowName',
	'workflowVersion',
	'workflowRunId',
	'userId',
	'input',
	'output',
	'workflowExecutionTime',
	'status',
	'totalCost',
	'totalTokens',
	'startTime',
	'endTime',
] as const;

const NUMERIC_FIELDS = new Set([
	'workflowExecutionTime',
	'totalCost',
	'totalTokens',
	'startTime',
	'endTime',
]);
const JSON_FIELDS = new Set(['input', 'output']);

/** `workflow_run_id`, `WorkflowRunID`, `workflow-run-id` … all name `workflowRunId`. */
const squash = (name: string) => name.replace(/[_\-\s]/g, '').toLowerCase();
const FIELD_BY_SQUASHED = new Map<string, string>(
	RUN_FIELDS.map((field) => [squash(field), field]),
);

/** Spellings seen in GPTBots' older docs (and obvious variants), mapped to the documented ones. */
const STATUS_SPELLINGS: Record<string, string> = {
	SUCCED: 'SUCCEED',
	SUCCEEDED: 'SUCCEED',
	SUCCESS: 'SUCCEED',
	FAIL: 'FAILED',
	FAILURE: 'FAILED',
};

/** The statuses GPTBots documents; any other is reported as unknown, never taken for success. */
export const DOCUMENTED_STATUSES = ['SUCCEED', 'FAILED', 'PENDING', 'RUNNING'];

/** Upper-cased, trimmed, older spellings mapped; anything else passes through unchanged. */
export function normaliseStatus(status: unknown): unknown {
	if (typeof status !== 'string') return status;
	const upper = status.trim().toUpperCase();
	return STATUS_SPELLINGS[upper] ?? upper;
}

function toNumber(value: unknown): unknown {
	if (typeof value !== 'string' || value.trim() === '') return value;
	const number = Number(value);
	return Number.isFinite(number) ? number : value;
}

/**
 * A run as GPTBots documents it, from whatever spelling arrived: documented field names in
 * camelCase (the exact spelling wins over a variant), JSON-text `input`/`output` parsed, numbers
 * given as text restored, the status normalised. Unknown fields are kept as they are.
 */
export function normaliseRun(source: IDataObject): IDataObject {
	const run: IDataObject = {};
	const variants: Array<[string, unknown]> = [];
	for (const [key, value] of Object.entries(source)) {
		const field = FIELD_BY_SQUASHED.get(squash(key));
		if (field === undefined || field === key) run[key] = value as IDataObject[string];
		else variants.push([field, value]);
	}
	for (const [field, value] of variants) {
		if (run[field] === undefined) run[field] = value as IDataObject[string];
	}
	for (const field of JSON_FIELDS)
		if (field in run) run[field] = parseJsonText(run[field], { scalars: false }) as IDataObject;
	for (const field of NUMERIC_FIELDS) if (field in run) run[field] = toNumber(run[field]) as number;
	if ('status' in run) run.status = normaliseStatus(run.status) as string;
	if (typeof run.workflowRunId === 'number') run.workflowRunId = String(run.workflowRunId);
	if (typeof run.workflowRunId === 'string') run.workflowRunId = run.workflowRunId.trim();
	return run;
}

/** The run id an object names, in any spelling (`workflowRunId`, `workflow_run_id`, …), or ''. */
export function runIdOf(source: unknown): string {
	if (!isPlainObject(source)) return '';
	for (const [key, value] of Object.entries(source)) {
		if (FIELD_BY_SQUASHED.get(squash(key)) !== 'workflowRunId') continue;
		if (typeof value === 'string' && value.trim() !== '') return value.trim();
		if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	}
	return '';
}
