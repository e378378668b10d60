// @ts-check
'use strict';
// examples/agent-chat.json in a real `n8n start`: a chat client talks to the Chat Trigger's
// streaming URL as n8n's chat does. The GPTBots Agent streams the simulator's answer into the
// chat: it arrives in pieces, the first before the simulator has sent the last (timestamps on
// both sides, one clock: the simulator runs in this process). A second message of the same chat
// session continues the same GPTBots conversation.
const { chatUrl, sendChatMessage } = require('../../lib/chat');
const { CREDENTIAL_TYPE } = require('../../lib/constants');
const { waitForWebhook } = require('../../lib/n8nStart');
const { AGENT_CREDENTIAL, agentCredentials, exampleWorkflow } = require('../exampleWorkflow');
const { AGENT_CHAT_WEBHOOK_ID } = require('../../demo/constants');

/** The pace of the simulator's pieces: slow enough that arrivals can be told apart. */
const PIECE_MS = 150;

/** @type {import('../run').E2eCase} */
module.exports = {
	name: 'agentChat',
	kind: 'server',
	credentials: agentCredentials,
	workflows: () => [
		exampleWorkflow(
			'agent-chat.json',
			'agent-chat',
			'e2e chat with a GPTBots agent',
			{
				[CREDENTIAL_TYPE]: AGENT_CREDENTIAL,
			},
			{ active: true },
		),
	],
	async run(t, env) {
		if (!env.server) throw new Error('agentChat is a server case');
		const url = chatUrl(env.server, AGENT_CHAT_WEBHOOK_ID);
		await waitForWebhook(url, { method: 'POST' });
		const state = env.sim.state.agent;
		const sessionId = `e2e-chat-${env.line.name}-${Date.now()}`;
		env.sim.configure({ streamPieceMs: PIECE_MS });
		try {
			const conversationsBefore = env.sim.state.counts.conversation ?? 0;
			const first = await sendChatMessage(url, { sessionId, chatInput: 'tell me five words' });
			const items = first.chunks.filter((chunk) => chunk.type === 'item');
			t.deepEqual(
				'the chat URL answers 200 with streamed chunks (begin, items, end)',
				[first.status, first.chunks.some((c) => c.type === 'begin'), first.chunks.at(-1)?.type],
				[200, true, 'end'],
			);
			t.equal(
				"the answer's text, as the chat shows it",
				first.text,
				'You said: tell me five words',
			);
			const stream = state.streams.at(-1);
			const pieces = stream?.pieces ?? [];
			t.check(
				`the answer arrives in ≥ 3 pieces (${items.length} items for ${pieces.length} pieces sent)`,
				items.length >= 3 && pieces.length >= 3,
				JSON.stringify(items.map((i) => i.content)),
			);
			const lastSent = pieces.at(-1)?.sentAt ?? 0;
			t.check(
				`the first piece reached the chat before the simulator sent the last (${items[0]?.at - (pieces[0]?.sentAt ?? 0)} ms after its own sending; ${lastSent - (items[0]?.at ?? Infinity)} ms before the last was sent)`,
				items.length > 0 && items[0].at < lastSent,
				JSON.stringify({
					arrivals: items.map((i) => i.at),
					sent: pieces.map((/** @type {{ sentAt: number }} */ p) => p.sentAt),
				}),
			);
			const firstMessage = state.messages.at(-1);
			t.equal('GPTBots got it as a streaming message', firstMessage?.mode, 'streaming');

			const second = await sendChatMessage(url, { sessionId, chatInput: 'and again' });
			const secondMessage = state.messages.at(-1);
			t.equal('the second message is answered in the chat too', second.text, 'You said: and again');
			t.check(
				'the second message of the session continues the same GPTBots conversation',
				secondMessage &&
					firstMessage &&
					secondMessage.messageId !== firstMessage.messageId &&
					secondMessage.conversationId === firstMessage.conversationId,
				JSON.stringify([firstMessage?.conversationId, secondMessage?.conversationId]),
			);
			t.equal(
				'one GPTBots conversation was created for the session',
				(env.sim.state.counts.conversation ?? 0) - conversationsBefore,
				1,
			);
			const other = await sendChatMessage(url, {
				sessionId: `${sessionId}-other`,
				chatInput: 'someone else',
			});
			t.check(
				'another session gets a conversation of its own',
				other.status === 200 &&
					state.messages.at(-1)?.conversationId !== firstMessage?.conversationId,
				JSON.stringify(state.messages.at(-1)?.conversationId),
			);
		} finally {
			env.sim.configure({ streamPieceMs: 20 });
		}
	},
};
