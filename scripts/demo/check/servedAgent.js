'use strict';
// The agent examples that a running n8n serves, driven through their real entry points: the
// Agent Trigger (a human agent's reply, posted by the simulator), the chat (a chat client on the
// Chat Trigger's streaming URL) and the support e-mail webhook.

const { request } = require('../../lib/request');
const { chatUrl, sendChatMessage } = require('../../lib/chat');
const { restExecutionIds, tryNewExecutionOutput } = require('../../lib/executions');
const { waitForWebhook } = require('../../lib/n8nStart');
const { Checks, show } = require('../../lib/checks');
const C = require('../constants');
const { agentTriggerUrl, productionUrl } = require('../n8nServer');
const { SIM_AGENT_KEY } = require('../../../simulator/names');

/** @typedef {import('./served').ServedEnv} ServedEnv */

/**
 * A human agent's reply in a conversation, posted by the simulator to the agent's webhook — the
 * Agent Trigger example's Production URL, as a user configures it in GPTBots — with the agent's
 * key; the wrong key is refused.
 * @param {ServedEnv} env
 */
async function agentHumanReply({ server, rest, sim, results }) {
	const t = new Checks('agent-human-reply.json', results);
	const url = agentTriggerUrl(server);
	await waitForWebhook(url, { method: 'POST' });
	const previous = sim.options.agentWebhookUrl;
	sim.configure({ agentWebhookUrl: url });
	try {
		const created = await request('POST', `${sim.url}/v1/conversation`, {
			headers: { Authorization: `Bearer ${SIM_AGENT_KEY}` },
			body: { user_id: 'examples-check' },
		});
		const conversationId = created.json?.conversation_id;
		const before = await restExecutionIds(rest, C.IDS.agentReply);
		const reply = await sim.agent.humanReply({
			conversation_id: conversationId,
			text: 'Hello, a person here.',
		});
		const delivery = sim.state.deliveries.find((d) => d.messageId === reply.message_id);
		t.check('the trigger accepts the delivery (200)', delivery?.statusCode === 200, show(delivery));
		const { exec, item } = await tryNewExecutionOutput(rest, C.IDS.agentReply, before, 'Pass On');
		t.check(
			"Pass On got the conversation, 'a human agent' and the reply",
			exec.status === 'success' &&
				item?.conversationId === conversationId &&
				item?.who === 'a human agent' &&
				item?.text === 'Hello, a person here.',
			`${show(exec.status)} ${show(item)}`,
		);
		const wrong = await request('POST', url, {
			headers: { Authorization: 'Bearer not-the-agent-key' },
			body: { message_id: 'm-wrong', conversation_id: conversationId, output: [] },
		});
		t.check(
			'a delivery without the agent key is refused (401)',
			wrong.status === 401,
			`${wrong.status}`,
		);
	} finally {
		sim.configure({ agentWebhookUrl: previous });
	}
}

/**
 * The chat example, as n8n's chat widget talks to it: the answer streamed in pieces (the simulator
 * paced so they can be told apart), and a second message continuing the same GPTBots conversation.
 * @param {ServedEnv} env
 */
async function agentChat({ server, sim, results }) {
	const t = new Checks('agent-chat.json', results);
	const url = chatUrl(server, C.AGENT_CHAT_WEBHOOK_ID);
	await waitForWebhook(url, { method: 'POST' });
	const pace = sim.options.streamPieceMs;
	sim.configure({ streamPieceMs: 100 });
	try {
		const sessionId = `examples-check-${Date.now()}`;
		const first = await sendChatMessage(url, { sessionId, chatInput: 'hello agent, how are you' });
		const items = first.chunks.filter((chunk) => chunk.type === 'item');
		t.check(
			'the chat URL streams the answer in pieces (≥ 3 items, then end)',
			first.status === 200 && items.length >= 3 && first.chunks.at(-1)?.type === 'end',
			`${first.status} ${items.length} items ${first.body.slice(0, 300)}`,
		);
		t.check(
			"the pieces make the agent's answer",
			first.text === 'You said: hello agent, how are you',
			first.text,
		);
		const conversation = sim.state.agent.messages.at(-1)?.conversationId;
		const second = await sendChatMessage(url, { sessionId, chatInput: 'again' });
		t.check(
			'a second message of the session continues the same GPTBots conversation',
			second.text === 'You said: again' &&
				sim.state.agent.messages.at(-1)?.conversationId === conversation,
			`${second.text} ${show(sim.state.agent.messages.at(-1)?.conversationId)} vs ${conversation}`,
		);
	} finally {
		sim.configure({ streamPieceMs: pace });
	}
}

/**
 * The support e-mail example: the drafted reply, and the knowledge ids GPTBots was given.
 * @param {ServedEnv} env
 */
async function agentSupportEmail({ server, sim, results }) {
	const t = new Checks('agent-support-email.json', results);
	const url = productionUrl(server, C.WEBHOOK_PATHS.supportEmail);
	await waitForWebhook(url);
	const email = {
		from: 'customer@example.com',
		subject: 'Cannot log in',
		text: 'I forgot my password.',
	};
	const res = await request('POST', url, { body: email });
	t.check(
		'the webhook answers with the drafted reply',
		res.status === 200 &&
			res.json?.to === email.from &&
			res.json?.subject === 'Re: Cannot log in' &&
			String(res.json?.text).includes('I forgot my password.'),
		`${res.status} ${res.text.slice(0, 300)}`,
	);
	const config = sim.state.agent.messages.at(-1)?.config;
	t.check(
		'GPTBots was given the knowledge data ids and group ids',
		JSON.stringify(config?.knowledge) ===
			JSON.stringify({
				data_ids: ['kb-doc-password-reset', 'kb-doc-billing'],
				group_ids: ['kb-group-help-centre'],
			}),
		show(config),
	);
}

module.exports = { servedAgentExamples: [agentHumanReply, agentChat, agentSupportEmail] };
