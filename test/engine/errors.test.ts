import {
	API_KEY,
	everythingShown,
	json,
	paired,
	runWorkflowNode,
	syncFields,
	syncJson,
	useSimulator,
} from './fixture';

const holder = useSimulator();

describe('errors are distinct, name the item, and never show the API key', () => {
	it('a wrong API key: HTTP 401, the key nowhere', async () => {
		const wrongKey = 'wrong-key-abcdef-987654';
		const result = await runWorkflowNode(holder.sim, {
			parameters: syncJson('{}'),
			apiKey: wrongKey,
		});
		expect(result.error?.message).toBe(
			'GPTBots answered HTTP 401 (code 40100): Invalid API key [item 0]',
		);
		expect((result.error as { description?: string }).description).toMatch(
			/Check the API key and the data centre/,
		);
		expect(everythingShown(result)).not.toContain(wrongKey);
		expect(everythingShown(result)).not.toContain(API_KEY);
	});

	it('HTTP 500, 200 with an error code, and a non-JSON body are each reported as such', async () => {
		const { sim } = holder;
		sim.faults.queue('/v1/workflow/invoke', 'server_error', 1);
		const server = await runWorkflowNode(sim, { parameters: syncJson('{}') });
		expect(server.error?.message).toBe(
			'GPTBots answered HTTP 500 (code 50000): Internal error [item 0]',
		);
		expect((server.error as { httpCode?: string }).httpCode).toBe('500');

		sim.faults.queue('/v1/workflow/invoke', 'error_code_200', 1);
		const apiCode = await runWorkflowNode(sim, { parameters: syncJson('{}') });
		expect(apiCode.error?.message).toBe(
			'GPTBots returned error code 40348: Workflow is disabled [item 0]',
		);

		sim.faults.queue('/v1/workflow/invoke', 'non_json', 1);
		const nonJson = await runWorkflowNode(sim, { parameters: syncJson('{}') });
		expect(nonJson.error?.message).toMatch(
			/^GPTBots answered HTTP 200 with a body that is not a JSON object \(text\/html.*\): <html>Maintenance<\/html> \[item 0\]$/,
		);
		// none of these invokes was sent twice
		expect(sim.state.counts.invoke).toBe(3);
	});

	it('a FAILED run is an error by default and data when asked', async () => {
		const asError = await runWorkflowNode(holder.sim, {
			parameters: syncJson('{"__fail":"quota exceeded"}'),
		});
		expect(asError.error?.message).toMatch(
			/^The GPTBots workflow run run_\w+ ended with status FAILED: quota exceeded \[item 0\]$/,
		);
		const asData = await runWorkflowNode(holder.sim, {
			parameters: syncJson('{"__fail":"quota exceeded"}', { failOnRunFailure: false }),
		});
		expect(asData.error).toBeUndefined();
		expect(asData.items[0].json).toMatchObject({
			status: 'FAILED',
			output: { error: 'quota exceeded' },
		});
	});

	it('a sync run that outlasts the timeout says so and suggests the async modes', async () => {
		const result = await runWorkflowNode(holder.sim, {
			parameters: syncJson('{"__durationMs":3000}', { timeout: 1 }),
		});
		expect(result.error?.message).toBe('GPTBots did not answer within 1 s [item 0]');
		expect((result.error as { description?: string }).description).toMatch(
			/Async, Wait by Polling/,
		);
		expect(holder.sim.state.counts.invoke).toBe(1);
	});

	it('continueOnFail: one output item per input item, in order, errors in place', async () => {
		const { sim } = holder;
		const items = [
			{ inputJson: '{"a":1}' },
			{ inputJson: '[1,2]' },
			{ inputJson: '{"__fail":true}' },
			{ inputJson: '{"b":2}' },
			{ inputJson: '{bad' },
		];
		const result = await runWorkflowNode(sim, {
			parameters: syncJson('={{ $json.inputJson }}'),
			items,
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(paired(result.items)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		const out = json(result.items);
		expect(out[0]).toMatchObject({ status: 'SUCCEED', input: { a: 1 } });
		expect(out[1]).toEqual({
			error: 'Input (JSON): must be a JSON object, got an array [item 1]',
			field: 'Input (JSON)',
		});
		expect(out[2]).toMatchObject({
			error: expect.stringMatching(/status FAILED: Simulated failure \[item 2\]$/),
			errorKind: 'runFailed',
			status: 'FAILED',
		});
		expect(out[3]).toMatchObject({ status: 'SUCCEED', input: { b: 2 } });
		expect(out[4].error).toMatch(/^Input \(JSON\): is not valid JSON .* \[item 4\]$/);
		expect(sim.state.counts.invoke).toBe(3); // bad inputs never reached GPTBots
	});

	it("On Error 'Continue (using error output)': failed items leave by the error output, the others by the main one", async () => {
		const { sim } = holder;
		const result = await runWorkflowNode(sim, {
			parameters: syncJson('={{ $json.inputJson }}'),
			items: [{ inputJson: '{"a":1}' }, { inputJson: '[1,2]' }, { inputJson: '{"__fail":true}' }],
			onError: 'continueErrorOutput',
		});
		expect(result.error).toBeUndefined();
		expect(result.outputs).toHaveLength(2);
		const [ok, failed] = result.outputs;
		expect(json(ok)).toEqual([expect.objectContaining({ status: 'SUCCEED', input: { a: 1 } })]);
		// n8n makes a routed item's json { error: message } (the message names the field and the item)
		expect(json(failed)).toEqual([
			{ error: 'Input (JSON): must be a JSON object, got an array [item 1]' },
			{ error: expect.stringMatching(/status FAILED: Simulated failure \[item 2\]$/) },
		]);
		expect(paired(failed)).toEqual([{ item: 1 }, { item: 2 }]);
	});

	it('without continueOnFail the first failing item (in item order) stops the node', async () => {
		const items = [{ inputJson: '{"a":1}' }, { inputJson: '{"x":' }, { inputJson: '[]' }];
		const result = await runWorkflowNode(holder.sim, {
			parameters: syncJson('={{ $json.inputJson }}'),
			items,
		});
		expect(result.error?.message).toMatch(/^Input \(JSON\): is not valid JSON .* \[item 1\]$/);
	});

	it('bad webhooks and bad fields are refused before anything is sent', async () => {
		const { sim } = holder;
		const six = Array(6).fill({ method: 'POST', url: 'https://example.com', headers: '{}' });
		const tooMany = await runWorkflowNode(sim, {
			parameters: {
				operation: 'invoke',
				mode: 'async',
				inputSource: 'json',
				inputJson: '{}',
				webhooks: { webhook: six },
			},
		});
		expect(tooMany.error?.message).toBe(
			'Webhooks: GPTBots accepts at most 5 webhooks per run: 6 given, at most 5 allowed [item 0]',
		);
		const badField = await runWorkflowNode(sim, {
			parameters: syncFields({ name: 'age', type: 'number', value: 'forty' }),
		});
		expect(badField.error?.message).toBe(
			'Input Fields › field 0 (age): expected a number, got string "forty" [item 0]',
		);
		expect(sim.state.counts.invoke ?? 0).toBe(0);
	});

	it('a malformed custom base URL is named as a credential problem', async () => {
		const result = await runWorkflowNode(holder.sim, {
			parameters: syncJson('{}'),
			baseUrl: `${holder.sim.url}/v1`,
		});
		expect(result.error?.message).toMatch(
			/^GPTBots API credential: Base URL "http:\/\/127\.0\.0\.1:\d+\/v1" must be only http\(s\):\/\/host\[:port\] without a path/,
		);
	});

	it('retries a 429 on invoke (the run was refused, not started) but never a reset', async () => {
		const { sim } = holder;
		sim.configure({ retryAfterSeconds: 0.05 });
		sim.faults.queue('/v1/workflow/invoke', 'rate_limit', 2);
		const retried = await runWorkflowNode(sim, { parameters: syncJson('{"__itemKey":"a"}') });
		expect(retried.error).toBeUndefined();
		expect(sim.state.runsByItemKey).toEqual({ a: 1 });

		sim.faults.queue('/v1/workflow/invoke', 'reset_after', 1);
		const reset = await runWorkflowNode(sim, { parameters: syncJson('{"__itemKey":"b"}') });
		expect(reset.error?.message).toMatch(/Could not get an answer from GPTBots \(ECONNRESET\)/);
		expect(sim.state.runsByItemKey.b).toBe(1);
	});
});
