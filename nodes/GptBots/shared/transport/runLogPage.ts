import type { IDataObject } from 'n8n-workflow';

import { isPlainObject } from '../values';

/** One page of GET /v1/workflow/run/logs: its rows and, if the answer said, the total. */
export interface RunLogPage {
	rows: IDataObject[];
	total?: number;
}

/** Where the rows may be: the answer's wrapping is not documented, so each plausible place is tried. */
const ROW_PLACES: Array<(answer: IDataObject) => unknown> = [
	(answer) => answer.list,
	(answer) => answer.records,
	(answer) => answer.data,
	(answer) => (isPlainObject(answer.data) ? answer.data.list : undefined),
	(answer) => (isPlainObject(answer.data) ? answer.data.records : undefined),
];

function readTotal(value: unknown): number | undefined {
	const total = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof total === 'number' && Number.isInteger(total) && total >= 0 ? total : undefined;
}

/** Reads a run-logs answer whatever its wrapping: rows under list, records, data, data.list or data.records. */
export function readRunLogPage(answer: IDataObject): RunLogPage {
	const list = ROW_PLACES.map((place) => place(answer)).find(Array.isArray) as
		| unknown[]
		| undefined;
	const rows = (list ?? []).filter(isPlainObject);
	const total =
		readTotal(answer.total) ??
		(isPlainObject(answer.data) ? readTotal(answer.data.total) : undefined);
	return total === undefined ? { rows } : { rows, total };
}

/**
 * Whether to ask for the next page: not after an empty page; with a total, until that many rows
 * were read; without one, not after a short page (the only end a server without totals shows).
 */
export function hasNextPage(page: RunLogPage, rowsSoFar: number, pageSize: number): boolean {
	if (page.rows.length === 0) return false;
	if (page.total !== undefined) return rowsSoFar < page.total;
	return page.rows.length >= pageSize;
}
