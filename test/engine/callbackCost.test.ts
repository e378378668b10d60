import type { IDataObject } from 'n8n-workflow';

import { forgetAwaitedRuns } from '../../nodes/GptBots/workflow/invoke/resumeOnCallback/awaitedRuns';
import { callbackRun, json, paired, startWaiting, useSimulator } from './fixture';

const { finishRun } = require('../../simulator/workflow');

const holder = useSimulator();
const ITEMS = 200;

/** A reproducible shuffle (mulberry32), so the "random" order is the same on every run. */
function shuffled(count: number, seed: number): number[] {
	let state = seed;
	const random = () => {
		state = (state + 0x6d2b79f5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const order = Array.from({ length: count }, (_, i) => i);
	for (let i = count - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[order[i], order[j]] = [order[j], order[i]];
	}
	return order;
}

const ORDERS: Array<[string, number[]]> = [
	['in item order', Array.from({ length: ITEMS }, (_, i) => i)],
	['in reverse order', Array.from({ length: ITEMS }, (_, i) => ITEMS - 1 - i)],
	['in random order', shuffled(ITEMS, 12)],
];

/**
 * Starts 200 runs that end only when told, ends them one by one in `order`, and sends each
 * run's callback (with an EMPTY body: the item comes from the URL) as soon as it ends.
 */
async function endAndCallBack(order: number[], { freshProcessPerCallback = false } = {}) {
	const { sim } = holder;
	const run = callbackRun(
		Array.from({ length: ITEMS }, (_, k) => ({ k, __durationMs: 3_600_000 })),
		{ maxWait: 3600 },
	);
	const { waiting, runIds, callBack } = await startWaiting(sim, run);
	const statuses: number[] = [];
	let last = waiting;
	const firstEnd = Date.now();
	for (const [position, index] of order.entries()) {
		// strictly later than the run before, as runs ending one after another would be
		finishRun(sim.state.runs.get(runIds[index]), firstEnd + position);
		if (freshProcessPerCallback) forgetAwaitedRuns(`${waiting.executionId}:GPTBots Workflow-id`);
		last = await callBack(index);
		statuses.push(last.webhook!.response.statusCode);
	}
	return { last, statuses, queries: sim.state.counts.query, invokes: sim.state.counts.invoke };
}

describe('asyncWebhook with 200 items: result queries grow linearly, whatever the ending order', () => {
	it.each(ORDERS)(
		'runs ending %s: at most 3 result queries per run, one resume with every item',
		async (label, order) => {
			const { last, statuses, queries, invokes } = await endAndCallBack(order);
			expect(invokes).toBe(ITEMS);
			// every callback but the last is acknowledged; the last resumes with all 200 items, in order
			expect(statuses.slice(0, -1).every((status) => status === 202)).toBe(true);
			expect(last.waitTill).toBeUndefined();
			expect(json(last.items).map((item) => (item.input as IDataObject).k)).toEqual(
				Array.from({ length: ITEMS }, (_, k) => k),
			);
			expect(paired(last.items)).toEqual(Array.from({ length: ITEMS }, (_, item) => ({ item })));
			const perRun = queries / ITEMS;
			process.stdout.write(
				`callback cost, ${ITEMS} items ending ${label}: ${queries} result queries, ${perRun.toFixed(2)} per run\n`,
			);
			expect(perRun).toBeLessThanOrEqual(3);
		},
		120_000,
	);

	it.each(ORDERS)(
		'runs ending %s, each callback in a fresh process (nothing remembered): still resumes once, correctly',
		async (label, order) => {
			const { last, queries } = await endAndCallBack(order, { freshProcessPerCallback: true });
			expect(last.waitTill).toBeUndefined();
			expect(json(last.items)).toHaveLength(ITEMS);
			process.stdout.write(
				`callback cost without memory, ${ITEMS} items ending ${label}: ${queries} result queries, ${(queries / ITEMS).toFixed(2)} per run\n`,
			);
		},
		300_000,
	);
});
