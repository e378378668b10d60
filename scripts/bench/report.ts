/**
 * The bench's output: medians, the rows of its tables (label, unit, goal) and the table printer.
 */
import { median } from '../lib/stats';
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

/** The trigger leg (scripts/bench/triggerLeg.ts): deliveries/s in a real `n8n start`. */
const TRIGGER_ROWS: Row[] = [
	{
		key: 'triggerDeliveriesPerSec',
		label: 'n8n start: our trigger, deliveries/s',
		unit: '/s',
		digits: 1,
	},
	{
		key: 'webhookNodeDeliveriesPerSec',
		label: "n8n start: n8n's Webhook node, deliveries/s",
		unit: '/s',
		digits: 1,
	},
	{
		key: 'triggerVsWebhookNode',
		label: 'triggerVsWebhookNode (trigger ÷ Webhook node)',
		unit: '×',
		digits: 3,
		goal: { op: '>=', value: 0.9 },
	},
	{
		key: 'triggerLostRunIds',
		label: 'trigger: run ids with no execution',
		unit: '',
		digits: 0,
		goal: { op: '=', value: 0 },
	},
	{
		key: 'triggerDoubledExecutions',
		label: 'trigger: executions beyond one per run id',
		unit: '',
		digits: 0,
		goal: { op: '=', value: 0 },
	},
	{
		key: 'webhookNodeLostOrExtra',
		label: 'Webhook node: executions ≠ one per delivery',
		unit: '',
		digits: 0,
	},
	{
		key: 'triggerDeliveriesRetried',
		label: 'trigger: deliveries sent again (5xx or no answer)',
		unit: '',
		digits: 0,
	},
	{
		key: 'webhookNodeDeliveriesRetried',
		label: 'Webhook node: deliveries sent again (5xx or no answer)',
		unit: '',
		digits: 0,
	},
];

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

const ROWS: Row[] = [
	{ key: 'syncNodeMs', label: 'no limit: node, concurrency 100', unit: 'ms', digits: 0 },
	{ key: 'syncFetchMs', label: 'no limit: fetch, 100 in flight', unit: 'ms', digits: 0 },
	{
		key: 'syncNodePeakInFlight',
		label: 'no limit: node peak in flight (sim)',
		unit: '',
		digits: 0,
	},
	{
		key: 'syncFloorMs',
		label: 'no limit: floor (bare helper loop), concurrency 100',
		unit: 'ms',
		digits: 0,
	},
	{
		key: 'floorRatio',
		label: 'floorRatio (node ÷ floor)',
		unit: '×',
		digits: 3,
		goal: { op: '<=', value: 1.1 },
	},
	{
		key: 'syncNodeCpuMs',
		label: 'no limit: node, CPU time of the bench process',
		unit: 'ms',
		digits: 0,
	},
	{
		key: 'syncFloorCpuMs',
		label: 'no limit: floor, CPU time of the bench process',
		unit: 'ms',
		digits: 0,
	},
	{ key: 'floorCpuRatio', label: 'floorCpuRatio (node ÷ floor, CPU time)', unit: '×', digits: 3 },
	{ key: 'syncRatioVsFetch', label: 'syncRatioVsFetch (reported, no goal)', unit: '×', digits: 3 },
	{ key: 'limitedNodeMs', label: 'limit 10: node, default options', unit: 'ms', digits: 0 },
	{ key: 'limitedFetchMs', label: 'limit 10: fetch, exactly 10 in flight', unit: 'ms', digits: 0 },
	{ key: 'limitedNode429s', label: 'limit 10: 429s the node got', unit: '', digits: 0 },
	{ key: 'limitedNodeInvokes', label: 'limit 10: invokes the node sent', unit: '', digits: 0 },
	{ key: 'limitedFetch429s', label: 'limit 10: 429s fetch got', unit: '', digits: 0 },
	{
		key: 'rateLimitedRatio',
		label: 'rateLimitedRatio',
		unit: '×',
		digits: 3,
		goal: { op: '<=', value: 1.25 },
	},
	{
		key: 'rateLimitedErrors',
		label: 'rateLimitedErrors (error items)',
		unit: '',
		digits: 0,
		goal: { op: '=', value: 0 },
	},
	{ key: 'serialPerItemMs', label: 'concurrency 1: per item (200 items)', unit: 'ms', digits: 2 },
	{ key: 'defaultPerItemMs', label: 'default (20): per item (1000 items)', unit: 'ms', digits: 2 },
	{
		key: 'speedupVsSerial',
		label: 'speedupVsSerial (per-item times)',
		unit: '×',
		digits: 2,
		goal: { op: '>=', value: 8 },
	},
	{ key: 'pollTotalMs', label: 'asyncPoll: total for 100 runs', unit: 'ms', digits: 0 },
	{ key: 'pollSlowestMs', label: 'asyncPoll: slowest run', unit: 'ms', digits: 0 },
	{
		key: 'pollTotalVsSlowest',
		label: 'pollTotalVsSlowest',
		unit: '×',
		digits: 3,
		goal: { op: '<=', value: 1.3 },
	},
	{ key: 'pollsPerRun', label: 'pollsPerRun (query/result ÷ runs)', unit: '', digits: 2 },
	{
		key: 'pollsPerRunFixedInterval',
		label: '  reference: fixed 1 s interval',
		unit: '',
		digits: 2,
	},
	{ key: 'rssBaselineMb', label: 'RSS before 10,000 items', unit: 'MB', digits: 1 },
	{ key: 'rssPeakMb', label: 'RSS peak during the run', unit: 'MB', digits: 1 },
	{ key: 'rssRunMs', label: '10,000 items, default options: time', unit: 'ms', digits: 0 },
	{
		key: 'heapRetainedMb',
		label: '  heap left after the run + gc (leak check)',
		unit: 'MB',
		digits: 1,
	},
	{
		key: 'rssGrowthMb',
		label: 'rssGrowthMb (peak − baseline), default options',
		unit: 'MB',
		digits: 1,
		goal: { op: '<=', value: 150 },
	},
	{
		key: 'rssAtHighGrowthMb',
		label: '  node at --rss-concurrency (default 100)',
		unit: 'MB',
		digits: 1,
	},
	{
		key: 'rssFloorAtHighGrowthMb',
		label: '  floor (bare helper loop) at the same concurrency',
		unit: 'MB',
		digits: 1,
	},
	{
		key: 'heapAtHighRetainedMb',
		label: '  node at 100: heap left after the run + gc',
		unit: 'MB',
		digits: 1,
	},
	{
		key: 'files20GrowthMb',
		label: 'files: 20 × 10 MB, concurrency 5: RSS growth',
		unit: 'MB',
		digits: 1,
	},
	{
		key: 'files40GrowthMb',
		label: 'files: 40 × 10 MB, concurrency 5: RSS growth',
		unit: 'MB',
		digits: 1,
	},
	{
		key: 'files40PollGrowthMb',
		label: 'files: 40 × 10 MB, asyncPoll, concurrency 5: RSS growth',
		unit: 'MB',
		digits: 1,
	},
	{ key: 'files40Ms', label: 'files: 40 × 10 MB, concurrency 5: time', unit: 'ms', digits: 0 },
	{
		key: 'files40PeakInFlight',
		label: 'files: invokes in flight at once (sim)',
		unit: '',
		digits: 0,
	},
	{
		key: 'filesGrowthRatio40vs20',
		label: 'filesGrowthRatio40vs20 (bounded by concurrency)',
		unit: '×',
		digits: 2,
		goal: { op: '<=', value: 1.3 },
	},
	{
		key: 'tarballKb',
		label: 'tarballKb (npm pack)',
		unit: 'KB',
		digits: 1,
		goal: { op: '<=', value: 60 },
	},
	{ key: 'unpackedKb', label: '  unpacked', unit: 'KB', digits: 1 },
	{ key: 'files', label: '  files in the tarball', unit: '', digits: 0 },
	{ key: 'requireMs', label: 'requireMs (cold, incl. n8n-workflow)', unit: 'ms', digits: 1 },
	{ key: 'requireN8nWorkflowMs', label: '  of which n8n-workflow alone', unit: 'ms', digits: 1 },
	{ key: 'requireOwnMs', label: '  node alone (n8n-workflow preloaded)', unit: 'ms', digits: 1 },
	// --n8n (scripts/bench/n8nRunner.ts): the nodes' own executionTime in a real n8n
	{ key: 'n8nNodeMs', label: 'n8n, no limit: our node, concurrency 100', unit: 'ms', digits: 0 },
	{
		key: 'n8nHttpNodeMs',
		label: 'n8n, no limit: HTTP Request node, default options',
		unit: 'ms',
		digits: 0,
	},
	{
		key: 'vsHttpRequestNode',
		label: 'vsHttpRequestNode (node ÷ HTTP Request node)',
		unit: '×',
		digits: 3,
		goal: { op: '<=', value: 1.1 },
	},
	{
		key: 'n8nNodeLimitedMs',
		label: 'n8n, limit 10: our node, default options',
		unit: 'ms',
		digits: 0,
	},
	{
		key: 'n8nNodeErrorsUnderLimit',
		label: 'n8n, limit 10: our node, error items',
		unit: '',
		digits: 0,
	},
	{ key: 'n8nNode429sUnderLimit', label: 'n8n, limit 10: 429s our node got', unit: '', digits: 0 },
	{ key: 'n8nHttpNodeLimitedMs', label: 'n8n, limit 10: HTTP Request node', unit: 'ms', digits: 0 },
	{
		key: 'httpNodeErrorsUnderLimit',
		label: 'httpNodeErrorsUnderLimit (error items)',
		unit: '',
		digits: 0,
	},
	{
		key: 'n8nHttpNode429sUnderLimit',
		label: 'n8n, limit 10: 429s the HTTP Request node got',
		unit: '',
		digits: 0,
	},
	...triggerRows(),
];

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
