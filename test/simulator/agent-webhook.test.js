'use strict';

/** Webhook mode over real HTTP: the answer POSTed to the agent's webhook with the agent key, repeats, retries, human replies. */

const { AGENT_KEY, startReceiver, useSimulator } = require('./helpers');
const { waitFor } = require('../../scripts/lib/wait');

const { sim, call, agent } = useSimulator({
	streamPieceMs: 0,
	agentWebhookDelayMs: 10,
	webhookRetryDelayMs: 20,
});

/** @type {Awaited<ReturnType<typeof startReceiver>>} */
let receiver;
beforeAll(async () => {
	receiver = await startReceiver();
});
afterAll(() => receiver.close());
beforeEach(() => {
	receiver.received.length = 0;
	receiver.statuses.length = 0;
	sim.configure({ agentWebhookUrl: `${receiver.url}/agent-hook` });
});

/**
 * @param {string} conversationId
 * @param {string} text
 * @param {Record<string, unknown>} [customVariables]
 */
const webhookMessage = (conversationId, text, customVariables) => ({
	conversation_id: conversationId,
	response_mode: 'webhook',
	messages: [{ role: 'user', content: text }],
	...(customVariables && { conversation_config: { custom_variables: customVariables } }),
});

it('accepts the message at once and POSTs the answer to the agent webhook with the agent key', async () => {
	const id = await agent.conversation();
	const accepted = await agent.send(webhookMessage(id, 'Hi'));
	expect(accepted).toMatchObject({
		status: 200,
		json: { conversation_id: id, message_id: expect.any(String) },
	});
	await waitFor('receiver.received.length === 1', () => receiver.received.length === 1, {
		timeoutMs: 5000,
		intervalMs: 20,
	});
	const [delivery] = receiver.received;
	expect(delivery).toMatchObject({ method: 'POST', url: '/agent-hook' });
	expect(delivery.headers.authorization).toBe(`Bearer ${AGENT_KEY}`);
	expect(delivery.headers['content-type']).toBe('application/json');
	const body = JSON.parse(delivery.body);
	expect(body).toMatchObject({
		conversation_id: id,
		message_id: accepted.json.message_id,
		output: [{ content: { text: 'You said: Hi' } }],
		usage: { tokens: expect.any(Object), credits: expect.any(Object) },
	});
	// records: the key is never kept
	await waitFor('sim.state.deliveries.length === 1', () => sim.state.deliveries.length === 1, {
		timeoutMs: 5000,
		intervalMs: 20,
	});
	const [record] = sim.state.deliveries;
	expect(record).toMatchObject({
		kind: 'agent',
		human: false,
		statusCode: 200,
		copy: 1,
		attempt: 1,
	});
	expect(record.headers.Authorization).toBe('Bearer ***');
	expect(JSON.stringify(sim.summary())).not.toContain(AGENT_KEY);
});

it('delivers each answer twice with agentWebhookRepeat (same message_id), and retries a failed attempt', async () => {
	sim.configure({ agentWebhookRepeat: 2, webhookRetries: 1 });
	receiver.statuses.push(500);
	const id = await agent.conversation();
	await agent.send(webhookMessage(id, 'twice'));
	await waitFor('sim.state.deliveries.length === 3', () => sim.state.deliveries.length === 3, {
		timeoutMs: 5000,
		intervalMs: 20,
	});
	const ids = receiver.received.map((d) => JSON.parse(d.body).message_id);
	expect(new Set(ids).size).toBe(1);
	expect(sim.state.deliveries.map((d) => [d.copy, d.attempt, d.statusCode])).toEqual([
		[1, 1, 500],
		[1, 2, 200],
		[2, 1, 200],
	]);
});

it('the ack can be an empty object; without a configured webhook URL the message is refused', async () => {
	const id = await agent.conversation();
	sim.configure({ agentVariants: { webhookAck: 'empty' } });
	expect((await agent.send(webhookMessage(id, 'x'))).json).toEqual({});
	sim.configure({ agentWebhookUrl: null });
	const refused = await agent.send(webhookMessage(id, 'y'));
	expect(refused).toMatchObject({ status: 400, json: { code: 40000 } });
	expect(refused.json.message).toContain('webhook URL');
});

it("a human agent's reply: by control API, or for one message with __human", async () => {
	const id = await agent.conversation();
	const reply = await call('/__sim/agent/human-reply', {
		method: 'POST',
		body: { conversation_id: id, text: 'A person here' },
		key: null,
	});
	expect(reply).toMatchObject({ status: 200, json: { ok: true, message_id: expect.any(String) } });
	expect(receiver.received).toHaveLength(1);
	const body = JSON.parse(receiver.received[0].body);
	expect(body).toMatchObject({
		conversation_id: id,
		output: [{ from_component_name: 'Human Agent', content: { text: 'A person here' } }],
	});
	expect(receiver.received[0].headers.authorization).toBe(`Bearer ${AGENT_KEY}`);
	await agent.send(webhookMessage(id, 'hand me over', { __human: true }));
	await waitFor('sim.state.deliveries.length === 2', () => sim.state.deliveries.length === 2, {
		timeoutMs: 5000,
		intervalMs: 20,
	});
	expect(JSON.parse(receiver.received[1].body).output[0].from_component_name).toBe('Human Agent');
	expect(sim.state.deliveries.map((d) => d.human)).toEqual([true, true]);
	// the reply is in the history too
	const history = await agent.history({ conversation_id: id, page: 1, page_size: 10 });
	expect(history.json.conversation_content[0]).toMatchObject({ role: 'assistant' });
	const bad = await call('/__sim/agent/human-reply', {
		method: 'POST',
		body: { conversation_id: 'nope', text: 'x' },
		key: null,
	});
	expect(bad.status).toBe(400);
});

it('reset() cancels a delivery not yet made', async () => {
	sim.configure({ agentWebhookDelayMs: 200 });
	const id = await agent.conversation();
	await agent.send(webhookMessage(id, 'late'));
	sim.reset();
	await new Promise((resolve) => setTimeout(resolve, 300));
	expect(receiver.received).toHaveLength(0);
});
