import type { IDataObject } from 'n8n-workflow';

import { isPlainObject } from './workflowInput';

export interface RunLogPage {
	rows: IDataObject[];
	/** The number of matching runs, when the answer gives one. */
	total?: number;
}

/**
 * The rows of one run-logs answer. Its wrapping is not documented (see the API notes): the rows
 * may sit under `list`, `records` or `data`, or under `data.list` / `data.records`.
 */
export function readRunLogPage(answer: unknown): RunLogPage {
	if (!isPlainObject(answer)) return { rows: [] };
	const holders = isPlainObject(answer.data) ? [answer.data, answer] : [answer];
	for (const holder of holders) {
		for (const key of ['list', 'records', 'data']) {
			const value = holder[key];
			if (Array.isArray(value)) {
				const total = holder.total ?? answer.total;
				return {
					rows: value.filter(isPlainObject),
					...(typeof total === 'number' && Number.isFinite(total) && { total }),
				};
			}
		}
	}
	return { rows: [] };
}
