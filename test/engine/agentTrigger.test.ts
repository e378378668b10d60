import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { SIM_AGENT_KEY } from '../../simulator/names';
import { deliverToWebhook } from '../harness/engine';
import {
	AGENT_TRIGGER_TYPE,
	credentialTypes,
	expectOncePerId,
	expectRepeatsLetThrough,
	gptBotsCredentials,
	nodeTypes,
} from './fixture';

// The bodies the simulator POSTs to an agent's webhook (GPTBots' webhook-receives-messages-v2).
const { answerBody } = require('../../simulator/agent/agentWebhook');

let counter = 0;
const freshId = () => `6c${Date.now().toString(16)}${(counter++).toString(16).padStart(6, '0')}`;
const answer = (messageId: string, extra: IDataObject = {}) =>
	answerBody({
		conversationId: 'conv_1',
		messageId,
		text: 'Hello from the agent',
		outputs: 'one',
		...extra,
	}) as IDataObject;

const trigger = (parameters: IDataObject = {}) => ({
	name: 'GPTBots Agent Trigger',
	type: AGENT_TRIGGER_TYPE,
	parameters: parameters as INodeParameters,
	credentials: { gptBotsApi: { id: '1', name: 'GPTBots agent' } },
});

async function deliver(options: {
	body?: unknown;
	rawBody?: Buffer;
	headers?: Record<string, string>;
	staticData?: IDataObject;
	parameters?: IDataObject;
	workflowId?: string;
	nodeTypes?: typeof nodeTypes;
}) {
	return await deliverToWebhook({
		nodeTypes: options.nodeTypes ?? nodeTypes,
		credentialTypes,
		credentials: gptBotsCredentials('http://127.0.0.1:9/', SIM_AGENT_KEY),
		node: trigger(options.parameters),
		method: 'POST',
		body: options.body,
		rawBody: options.rawBody,
		headers: options.headers ?? { Authorization: `Bearer ${SIM_AGENT_KEY}` },
		staticData: options.staticData,
		workflowId: options.workflowId ?? 'wf-agent-trigger',
	});
}

describe('GPTBots Agent Trigger (webhook() inside n8n-core)', () => {
	it("starts a workflow with the agent's answer: ids, text, sender, usage and the raw delivery", async () => {
		const id = freshId();
		const body = answer(id);
		const { started, result } = await deliver({ body });
		expect(result.webhookResponse).toEqual({ received: true, started: true });
		expect(started.map((item) => item.json)).toEqual([
			{
				conversationId: 'conv_1',
				messageId: id,
				text: 'Hello from the agent',
				from: 'agent',
				createTime: body.create_time,
				audio: [],
				usage: body.usage,
				rawDelivery: { method: 'POST', contentType: 'application/json', body, query: {} },
			},
		]);
	});

	it("tells a human agent's reply from the agent's answer, and joins an answer split over outputs", async () => {
		const human = await deliver({ body: answer(freshId(), { human: true, text: 'A person' }) });
		expect(human.started[0].json).toMatchObject({ text: 'A person', from: 'humanAgent' });
		const split = await deliver({ body: answer(freshId(), { outputs: 'two' }) });
		expect(split.started[0].json.text).toBe('Hello from the agent');
	});

	it.each([
		['missing', {}],
		['wrong', { Authorization: `Bearer ${SIM_AGENT_KEY}x` }],
		['of another length', { Authorization: 'Bearer x' }],
		['without a scheme', { Authorization: SIM_AGENT_KEY }],
		['empty after the scheme', { Authorization: 'Bearer ' }],
		['in another header', { 'X-Api-Key': SIM_AGENT_KEY }],
	])('answers 401 and starts nothing when the key is %s', async (_label, headers) => {
		const staticData: IDataObject = {};
		const { started, response } = await deliver({ body: answer(freshId()), headers, staticData });
		expect(response.statusCode).toBe(401);
		expect(started).toEqual([]);
		expect(JSON.stringify(response.body)).not.toContain(SIM_AGENT_KEY);
		expect(staticData).toEqual({});
	});

	it('takes the key with the Basic scheme too (older copies of the webhook page name it)', async () => {
		const { started } = await deliver({
			body: answer(freshId()),
			headers: { authorization: `basic ${SIM_AGENT_KEY}` },
		});
		expect(started).toHaveLength(1);
	});

	it("acknowledges GPTBots' availability test (istest) with 200 and starts nothing", async () => {
		const { started, response } = await deliver({ body: { ...answer(freshId()), istest: true } });
		expect(response.statusCode).toBe(200);
		expect(response.body).toEqual({
			received: true,
			started: false,
			reason: 'availability test (istest)',
		});
		expect(started).toEqual([]);
	});

	it.each([
		['wrapped under data', (b: IDataObject) => ({ body: { code: 0, data: b } })],
		['as JSON text', (b: IDataObject) => ({ body: JSON.stringify(b), headers: {} })],
		[
			'with no content type',
			(b: IDataObject) => ({ body: undefined, rawBody: Buffer.from(JSON.stringify(b)) }),
		],
	])('finds the message %s', async (_label, shape) => {
		const id = freshId();
		const { body, rawBody, headers } = shape(answer(id)) as {
			body: unknown;
			rawBody?: Buffer;
			headers?: Record<string, string>;
		};
		const { started } = await deliver({
			body,
			rawBody,
			headers: { ...headers, Authorization: `Bearer ${SIM_AGENT_KEY}` },
		});
		expect(started[0].json).toMatchObject({ messageId: id, text: 'Hello from the agent' });
	});

	it('reads the older v1 delivery (message_type, text, flow_output)', async () => {
		const id = freshId();
		const { started } = await deliver({
			body: {
				message_id: id,
				message_type: 'ANSWER',
				text: 'Hi, is there anything I can help you?',
				flow_output: [{ content: 'hi', branch: '1', from_component_name: 'User Input' }],
				create_time: 1679587005,
				conversation_id: 'conv_v1',
			},
		});
		expect(started[0].json).toMatchObject({
			conversationId: 'conv_v1',
			messageId: id,
			text: 'Hi, is there anything I can help you?',
			createTime: 1679587005,
		});
	});

	it('refuses a delivery with no message (400, saying what it looked for), or passes it on', async () => {
		const refused = await deliver({ body: { hello: 'world' } });
		expect(refused.response.statusCode).toBe(400);
		expect(String((refused.response.body as IDataObject).error)).toContain(
			'Not a GPTBots agent message: no message found: looked for message_id',
		);
		expect(refused.started).toEqual([]);
		const passed = await deliver({
			body: { hello: 'world' },
			parameters: { options: { unrecognised: 'passOn' } },
		});
		expect(passed.started[0].json).toMatchObject({
			unrecognised: expect.stringContaining('no message found'),
			rawDelivery: { body: { hello: 'world' } },
		});
	});

	const deliverAnswer = (id: string, more: Parameters<typeof deliver>[0]) =>
		deliver({ body: answer(id), workflowId: 'wf-agent-dedupe', ...more });

	it('starts once per message_id, also across a restart (static data) and when copies arrive at once', async () => {
		await expectOncePerId({
			deliver: deliverAnswer,
			freshId,
			nodeName: 'GPTBots Agent Trigger',
			nodeType: AGENT_TRIGGER_TYPE,
			nodeClass: 'GptBotsAgentTrigger',
		});
	});

	it('lets repeats through when told, writing no static data', async () => {
		await expectRepeatsLetThrough(deliverAnswer, freshId());
	});
});
