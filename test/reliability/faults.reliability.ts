/**
 * Requirement 2: many items through n8n-core's engine with ~10 % random faults of every kind.
 */

import { json, runWorkflowNode, useSimulator } from '../engine/fixture';
import { addFigures, itemKey } from './support';
import type { Sim } from './faultsSupport';
import {
	INVOKE,
	QUERY,
	EXPECTED_MESSAGE,
	FAULT_KINDS,
	categoryOf,
	invokeParams,
	keyedItems,
	doubled,
	checkOneOutputPerItem,
} from './faultsSupport';

describe('1,000 items with ~10 % random faults of every kind (sync)', () => {
	const FAULTS = {
		latencyMs: 2,
		retryAfterSeconds: 0.05,
		faultRate: 0.1,
		faultKinds: FAULT_KINDS,
		seed: 7,
	};
	const holder = useSimulator(FAULTS) as unknown as { sim: Sim };

	it('continueOnFail: 1,000 outputs in order, each a run or a clear error; no item started twice', async () => {
		const { sim } = holder;
		const count = 1000;
		const result = await runWorkflowNode(sim, {
			// 5 s, not 1: on a loaded machine a slow answer must not pass for an injected hang.
			parameters: invokeParams('sync', { concurrency: 50, timeout: 5 }),
			items: keyedItems(count),
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		const classified = checkOneOutputPerItem(result.items, count);
		const injected = sim.state.faultsInjected;
		const twice = doubled(sim);
		addFigures({ itemsIn: count, itemsOut: result.items.length, runsDoubled: twice.length });

		// Every kind the simulator has was injected, and ~10 % of requests got one.
		expect(Object.keys(injected).sort()).toEqual([...FAULT_KINDS].sort());
		const totalFaults = Object.values(injected).reduce((a, b) => a + b, 0);
		expect(totalFaults).toBeGreaterThan(60);
		expect(totalFaults).toBeLessThan(150);

		// Sync invoke is retried only on 429: every other fault is exactly one error item of its kind.
		const expected: Record<string, number> = {};
		for (const [kind, n] of Object.entries(injected)) {
			if (kind !== 'rate_limit') expected[categoryOf(kind)] = (expected[categoryOf(kind)] ?? 0) + n;
		}
		const { rate_limit: exhausted = 0, ...rest } = classified.errors;
		expect(rest).toEqual(expected);
		expect(exhausted).toBe(0);
		expect(classified.succeeded).toBe(count - Object.values(expected).reduce((a, b) => a + b, 0));
		// Each 429 cost one extra invoke request, nothing more.
		expect(sim.state.counts.invoke).toBe(count + injected.rate_limit);

		// No item started twice; each finished item started exactly once; faults *_after started one run.
		expect(twice).toEqual([]);
		json(result.items).forEach((item, i) => {
			if (item.error === undefined) expect(sim.state.runsByItemKey[itemKey(i)]).toBe(1);
		});
		expect(Object.keys(sim.state.runsByItemKey)).toHaveLength(
			classified.succeeded + injected.reset_after + injected.hang_after,
		);
		// Timeouts on a sync run name the remedy.
		json(result.items)
			.filter((item) => /did not answer within/.test(String(item.error)))
			.forEach((item) => expect(item.description).toMatch(/Async, Wait by Polling/));
	});

	it('without continueOnFail, one item at a time: the execution fails with the first faulty item, and no later item is started', async () => {
		const { sim } = holder;
		const count = 1000;
		const result = await runWorkflowNode(sim, {
			parameters: invokeParams('sync', { concurrency: 1 }),
			items: keyedItems(count),
		});
		// With one request at a time, request order is item order: find the first item whose final attempt failed.
		const invokes = sim.state.requests.filter((r) => r.path === INVOKE);
		let item = 0;
		let firstFailure: { item: number; kind: string } | undefined;
		for (const request of invokes) {
			const fault = request.fault as string | null;
			if (fault === 'rate_limit') continue; // retried
			if (fault) {
				firstFailure = { item, kind: fault };
				break;
			}
			item++;
		}
		expect(firstFailure).toBeDefined();
		const { item: m, kind } = firstFailure!;
		expect(result.error?.message).toMatch(EXPECTED_MESSAGE[kind]);
		expect(result.error?.message).toMatch(new RegExp(` \\[item ${m}\\]$`));
		expect(result.items).toEqual([]);
		// items 0..m-1 ran once each, item m at most once (a *_after fault), nothing after m
		const started = Object.keys(sim.state.runsByItemKey).sort();
		const expectedStarted = Array.from({ length: m }, (_, i) => itemKey(i));
		if (kind.endsWith('_after')) expectedStarted.push(itemKey(m));
		expect(started).toEqual(expectedStarted);
		expect(doubled(sim)).toEqual([]);
		addFigures({ itemsIn: count, runsDoubled: doubled(sim).length });
	});

	it('without continueOnFail, in parallel: the first error in ITEM order wins, not the first in time', async () => {
		const { sim } = holder;
		sim.configure({ faultRate: 0 });
		const items = keyedItems(30, (i) =>
			i === 4
				? { __fail: 'late failure', __durationMs: 400 }
				: i === 9
					? { __fail: 'early failure' }
					: {},
		);
		const result = await runWorkflowNode(sim, {
			parameters: invokeParams('sync', { concurrency: 20 }),
			items,
		});
		expect(result.error?.message).toMatch(
			/^The GPTBots workflow run run_\w+ ended with status FAILED: late failure \[item 4\]$/,
		);
		expect(doubled(sim)).toEqual([]);
		addFigures({ itemsIn: items.length });
	});
});

describe('200 items, asyncPoll, ~10 % random faults on invoke AND on the result queries', () => {
	const FAULTS = {
		latencyMs: 2,
		retryAfterSeconds: 0.05,
		faultRate: 0.1,
		faultKinds: FAULT_KINDS,
		seed: 11,
		asyncDurationMs: 150,
	};
	const holder = useSimulator(FAULTS) as unknown as { sim: Sim };

	it('continueOnFail: 200 outputs in order, each a run or a clear error; no item started twice', async () => {
		const { sim } = holder;
		const count = 200;
		const result = await runWorkflowNode(sim, {
			parameters: invokeParams('asyncPoll', { concurrency: 50, pollInterval: 0.1, maxWait: 60 }),
			items: keyedItems(count),
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		const classified = checkOneOutputPerItem(result.items, count);
		const twice = doubled(sim);
		addFigures({ itemsIn: count, itemsOut: result.items.length, runsDoubled: twice.length });
		expect(twice).toEqual([]);

		const queryFaults = sim.state.requests.filter((r) => r.path === QUERY && r.fault).length;
		const invokeFaults = sim.state.requests.filter((r) => r.path === INVOKE && r.fault).length;
		expect(queryFaults).toBeGreaterThan(10);
		expect(invokeFaults).toBeGreaterThan(5);
		// Transient query faults are retried: only the non-transient ones (and invoke faults) fail an item.
		const permanentQueryFaults = sim.state.requests.filter(
			(r) =>
				r.path === QUERY &&
				['server_error', 'non_json', 'error_code_200'].includes(String(r.fault)),
		).length;
		const failedInvokes = sim.state.requests.filter(
			(r) => r.path === INVOKE && r.fault && r.fault !== 'rate_limit',
		).length;
		expect(count - classified.succeeded).toBe(permanentQueryFaults + failedInvokes);
	});
});

describe('asyncPoll: a poll that fails for good', () => {
	const holder = useSimulator({ latencyMs: 0, asyncDurationMs: 200 }) as unknown as { sim: Sim };

	it('without continueOnFail the first error in item order wins', async () => {
		const { sim } = holder;
		const items = keyedItems(20, (i) =>
			i === 3
				? { __fail: 'slow failure', __durationMs: 600 }
				: i === 12
					? { __fail: 'quick failure', __durationMs: 50 }
					: {},
		);
		const result = await runWorkflowNode(sim, {
			parameters: invokeParams('asyncPoll', { pollInterval: 0.1, maxWait: 30 }),
			items,
		});
		expect(result.error?.message).toMatch(
			/^The GPTBots workflow run run_\w+ ended with status FAILED: slow failure \[item 3\]$/,
		);
		expect(doubled(sim)).toEqual([]);
		addFigures({ itemsIn: items.length });
	});

	// BUG (weakness): the run was started and goes on in GPTBots (it costs credits), but the error
	// item does not say which run: the user cannot fetch its result later. The Max Wait error does.
	it('still names the workflowRunId of the started run, so its result can be fetched later', async () => {
		const { sim } = holder;
		sim.faults.queue(QUERY, 'server_error', 1);
		const result = await runWorkflowNode(sim, {
			parameters: invokeParams('asyncPoll', { pollInterval: 0.1, maxWait: 30 }),
			items: [{ __itemKey: 'lost' }],
			continueOnFail: true,
		});
		const [runId] = [...sim.state.runs.keys()];
		addFigures({ itemsIn: 1, itemsOut: result.items.length });
		expect(result.items[0].json.error).toMatch(/^GPTBots answered HTTP 500 .* \[item 0\]$/);
		expect(result.items[0].json.workflowRunId).toBe(runId);
	});
});
