/**
 * Requirement 1: the retry policy under every simulator fault.
 */

import { runWorkflowNode, useSimulator } from '../engine/fixture';
import { addFigures } from './support';
import type { Sim } from './faultsSupport';
import {
	INVOKE,
	QUERY,
	LOGS,
	EXPECTED_MESSAGE,
	FAULT_KINDS,
	invokeParams,
	doubled,
	elapsed,
} from './faultsSupport';

describe('retry policy under each simulator fault', () => {
	const holder = useSimulator({ latencyMs: 0, retryAfterSeconds: 0.05 }) as unknown as { sim: Sim };

	afterEach(() => addFigures({ runsDoubled: doubled(holder.sim).length }));

	// Every other fault the simulator can inject is transient (a new kind is tested as one).
	const permanent = ['server_error', 'non_json', 'error_code_200'];
	const transient = FAULT_KINDS.filter((kind) => !permanent.includes(kind));

	it.each(transient)('an idempotent query is retried after %s and succeeds', async (kind) => {
		const { sim } = holder;
		const first = await runWorkflowNode(sim, {
			parameters: invokeParams('async'),
			items: [{ __itemKey: 'q' }],
		});
		const id = String(first.items[0].json.workflowRunId);
		sim.faults.queue(QUERY, kind, 1);
		const result = await runWorkflowNode(sim, {
			parameters: { operation: 'getResult', workflowRunId: id, options: { timeout: 1 } },
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ workflowRunId: id });
		expect(sim.state.counts.query).toBe(2);
		addFigures({ itemsIn: 2, itemsOut: first.items.length + result.items.length });
	});

	it.each(permanent)(
		'an idempotent query is NOT retried after %s (not transient): one request, a clear error',
		async (kind) => {
			const { sim } = holder;
			sim.faults.queue(QUERY, kind, 1);
			const result = await runWorkflowNode(sim, {
				parameters: { operation: 'getResult', workflowRunId: 'run_x', options: { timeout: 1 } },
			});
			expect(result.error?.message).toMatch(EXPECTED_MESSAGE[kind]);
			expect(result.error?.message).toMatch(/ \[item 0\]$/);
			expect(sim.state.counts.query).toBe(1);
			addFigures({ itemsIn: 1 });
		},
	);

	it.each(['rate_limit', 'bad_gateway', 'unavailable', 'gateway_timeout', 'reset_after', 'hang'])(
		'the run logs (idempotent GET) are retried after %s',
		async (kind) => {
			const { sim } = holder;
			sim.seedRuns(3, {});
			sim.faults.queue(LOGS, kind, 1);
			const result = await runWorkflowNode(sim, {
				parameters: { operation: 'getRuns', returnAll: true, options: { timeout: 1 } },
			});
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(3);
			expect(sim.state.counts.logs).toBe(2);
			addFigures({ itemsIn: 1, itemsOut: result.items.length });
		},
	);

	it('an idempotent call gives up after 4 retries, naming the attempts', async () => {
		const { sim } = holder;
		sim.faults.queue(QUERY, 'unavailable', 10);
		const result = await runWorkflowNode(sim, {
			parameters: { operation: 'getResult', workflowRunId: 'run_x', options: { timeout: 1 } },
		});
		expect(result.error?.message).toMatch(/^GPTBots answered HTTP 503 .* \[item 0\]$/);
		expect((result.error as { description?: string }).description).toMatch(/after 5 attempts/);
		expect(sim.state.counts.query).toBe(5);
	});

	it('invoke is retried on 429 (the server refused it): one run, not two', async () => {
		const { sim } = holder;
		sim.faults.queue(INVOKE, 'rate_limit', 3);
		const result = await runWorkflowNode(sim, {
			parameters: invokeParams('sync'),
			items: [{ __itemKey: 'r429' }],
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ status: 'SUCCEED' });
		expect(sim.state.counts.invoke).toBe(4);
		expect(sim.state.runsByItemKey).toEqual({ r429: 1 });
		addFigures({ itemsIn: 1, itemsOut: 1 });
	});

	it('invoke is retried on a refused connection (nothing was sent): one run', async () => {
		const { sim } = holder;
		sim.faults.refuseFor(400);
		const [result, ms] = await elapsed(() =>
			runWorkflowNode(sim, { parameters: invokeParams('sync'), items: [{ __itemKey: 'refused' }] }),
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			status: 'SUCCEED',
			input: { __itemKey: 'refused' },
		});
		expect(sim.state.runsByItemKey).toEqual({ refused: 1 });
		expect(ms).toBeGreaterThanOrEqual(300);
		addFigures({ itemsIn: 1, itemsOut: 1 });
	});

	// Every fault but a 429, which says the run was refused: a new fault kind is covered too.
	it.each(FAULT_KINDS.filter((kind) => kind !== 'rate_limit'))(
		'invoke is NOT retried after %s (the server may have accepted the run): one request, a clear error',
		async (kind) => {
			const { sim } = holder;
			sim.faults.queue(INVOKE, kind, 1);
			const result = await runWorkflowNode(sim, {
				parameters: invokeParams('sync'),
				items: [{ __itemKey: kind }],
			});
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
		const result = await runWorkflowNode(sim, {
			parameters: invokeParams('sync', { retryInvokeWhenSafe: false }),
			items: [{ __itemKey: 'k' }],
		});
		expect(result.error?.message).toMatch(/^GPTBots answered HTTP 429 .* \[item 0\]$/);
		expect((result.error as { description?: string }).description).toMatch(
			/Lower the Concurrency option/,
		);
		expect(sim.state.counts.invoke).toBe(1);
	});

	it('the per-request timeout holds: a hung query is abandoned after Timeout and retried', async () => {
		const { sim } = holder;
		const first = await runWorkflowNode(sim, {
			parameters: invokeParams('async'),
			items: [{ __itemKey: 't' }],
		});
		const id = String(first.items[0].json.workflowRunId);
		sim.faults.queue(QUERY, 'hang', 1);
		const [result, ms] = await elapsed(() =>
			runWorkflowNode(sim, {
				parameters: { operation: 'getResult', workflowRunId: id, options: { timeout: 1 } },
			}),
		);
		expect(result.error).toBeUndefined();
		expect(ms).toBeGreaterThanOrEqual(950);
		expect(ms).toBeLessThan(4000);
	});

	it('a sync run that outlasts Timeout says so, suggests the async modes, and is not resent', async () => {
		const { sim } = holder;
		const [result, ms] = await elapsed(() =>
			runWorkflowNode(sim, {
				parameters: invokeParams('sync', { timeout: 1 }),
				items: [{ __itemKey: 'slow', __durationMs: 3000 }],
			}),
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
		const result = await runWorkflowNode(sim, {
			parameters: invokeParams('async'),
			items: [{ __itemKey: 'a' }],
		});
		expect(result.error?.message).toBe('GPTBots did not answer within 1 s [item 0]');
		expect((result.error as { description?: string }).description).toMatch(
			/^POST http:\/\/127\.0\.0\.1:\d+\/v1\/workflow\/invoke timed out\. Raise the Timeout option/,
		);
		expect(sim.state.counts.invoke).toBe(1);
	});
});
