/**
 * The bench's output: medians, the rows of its tables (label, unit, goal) and the table printer.
 */
import { median } from '../lib/stats';
import TABLE from './rows.json';
import type { Figures } from './legs';
import { SETTINGS_PASSES } from './settingsPasses';

export { median };

export function collect(reps: Figures[]): Record<string, number[]> {
	const all: Record<string, number[]> = {};
	for (const rep of reps)
		for (const [key, value] of Object.entries(rep)) (all[key] ??= []).push(value);
	return all;
}

export interface Row {
	key: string;
	label: string;
	unit: string;
	digits: number;
	goal?: { op: '<=' | '>=' | '='; value: number };
	note?: string;
}

/**
 * A row of rows.json: its figure's key, label, unit, digits shown and goal (e.g. '>= 0.9'), if
 * any. rows.json's `triggerRows` are the trigger leg's (scripts/bench/triggerLeg.ts: deliveries/s
 * in a real `n8n start`); the rows from `n8n…` on are the --n8n leg's (scripts/bench/n8nRunner.ts:
 * the nodes' own executionTime in a real n8n).
 */
function row({
	goal,
	...rest
}: {
	key: string;
	label: string;
	unit: string;
	digits: number;
	goal?: string;
}): Row {
	if (!goal) return rest;
	const [op, value] = goal.split(' ') as [NonNullable<Row['goal']>['op'], string];
	return { ...rest, goal: { op, value: Number(value) } };
}

/** The trigger leg (scripts/bench/triggerLeg.ts): deliveries/s in a real `n8n start`. */
const TRIGGER_ROWS: Row[] = TABLE.triggerRows.map(row);

/** The trigger rows, then the same for each pass under other n8n settings (see SETTINGS_PASSES). */
function triggerRows(): Row[] {
	return [
		...TRIGGER_ROWS,
		...SETTINGS_PASSES.flatMap((pass) =>
			TRIGGER_ROWS.map((row) => ({
				...row,
				key: `${row.key}${pass.suffix}`,
				label: `${row.label} [${pass.label}]`,
			})),
		),
	];
}

const ROWS: Row[] = [...TABLE.rows.map(row), ...triggerRows()];

function verdict(row: Row, value: number): string {
	if (!row.goal) return '';
	const { op, value: goal } = row.goal;
	const pass = op === '<=' ? value <= goal : op === '>=' ? value >= goal : value === goal;
	return `${op === '=' ? '=' : op === '<=' ? '≤' : '≥'} ${goal}  ${pass ? 'PASS' : 'MISS'}`;
}

export function printTable(
	title: string,
	values: Record<string, number[]>,
): Record<string, number> {
	const medians: Record<string, number> = {};
	const lines: string[][] = [['metric', 'median', 'min – max', 'goal']];
	for (const row of ROWS) {
		const list = values[row.key];
		if (!list?.length) continue;
		const m = median(list);
		medians[row.key] = m;
		const fmt = (v: number) =>
			`${v.toFixed(row.digits)}${row.unit && row.unit !== '×' ? ' ' + row.unit : row.unit}`;
		const spread = list.length > 1 ? `${fmt(Math.min(...list))} – ${fmt(Math.max(...list))}` : '';
		lines.push([row.label, fmt(m), spread, verdict(row, m)]);
	}
	const widths = lines[0].map((_, c) => Math.max(...lines.map((l) => l[c].length)));
	console.log(`\n${title}`);
	lines.forEach((line, i) => {
		console.log(
			line
				.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
				.join('  ')
				.trimEnd(),
		);
		if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
	});
	return medians;
}

export const round = (value: number, digits: number) => Number(value.toFixed(digits));
