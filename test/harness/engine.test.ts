import nock from 'nock';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { resumeWithWebhook, runNode, type EngineNode } from './engine';
import {
	API_URL,
	FixtureFailNode,
	FixtureFunctionApi,
	FixtureGenericApi,
	FixtureHttpNode,
	FixtureWaitNode,
} from './fixtures';

const nodeTypes = {
	'fixture.http': new FixtureHttpNode(),
	'fixture.fail': new FixtureFailNode(),
	'fixture.wait': new FixtureWaitNode(),
};
const credentialTypes = {
	fixtureGenericApi: new FixtureGenericApi(),
	fixtureFunctionApi: new FixtureFunctionApi(),
};
const credentials = {
	fixtureGenericApi: { apiKey: 'k-123' }, // region comes from the credential type's default
	fixtureFunctionApi: { token: 't-456' }, // baseUrl comes from the default
};

/** The HTTP fixture node with both credentials supplied; `node` adds to or overrides the node. */
const runHttp = async (
	parameters: INodeParameters,
	inputItems: IDataObject[] | INodeExecutionData[],
	node: Partial<EngineNode> = {},
) =>
	await runNode({
		nodeTypes,
		credentialTypes,
		credentials,
		node: { name: 'HTTP', type: 'fixture.http', parameters, ...node },
		inputItems,
	});

beforeAll(() => {
	nock.disableNetConnect();
	nock.enableNetConnect('127.0.0.1');
});
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('credentials through httpRequestWithAuthentication', () => {
	it('generic authenticate: resolves $credentials expressions into header and query', async () => {
		const scope = nock(API_URL)
			.get('/echo/42')
			.query({ region: 'eu' })
			.matchHeader('authorization', 'Bearer k-123')
			.reply(200, { id: 42 });

		const result = await runHttp({ auth: 'generic', id: '42' }, [{}]);

		expect(result.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(result.items).toEqual([
			{ json: { response: { id: 42 }, credKeys: ['apiKey', 'region'] }, pairedItem: { item: 0 } },
		]);
		expect(result.run.status).toBe('success');
	});

	it('function authenticate: may set baseURL and headers', async () => {
		const scope = nock(API_URL)
			.get('/echo/7')
			.matchHeader('x-token', 't-456')
			.reply(200, { id: 7 });

		const result = await runHttp({ auth: 'function', id: '7' }, [{ json: {} }]);

		expect(result.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(result.items[0].json.response).toEqual({ id: 7 });
	});

	it('an HTTP error becomes the execution error', async () => {
		nock(API_URL).get('/echo/1').query(true).reply(500, { message: 'boom' });

		const result = await runHttp({ auth: 'generic', id: '1' }, [{}]);

		expect(result.error).toBeDefined();
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.run.status).toBe('error');
	});

	it("onError 'continueRegularOutput' on a node that throws: n8n-core passes the input through", async () => {
		nock(API_URL).get('/echo/1').query(true).reply(500, { message: 'boom' });

		const result = await runHttp({ auth: 'generic', id: '1' }, [{ in: 1 }], {
			onError: 'continueRegularOutput',
		});

		// The engine (not the node) continues: the output is the node's INPUT, the error sits on the
		// task data, and because the failing node is the last one the run still ends as 'error'.
		expect(result.items.map((i) => i.json)).toEqual([{ in: 1 }]);
		expect((result.nodeError as Error).message).toBe(
			'The service was not able to process your request',
		);
		expect(result.run.status).toBe('error');
	});
});

describe('errors', () => {
	const failing: EngineNode = { name: 'Fail', type: 'fixture.fail' };

	it('without continueOnFail the run fails', async () => {
		const result = await runNode({ nodeTypes, node: failing, inputItems: [{ fail: true }] });

		expect(result.error?.message).toBe('item 0 failed');
		expect(result.nodeError).toBeDefined();
		expect(result.items).toEqual([]);
		expect(result.run.status).toBe('error');
	});

	it('with continueOnFail: true the node outputs the error item', async () => {
		const result = await runNode({
			nodeTypes,
			node: { ...failing, continueOnFail: true },
			inputItems: [{ fail: true }, { fail: false }],
		});

		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json)).toEqual([
			{ error: 'item 0 failed' },
			{ ok: 1, fail: false },
		]);
	});

	it("with onError 'continueErrorOutput' error items go to the error output", async () => {
		const result = await runNode({
			nodeTypes,
			node: { ...failing, onError: 'continueErrorOutput' },
			inputItems: [{ fail: true }, { fail: false }],
		});

		expect(result.error).toBeUndefined();
		expect(result.outputs).toHaveLength(2);
		expect(result.outputs[0].map((i) => i.json)).toEqual([{ ok: 1, fail: false }]);
		// n8n's engine merges the paired input item into the error item it re-routes
		expect(result.outputs[1].map((i) => i.json)).toEqual([{ error: 'item 0 failed', fail: true }]);
	});
});

it('keeps item order and pairedItem over several items', async () => {
	const result = await runNode({
		nodeTypes,
		node: { name: 'Pass', type: 'fixture.fail' },
		inputItems: [{ n: 'a' }, { n: 'b' }, { n: 'c' }],
	});

	expect(result.items).toEqual([
		{ json: { ok: 0, n: 'a' }, pairedItem: { item: 0 } },
		{ json: { ok: 1, n: 'b' }, pairedItem: { item: 1 } },
		{ json: { ok: 2, n: 'c' }, pairedItem: { item: 2 } },
	]);
});

describe('putExecutionToWait and resume through the waiting webhook', () => {
	const waitNode: EngineNode = { name: 'Wait', type: 'fixture.wait' };

	it('waits with $execution.resumeUrl, then outputs the callback body', async () => {
		const waiting = await runNode({ nodeTypes, node: waitNode, inputItems: [{ q: 1 }] });

		expect(waiting.error).toBeUndefined();
		expect(waiting.run.status).toBe('waiting');
		expect(waiting.waitTill).toBeInstanceOf(Date);
		// n8n 2.x appends the execution's resumeToken as `signature`
		expect(waiting.items[0].json.resumeUrl).toBe(
			`http://127.0.0.1:5678/webhook-waiting/${waiting.executionId}?signature=${waiting.runExecutionData.resumeToken}`,
		);

		const resumed = await resumeWithWebhook({
			result: waiting,
			nodeTypes,
			node: waitNode,
			body: { answer: 42 },
			query: { source: 'test' },
		});

		expect(resumed.error).toBeUndefined();
		expect(resumed.run.status).toBe('success');
		expect(resumed.waitTill).toBeUndefined();
		expect(resumed.items).toEqual([
			{
				json: {
					callback: { answer: 42 },
					query: { signature: waiting.runExecutionData.resumeToken, source: 'test' },
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(resumed.webhook?.result.webhookResponse).toEqual({ received: true });
		// the waiting run was replaced, not added to
		expect(resumed.run.data.resultData.runData.Wait).toHaveLength(1);
	});

	it('resumes from the exact URL the node handed out, and rejects a wrong token', async () => {
		const waiting = await runNode({ nodeTypes, node: waitNode, inputItems: [{}] });
		const url = String(waiting.items[0].json.resumeUrl);

		const resumed = await resumeWithWebhook({
			result: waiting,
			nodeTypes,
			node: waitNode,
			url,
			body: { a: 1 },
		});
		expect(resumed.items[0].json.callback).toEqual({ a: 1 });

		await expect(
			resumeWithWebhook({
				result: waiting,
				nodeTypes,
				node: waitNode,
				url: url.replace(/signature=\w/, 'signature=X'),
			}),
		).rejects.toThrow(/401/);
	});

	it('refuses a method the node has no restart webhook for', async () => {
		const waiting = await runNode({ nodeTypes, node: waitNode, inputItems: [{}] });
		await expect(
			resumeWithWebhook({ result: waiting, nodeTypes, node: waitNode, method: 'GET' }),
		).rejects.toThrow(/no waiting webhook/);
	});
});
