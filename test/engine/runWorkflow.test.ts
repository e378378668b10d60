import {
	json,
	paired,
	pollRun,
	runWorkflowNode,
	sleepMs,
	syncFields,
	useSimulator,
} from './fixture';

const holder = useSimulator();

describe("invoke, inside n8n-core's engine, against the simulator", () => {
	it('sync with typed fields sends converted values and outputs the finished run', async () => {
		const { sim } = holder;
		const result = await runWorkflowNode(sim, {
			parameters: {
				...syncFields(
					{ name: 'topic', type: 'string', value: 'news' },
					{ name: 'count', type: 'number', value: '3' },
					{ name: 'urgent', type: 'boolean', value: 'true' },
					{ name: 'filters', type: 'json', value: '{"lang":["en","ja"]}' },
				),
				userId: 'user-7',
			},
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const run = result.items[0].json;
		expect(run).toMatchObject({
			status: 'SUCCEED',
			input: { topic: 'news', count: 3, urgent: true, filters: { lang: ['en', 'ja'] } },
		});
		expect(typeof run.workflowRunId).toBe('string');
		const request = sim.state.requests.find((r) => r.path === '/v1/workflow/invoke')!;
		expect(request.body).toEqual({
			input: { topic: 'news', count: 3, urgent: true, filters: { lang: ['en', 'ja'] } },
			isAsync: false,
			userId: 'user-7',
		});
		expect(request.auth).toBe('valid');
	});

	it('sends the JSON input and outputs only the workflow output when asked', async () => {
		const result = await runWorkflowNode(holder.sim, {
			parameters: {
				operation: 'invoke',
				mode: 'sync',
				inputSource: 'json',
				inputJson: '{"q":"hello"}',
				options: { outputMode: 'outputOnly' },
			},
		});
		expect(json(result.items)).toEqual([
			{ echo: { q: 'hello' }, answer: 'processed {"q":"hello"}' },
		]);
	});

	it('uses each incoming item as the input, keeps order and pairedItem for many items', async () => {
		const items = Array.from({ length: 30 }, (_, i) => ({ n: i, __durationMs: (i * 7) % 20 }));
		const result = await runWorkflowNode(holder.sim, {
			parameters: {
				operation: 'invoke',
				mode: 'sync',
				inputSource: 'item',
				options: { concurrency: 8 },
			},
			items,
		});
		expect(result.items).toHaveLength(30);
		expect(result.items.map((item) => (item.json.input as { n: number }).n)).toEqual(
			items.map((item) => item.n),
		);
		expect(paired(result.items)).toEqual(items.map((_, i) => ({ item: i })));
		expect(holder.sim.state.peakInFlight).toBeLessThanOrEqual(8);
		expect(holder.sim.state.peakInFlight).toBeGreaterThan(1);
	});

	it('async returns the PENDING run at once and hands GPTBots the webhooks', async () => {
		const { sim } = holder;
		const result = await runWorkflowNode(sim, {
			parameters: {
				operation: 'invoke',
				mode: 'async',
				inputSource: 'json',
				inputJson: '{"q":1,"__durationMs":50}',
				webhooks: {
					webhook: [
						{ method: 'POST', url: `${sim.url}/__sim/state`, headers: '{"X-GPTBots-Secret":"s3"}' },
						{ method: 'GET', url: 'https://example.com/hook?fr=n8n', headers: '{}' },
					],
				},
			},
		});
		expect(result.items[0].json).toMatchObject({ status: 'PENDING' });
		const request = sim.state.requests.find((r) => r.path === '/v1/workflow/invoke')!;
		expect(request.body).toMatchObject({
			isAsync: true,
			webhook: [
				{ method: 'POST', url: `${sim.url}/__sim/state`, headers: { 'X-GPTBots-Secret': 's3' } },
				{ method: 'GET', url: 'https://example.com/hook?fr=n8n', headers: {} },
			],
		});
		await sleepMs(300);
		const delivered = sim.state.deliveries.filter(
			(d) => d.runId === result.items[0].json.workflowRunId,
		);
		expect(delivered.map((d) => d.method).sort()).toEqual(['GET', 'POST']);
	});

	it('asyncPoll waits for the run to end, polling with a growing interval', async () => {
		const { sim } = holder;
		const started = Date.now();
		const result = await runWorkflowNode(sim, {
			parameters: {
				operation: 'invoke',
				mode: 'asyncPoll',
				inputSource: 'json',
				inputJson: '{"__durationMs":600}',
				pollInterval: 0.1,
			},
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			status: 'SUCCEED',
			output: { echo: { __durationMs: 600 } },
		});
		expect(Date.now() - started).toBeGreaterThanOrEqual(600);
		// every 0.1 s up to 0.5 s, then 20 % of the time waited: 0.6, 0.72, 0.86 → 6 to 8 polls
		expect(sim.state.counts.query).toBeGreaterThanOrEqual(5);
		expect(sim.state.counts.query).toBeLessThanOrEqual(8);
	});

	it('asyncPoll waits for many runs side by side', async () => {
		const { sim } = holder;
		const items = Array.from({ length: 40 }, (_, i) => ({ i, __durationMs: 200 + (i % 4) * 100 }));
		const started = Date.now();
		const result = await runWorkflowNode(sim, pollRun(items, { concurrency: 10 }));
		const elapsed = Date.now() - started;
		expect(result.items.map((item) => item.json.status)).toEqual(items.map(() => 'SUCCEED'));
		expect(result.items.map((item) => (item.json.input as { i: number }).i)).toEqual(
			items.map((item) => item.i),
		);
		expect(elapsed).toBeLessThan(3000); // the sum of the runs is 18 s
	});

	it.each([
		['1 (in Options)', 1, { options: { pollInterval: 0.2, maxWait: 1 } }],
		['1.1 (beside the mode)', 1.1, { pollInterval: 0.2, maxWait: 1 }],
	])(
		'asyncPoll, version %s: gives up after Max Wait with the workflowRunId',
		async (_, typeVersion, waits) => {
			const result = await runWorkflowNode(holder.sim, {
				typeVersion,
				parameters: {
					operation: 'invoke',
					mode: 'asyncPoll',
					inputSource: 'json',
					inputJson: '{"__durationMs":5000}',
					...waits,
				},
			});
			expect(result.error?.message).toMatch(
				/^GPTBots run run_\w+ did not end within Max Wait \(1 s\); last status (PENDING|RUNNING) \[item 0\]$/,
			);
			expect((result.error as { description?: string }).description).toMatch(
				/operation "Get Result" and workflowRunId run_\w+/,
			);
		},
	);
});
