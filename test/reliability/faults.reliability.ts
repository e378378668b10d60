/**
 * Requirement 1 and 2: the retry policy under every simulator fault, and 1,000 items through
 * n8n-core's engine with ~10 % random faults of every kind.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { Simulator } from '../engine/fixture';
import { json, paired, runWorkflowNode, useSimulator } from '../engine/fixture';
import { addFigures, itemKey } from './support';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { FAULT_KINDS } = require('../../simulator/faults') as { FAULT_KINDS: string[] };

type Sim = Simulator & {
	state: Simulator['state'] & { faultsInjected: Record<string, number> };
	faults: Simulator['faults'] & { refuseFor(ms: number): void };
};

const INVOKE = '/v1/workflow/invoke';
const QUERY = '/v1/workflow/query/result';
const LOGS = '/v1/workflow/run/logs';

/** The error text each fault kind must give, once it is final (not retried or retries used up). */
const EXPECTED_MESSAGE: Record<string, RegExp> = {
	rate_limit: /^GPTBots answered HTTP 429 \(code 42900\): Too many requests/,
	server_error: /^GPTBots answered HTTP 500 \(code 50000\): Internal error/,
	bad_gateway: /^GPTBots answered HTTP 502: <html>502 Bad Gateway<\/html>/,
	unavailable: /^GPTBots answered HTTP 503 \(code 50300\): Service unavailable/,
	gateway_timeout: /^GPTBots answered HTTP 504: Gateway Timeout/,
	reset_before: /^Could not get an answer from GPTBots \((ECONNRESET|EPIPE)\)/,
	reset_after: /^Could not get an answer from GPTBots \((ECONNRESET|EPIPE)\)/,
	hang: /^GPTBots did not answer within 1 s/,
	hang_after: /^GPTBots did not answer within 1 s/,
	non_json: /^GPTBots answered HTTP 200 with a body that is not a JSON object \(text\/html[^)]*\): <html>Maintenance<\/html>/,
	error_code_200: /^GPTBots returned error code 40348: Workflow is disabled/,
};
const CATEGORY: Record<string, string> = {
	reset_before: 'reset',
	reset_after: 'reset',
	hang: 'timeout',
	hang_after: 'timeout',
};
const categoryOf = (kind: string) => CATEGORY[kind] ?? kind;

function kindOfMessage(message: string): string | undefined {
	return Object.keys(EXPECTED_MESSAGE).find((kind) => EXPECTED_MESSAGE[kind].test(message));
}

const invokeParams = (mode: string, options: IDataObject = {}, extra: IDataObject = {}) => ({
	operation: 'invoke',
	mode,
	inputSource: 'item',
	options: { timeout: 1, ...options },
	...extra,
});

const keyedItems = (count: number, extra: (i: number) => IDataObject = () => ({})) =>
	Array.from({ length: count }, (_, i) => ({ __itemKey: itemKey(i), i, ...extra(i) }));

function doubled(sim: Sim): string[] {
	return Object.entries(sim.state.runsByItemKey)
		.filter(([, count]) => count > 1)
		.map(([key]) => key);
}

const elapsed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
	const started = Date.now();
	const result = await work();
	return [result, Date.now() - started];
};

// --------------------------------------------------------------------------------------------
describe('retry policy under each simulator fault', () => {
	const holder = useSimulator({ latencyMs: 0, retryAfterSeconds: 0.05 }) as unknown as { sim: Sim };

	afterEach(() => addFigures({ runsDoubled: doubled(holder.sim).length }));

	const transient = ['rate_limit', 'bad_gateway', 'unavailable', 'gateway_timeout', 'reset_before', 'reset_after', 'hang', 'hang_after'];
	const permanent = ['server_error', 'non_json', 'error_code_200'];

	it.each(transient)('an idempotent query is retried after %s and succeeds', async (kind) => {
		const { sim } = holder;
		const first = await runWorkflowNode(sim, { parameters: invokeParams('async'), items: [{ __itemKey: 'q' }] });
		const id = String(first.items[0].json.workflowRunId);
		sim.faults.queue(QUERY, kind, 1);
		const result = await runWorkflowNode(sim, { parameters: { operation: 'getResult', workflowRunId: id, options: { timeout: 1 } } });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ workflowRunId: id });
		expect(sim.state.counts.query).toBe(2);
		addFigures({ itemsIn: 2, itemsOut: first.items.length + result.items.length });
	});

	it.each(permanent)('an idempotent query is NOT retried after %s (not transient): one request, a clear error', async (kind) => {
		const { sim } = holder;
		sim.faults.queue(QUERY, kind, 1);
		const result = await runWorkflowNode(sim, { parameters: { operation: 'getResult', workflowRunId: 'run_x', options: { timeout: 1 } } });
		expect(result.error?.message).toMatch(EXPECTED_MESSAGE[kind]);
		expect(result.error?.message).toMatch(/ \[item 0\]$/);
		expect(sim.state.counts.query).toBe(1);
		addFigures({ itemsIn: 1 });
	});

	it.each(['rate_limit', 'bad_gateway', 'unavailable', 'gateway_timeout', 'reset_after', 'hang'])(
		'the run logs (idempotent GET) are retried after %s',
		async (kind) => {
			const { sim } = holder;
			sim.seedRuns(3, {});
			sim.faults.queue(LOGS, kind, 1);
			const result = await runWorkflowNode(sim, { parameters: { operation: 'getRuns', returnAll: true, options: { timeout: 1 } } });
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(3);
			expect(sim.state.counts.logs).toBe(2);
			addFigures({ itemsIn: 1, itemsOut: result.items.length });
		},
	);

	it('an idempotent call gives up after 4 retries, naming the attempts', async () => {
		const { sim } = holder;
		sim.faults.queue(QUERY, 'unavailable', 10);
		const result = await runWorkflowNode(sim, { parameters: { operation: 'getResult', workflowRunId: 'run_x', options: { timeout: 1 } } });
		expect(result.error?.message).toMatch(/^GPTBots answered HTTP 503 .* \[item 0\]$/);
		expect((result.error as { description?: string }).description).toMatch(/after 5 attempts/);
		expect(sim.state.counts.query).toBe(5);
	});

	it('invoke is retried on 429 (the server refused it): one run, not two', async () => {
		const { sim } = holder;
		sim.faults.queue(INVOKE, 'rate_limit', 3);
		const result = await runWorkflowNode(sim, { parameters: invokeParams('sync'), items: [{ __itemKey: 'r429' }] });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ status: 'SUCCEED' });
		expect(sim.state.counts.invoke).toBe(4);
		expect(sim.state.runsByItemKey).toEqual({ r429: 1 });
		addFigures({ itemsIn: 1, itemsOut: 1 });
	});

	it('invoke is retried on a refused connection (nothing was sent): one run', async () => {
		const { sim } = holder;
		sim.faults.refuseFor(400);
		const [result, ms] = await elapsed(() => runWorkflowNode(sim, { parameters: invokeParams('sync'), items: [{ __itemKey: 'refused' }] }));
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ status: 'SUCCEED', input: { __itemKey: 'refused' } });
		expect(sim.state.runsByItemKey).toEqual({ refused: 1 });
		expect(ms).toBeGreaterThanOrEqual(300);
		addFigures({ itemsIn: 1, itemsOut: 1 });
	});

	it.each(['server_error', 'bad_gateway', 'unavailable', 'gateway_timeout', 'reset_before', 'reset_after', 'hang', 'hang_after', 'non_json', 'error_code_200'])(
		'invoke is NOT retried after %s (the server may have accepted the run): one request, a clear error',
		async (kind) => {
			const { sim } = holder;
			sim.faults.queue(INVOKE, kind, 1);
			const result = await runWorkflowNode(sim, { parameters: invokeParams('sync'), items: [{ __itemKey: kind }] });
			expect(result.error?.message).toMatch(EXPECTED_MESSAGE[kind]);
			expect(result.error?.message).toMatch(/ \[item 0\]$/);
			expect(sim.state.counts.invoke).toBe(1);
			expect(sim.state.runsByItemKey[kind] ?? 0).toBe(kind.endsWith('_after') ? 1 : 0);
			addFigures({ itemsIn: 1 });
		},
	);

	it('with "Retry Invoke When Safe" off, even a 429 on invoke is not retried', async () => {
		const { sim } = holder;
		sim.faults.queue(INVOKE, 'rate_limit', 1);
		const result = await runWorkflowNode(sim, { parameters: invokeParams('sync', { retryInvokeWhenSafe: false }), items: [{ __itemKey: 'k' }] });
		expect(result.error?.message).toMatch(/^GPTBots answered HTTP 429 .* \[item 0\]$/);
		expect((result.error as { description?: string }).description).toMatch(/Lower the Concurrency option/);
		expect(sim.state.counts.invoke).toBe(1);
	});

	it('the per-request timeout holds: a hung query is abandoned after Timeout and retried', async () => {
		const { sim } = holder;
		const first = await runWorkflowNode(sim, { parameters: invokeParams('async'), items: [{ __itemKey: 't' }] });
		const id = String(first.items[0].json.workflowRunId);
		sim.faults.queue(QUERY, 'hang', 1);
		const [result, ms] = await elapsed(() => runWorkflowNode(sim, { parameters: { operation: 'getResult', workflowRunId: id, options: { timeout: 1 } } }));
		expect(result.error).toBeUndefined();
		expect(ms).toBeGreaterThanOrEqual(950);
		expect(ms).toBeLessThan(4000);
	});

	it('a sync run that outlasts Timeout says so, suggests the async modes, and is not resent', async () => {
		const { sim } = holder;
		const [result, ms] = await elapsed(() =>
			runWorkflowNode(sim, { parameters: invokeParams('sync', { timeout: 1 }), items: [{ __itemKey: 'slow', __durationMs: 3000 }] }),
		);
		expect(result.error?.message).toBe('GPTBots did not answer within 1 s [item 0]');
		const description = String((result.error as { description?: string }).description);
		expect(description).toMatch(/synchronous run must finish within the Timeout option/);
		expect(description).toMatch(/Async, Wait by Polling/);
		expect(description).toMatch(/Async, Wait by Callback/);
		expect(ms).toBeLessThan(2500);
		expect(sim.state.counts.invoke).toBe(1);
		expect(sim.state.runsByItemKey).toEqual({ slow: 1 });
	});

	it('an async invoke that times out is not called a long sync run, and is not resent', async () => {
		const { sim } = holder;
		sim.faults.queue(INVOKE, 'hang', 1);
		const result = await runWorkflowNode(sim, { parameters: invokeParams('async'), items: [{ __itemKey: 'a' }] });
		expect(result.error?.message).toBe('GPTBots did not answer within 1 s [item 0]');
		expect((result.error as { description?: string }).description).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/v1\/workflow\/invoke timed out\. Raise the Timeout option/);
		expect(sim.state.counts.invoke).toBe(1);
	});
});

// --------------------------------------------------------------------------------------------
interface Classified {
	succeeded: number;
	errors: Record<string, number>;
}

/**
 * Checks the output of a fault run item by item: one output per input, in order, paired with
 * it; a finished run of that very item or an error naming `[item i]` with a message that is one
 * of the known, clear kinds.
 */
function checkOneOutputPerItem(out: INodeExecutionData[], count: number): Classified {
	expect(out).toHaveLength(count);
	expect(paired(out)).toEqual(Array.from({ length: count }, (_, item) => ({ item })));
	const classified: Classified = { succeeded: 0, errors: {} };
	const unclear: string[] = [];
	json(out).forEach((item, i) => {
		if (item.error === undefined) {
			expect(item).toMatchObject({ status: 'SUCCEED', input: { __itemKey: itemKey(i) } });
			classified.succeeded++;
			return;
		}
		const message = String(item.error);
		const kind = kindOfMessage(message);
		if (!kind || !message.endsWith(` [item ${i}]`)) unclear.push(`${i}: ${message}`);
		else classified.errors[categoryOf(kind)] = (classified.errors[categoryOf(kind)] ?? 0) + 1;
	});
	expect(unclear).toEqual([]);
	return classified;
}

describe('1,000 items with ~10 % random faults of every kind (sync)', () => {
	const FAULTS = { latencyMs: 2, retryAfterSeconds: 0.05, faultRate: 0.1, faultKinds: FAULT_KINDS, seed: 7 };
	const holder = useSimulator(FAULTS) as unknown as { sim: Sim };

	it('continueOnFail: 1,000 outputs in order, each a run or a clear error; no item started twice', async () => {
		const { sim } = holder;
		const count = 1000;
		const result = await runWorkflowNode(sim, {
			parameters: invokeParams('sync', { concurrency: 50 }),
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
		expect(Object.keys(sim.state.runsByItemKey)).toHaveLength(classified.succeeded + injected.reset_after + injected.hang_after);
		// Timeouts on a sync run name the remedy.
		json(result.items)
			.filter((item) => /did not answer within/.test(String(item.error)))
			.forEach((item) => expect(item.description).toMatch(/Async, Wait by Polling/));
	});

	it('without continueOnFail, one item at a time: the execution fails with the first faulty item, and no later item is started', async () => {
		const { sim } = holder;
		const count = 1000;
		const result = await runWorkflowNode(sim, { parameters: invokeParams('sync', { concurrency: 1 }), items: keyedItems(count) });
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
		const items = keyedItems(30, (i) => (i === 4 ? { __fail: 'late failure', __durationMs: 400 } : i === 9 ? { __fail: 'early failure' } : {}));
		const result = await runWorkflowNode(sim, { parameters: invokeParams('sync', { concurrency: 20 }), items });
		expect(result.error?.message).toMatch(/^The GPTBots workflow run run_\w+ ended with status FAILED: late failure \[item 4\]$/);
		expect(doubled(sim)).toEqual([]);
		addFigures({ itemsIn: items.length });
	});
});

describe('200 items, asyncPoll, ~10 % random faults on invoke AND on the result queries', () => {
	const FAULTS = { latencyMs: 2, retryAfterSeconds: 0.05, faultRate: 0.1, faultKinds: FAULT_KINDS, seed: 11, asyncDurationMs: 150 };
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
			(r) => r.path === QUERY && ['server_error', 'non_json', 'error_code_200'].includes(String(r.fault)),
		).length;
		const failedInvokes = sim.state.requests.filter((r) => r.path === INVOKE && r.fault && r.fault !== 'rate_limit').length;
		expect(count - classified.succeeded).toBe(permanentQueryFaults + failedInvokes);
	});
});

describe('asyncPoll: a poll that fails for good', () => {
	const holder = useSimulator({ latencyMs: 0, asyncDurationMs: 200 }) as unknown as { sim: Sim };

	it('without continueOnFail the first error in item order wins', async () => {
		const { sim } = holder;
		const items = keyedItems(20, (i) => (i === 3 ? { __fail: 'slow failure', __durationMs: 600 } : i === 12 ? { __fail: 'quick failure', __durationMs: 50 } : {}));
		const result = await runWorkflowNode(sim, { parameters: invokeParams('asyncPoll', { pollInterval: 0.1, maxWait: 30 }), items });
		expect(result.error?.message).toMatch(/^The GPTBots workflow run run_\w+ ended with status FAILED: slow failure \[item 3\]$/);
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

