import { json, paired, runWorkflowNode, useSimulator } from './fixture';

const holder = useSimulator({ asyncDurationMs: 50 });

describe('getResult and getRuns', () => {
	it("getResult fetches each item's run, finished or not", async () => {
		const { sim } = holder;
		const started = await runWorkflowNode(sim, {
			parameters: { operation: 'invoke', mode: 'async', inputSource: 'item' },
			items: [{ k: 1 }, { k: 2, __durationMs: 10_000 }, { k: 3, __fail: 'nope' }],
		});
		await new Promise((resolve) => setTimeout(resolve, 150));
		const ids = started.items.map((item) => ({ id: item.json.workflowRunId }));
		const result = await runWorkflowNode(sim, {
			parameters: {
				operation: 'getResult',
				workflowRunId: '={{ $json.id }}',
				options: { failOnRunFailure: false },
			},
			items: ids,
		});
		expect(json(result.items).map((run) => run.status)).toEqual([
			'SUCCEED',
			expect.stringMatching(/PENDING|RUNNING/),
			'FAILED',
		]);
		expect(json(result.items).map((run) => run.workflowRunId)).toEqual(ids.map((i) => i.id));
		expect(paired(result.items)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);

		const outputOnly = await runWorkflowNode(sim, {
			parameters: {
				operation: 'getResult',
				workflowRunId: ids[0].id as string,
				options: { outputMode: 'outputOnly' },
			},
		});
		expect(outputOnly.items[0].json).toEqual({ echo: { k: 1 }, answer: 'processed {"k":1}' });
	});

	it('getResult: an unknown id is a 404 and an empty id names the field', async () => {
		const unknown = await runWorkflowNode(holder.sim, {
			parameters: { operation: 'getResult', workflowRunId: 'run_missing' },
		});
		expect(unknown.error?.message).toBe(
			'GPTBots answered HTTP 404 (code 40400): workflowRunId not found [item 0]',
		);
		const empty = await runWorkflowNode(holder.sim, {
			parameters: { operation: 'getResult', workflowRunId: '  ' },
			items: [{}, {}],
		});
		expect(empty.error?.message).toBe('Workflow Run ID: is empty [item 0]');
	});

	it('getRuns pages through all runs and parses input/output', async () => {
		const { sim } = holder;
		const now = Date.now();
		sim.seedRuns(230, { userId: 'u1', startTime: now - 60_000 });
		sim.seedRuns(5, { userId: 'u2', startTime: now - 60_000 });
		const all = await runWorkflowNode(sim, {
			parameters: {
				operation: 'getRuns',
				conversationType: 'API',
				startTime: new Date(now - 3600_000).toISOString(),
				endTime: new Date(now).toISOString(),
				runUserId: 'u1',
				returnAll: true,
			},
		});
		expect(all.error).toBeUndefined();
		expect(all.items).toHaveLength(230);
		expect(typeof all.items[0].json.input).toBe('object');
		expect(typeof all.items[0].json.output).toBe('object');
		expect(new Set(all.items.map((item) => item.json.workflow_run_id)).size).toBe(230);
		const logCalls = sim.state.requests.filter((r) => r.path === '/v1/workflow/run/logs');
		expect(logCalls).toHaveLength(3); // 100 + 100 + 30

		const limited = await runWorkflowNode(sim, {
			parameters: { operation: 'getRuns', returnAll: false, limit: 15 },
		});
		expect(limited.items).toHaveLength(15);
	});

	it('getRuns refuses a window that ends before it starts', async () => {
		const result = await runWorkflowNode(holder.sim, {
			parameters: {
				operation: 'getRuns',
				startTime: '2026-02-01T00:00:00Z',
				endTime: '2026-01-01T00:00:00Z',
			},
		});
		expect(result.error?.message).toMatch(/^End Time: ends before Start Time .* \[item 0\]$/);
	});
});
