import {
	callbackRun,
	json,
	paired,
	resume,
	runWorkflowNode,
	sleepMs,
	startWaiting,
	useSimulator,
} from './fixture';

const holder = useSimulator();

describe('asyncWebhook: the execution waits and resumes on the callback', () => {
	it('one item: hands GPTBots its own resume URL, waits, and resumes with the run as sync would', async () => {
		const { sim } = holder;
		const run = callbackRun([{ topic: 'x', __durationMs: 400 }], { outputMode: 'outputOnly' }); // outlasts the look before waiting, even on a busy machine
		const waiting = await runWorkflowNode(sim, run);
		expect(waiting.error).toBeUndefined();
		expect(waiting.waitTill).toBeInstanceOf(Date);
		expect(waiting.waitTill!.getTime()).toBeGreaterThan(Date.now() + 55_000);
		const request = sim.state.requests.find((r) => r.path === '/v1/workflow/invoke')!;
		const webhooks = (request.body as { webhook: Array<{ url: string; method: string }> }).webhook;
		expect(webhooks).toHaveLength(1);
		expect(webhooks[0].method).toBe('POST');
		// n8n's resume URL, plus the item and its token (signed by n8n-core's getSignedResumeUrl)
		const url = new URL(webhooks[0].url);
		expect(`${url.origin}${url.pathname}`).toBe(
			`http://127.0.0.1:5678/webhook-waiting/${waiting.executionId}`,
		);
		expect(url.searchParams.get('signature')).toBe(waiting.runExecutionData.resumeToken);
		expect(url.searchParams.get('gptbotsItem')).toBe('0');
		expect(url.searchParams.get('gptbotsToken')).toMatch(/^[0-9a-f]{64}$/);

		await sleepMs(600);
		const body = { workflowRunId: json(waiting.items)[0].workflowRunId, status: 'SUCCEED' };
		const resumed = await resume(sim, waiting, run, body);
		expect(resumed.error).toBeUndefined();
		expect(resumed.waitTill).toBeUndefined();
		expect(json(resumed.items)).toEqual([
			{
				echo: { topic: 'x', __durationMs: 400 },
				answer: 'processed {"topic":"x","__durationMs":400}',
			},
		]);
		expect(paired(resumed.items)).toEqual([{ item: 0 }]);
	});

	it('several items: only the callback of the last run resumes, with every item in order', async () => {
		const { sim } = holder;
		const run = callbackRun([
			{ k: 0, __durationMs: 50 },
			{ k: 1, __durationMs: 400 },
			{ k: 2, __durationMs: 150, __fail: 'bad' },
		]);
		const { waiting, runIds: ids } = await startWaiting(sim, run);
		expect(ids).toHaveLength(3);

		await sleepMs(200);
		const early = await resume(sim, waiting, run, { workflowRunId: ids[0], status: 'SUCCEED' });
		expect(early.webhook?.response.statusCode).toBe(202);
		expect(early.waitTill).toBeDefined(); // still waiting: run 1 goes on

		await sleepMs(350);
		const notLast = await resume(sim, waiting, run, { workflowRunId: ids[2], status: 'FAILED' });
		expect(notLast.webhook?.response.statusCode).toBe(202); // all ended, but run 1 ended last
		const last = await resume(sim, waiting, run, { workflowRunId: ids[1], status: 'SUCCEED' });
		expect(last.waitTill).toBeUndefined();
		const out = json(last.items);
		expect(
			out.map((item) => (item.input as { k?: number } | undefined)?.k ?? item.workflowRunId),
		).toEqual([0, 1, ids[2]]);
		expect(out[2]).toMatchObject({
			errorKind: 'runFailed',
			status: 'FAILED',
			error: expect.stringContaining('FAILED: bad'),
		});
		expect(paired(last.items)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('runs that ended before the execution could wait are output at once, without waiting', async () => {
		const { sim } = holder;
		const run = callbackRun([
			{ k: 0, __durationMs: 0 },
			{ k: 1, __durationMs: 0, __fail: 'early' },
		]);
		const result = await runWorkflowNode(sim, run);
		expect(result.waitTill).toBeUndefined();
		expect(result.error).toBeUndefined();
		const out = json(result.items);
		expect(out[0]).toMatchObject({ status: 'SUCCEED', input: { k: 0 } });
		expect(out[1]).toMatchObject({ errorKind: 'runFailed', status: 'FAILED' });
		expect(paired(result.items)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('a forged callback cannot inject data: it only makes the node check the runs with the result API', async () => {
		const { sim } = holder;
		const run = callbackRun([{ __durationMs: 300 }]);
		const { waiting, runIds, urls } = await startWaiting(sim, run);
		const forged = await resume(sim, waiting, run, {
			workflowRunId: 'run_forged',
			status: 'SUCCEED',
			output: { evil: true },
		});
		expect(forged.webhook?.response.statusCode).toBe(202);
		expect(forged.waitTill).toBeDefined();
		await sleepMs(400);
		// once the run has really ended, even a forged callback resumes, but with the API's data
		const wrongToken = new URL(urls.get(runIds[0])!);
		wrongToken.searchParams.set('gptbotsToken', 'f'.repeat(64));
		const resumed = await resume(
			sim,
			waiting,
			run,
			{ workflowRunId: 'run_forged', status: 'SUCCEED', output: { evil: true } },
			{ url: wrongToken.toString() },
		);
		expect(resumed.waitTill).toBeUndefined();
		expect(json(resumed.items)[0]).toMatchObject({
			status: 'SUCCEED',
			output: { answer: expect.stringContaining('processed') },
		});
		expect(JSON.stringify(resumed.items)).not.toContain('evil');
	});

	it('keeps the resume URL within the 5 webhooks', async () => {
		const four = Array(4).fill({ method: 'POST', url: 'https://example.com/a', headers: '{}' });
		const ok = await runWorkflowNode(holder.sim, {
			...callbackRun([{}]),
			parameters: { ...callbackRun([{}]).parameters, webhooks: { webhook: four } },
		});
		expect(ok.error).toBeUndefined();
		const five = [...four, four[0]];
		const refused = await runWorkflowNode(holder.sim, {
			...callbackRun([{}]),
			parameters: { ...callbackRun([{}]).parameters, webhooks: { webhook: five } },
		});
		expect(refused.error?.message).toBe(
			"Webhooks: GPTBots accepts at most 5 webhooks per run and this mode uses 1 for n8n's resume URL: 5 given, at most 4 allowed [item 0]",
		);
	});

	it('past Max Wait the waiting items pass on as time-outs that give the workflowRunId', async () => {
		const waiting = await runWorkflowNode(
			holder.sim,
			callbackRun([{ __durationMs: 5000 }], { maxWait: 1 }),
		);
		const stackItems = waiting.runExecutionData.executionData!.nodeExecutionStack[0].data.main[0]!;
		expect(stackItems[0].json).toMatchObject({
			errorKind: 'maxWait',
			workflowRunId: json(waiting.items)[0].workflowRunId,
			error: expect.stringMatching(
				/^GPTBots run run_\w+ did not end within Max Wait \(1 s\); last status (PENDING|RUNNING)$/,
			),
			description: expect.stringMatching(/operation "Get Result" and workflowRunId run_\w+/),
		});
	});
});
