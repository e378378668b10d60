'use strict';
// With `n8n start` up and the workflows activated: a GPTBots Agent node sends a message in
// webhook mode (a Webhook node starts it); the simulator delivers the answer as GPTBots does (the
// agent's key as Bearer, each delivery twice: at-least-once) to the GPTBots Agent Trigger, and a
// human agent's reply too. Each starts the trigger's workflow once; a wrong key gets 401 and an
// availability test 200, neither starting anything. Executions counted in the database.
const { request } = require('../../lib/request');
const { sleep, waitFor } = require('../../lib/wait');
const { executionsOf } = require('../../lib/executions');
const { waitForWebhook } = require('../../lib/n8nStart');
const { productionWebhookUrl, stableUuid, webhookNode, workflow } = require('../../lib/builders');
const { CREDENTIAL_TYPE } = require('../../lib/constants');
const { AGENT_TRIGGER_TYPE, AGENT_TYPE, SIM_AGENT_KEY } = require('../../../simulator/names');
const { reportNode, reports, waitForReports } = require('../reports');
const { AGENT_CREDENTIAL, agentCredentials } = require('../exampleWorkflow');
const { serverOf } = require('../serverEnv');

const WEBHOOK_ID = stableUuid('agent-trigger-webhook');
const SEND_PATH = 'e2e-agent-webhook-mode';

/** @type {import('../run').E2eCase} */
module.exports = {
	name: 'agentTrigger',
	kind: 'server',
	credentials: agentCredentials,
	workflows: (env) => [
		workflow(
			'agentTrigger',
			'agentTrigger: webhook-mode messages start executions',
			[
				{
					name: 'GPTBots Agent Trigger',
					type: AGENT_TRIGGER_TYPE,
					typeVersion: 1.1,
					parameters: { options: {} },
					credentials: { [CREDENTIAL_TYPE]: AGENT_CREDENTIAL },
					webhookId: WEBHOOK_ID,
				},
				reportNode(env, 'agent-trigger-out'),
			],
			{ active: true },
		),
		workflow(
			'agentWebhookMode',
			'agentTrigger: a message sent in webhook mode',
			[
				webhookNode('Webhook', SEND_PATH, stableUuid('agent-webhook-mode'), 'lastNode'),
				{
					name: 'GPTBots Agent',
					type: AGENT_TYPE,
					typeVersion: 1,
					parameters: {
						operation: 'sendMessage',
						conversation: 'id',
						conversationId: '={{ $json.body.conversationId }}',
						text: '={{ $json.body.text }}',
						responseMode: 'webhook',
						options: {},
					},
					credentials: { [CREDENTIAL_TYPE]: AGENT_CREDENTIAL },
				},
			],
			{ active: true },
		),
	],
	async run(t, env) {
		const { server } = serverOf(env);
		const url = productionWebhookUrl(server, WEBHOOK_ID, 'gptbots-agent');
		const probe = await waitForWebhook(url, { method: 'POST' });
		t.equal('webhook registered; a POST without the key is answered 401', probe.status, 401);

		const agentApi = (/** @type {string} */ path, /** @type {unknown} */ body) =>
			request('POST', `${env.simUrl}${path}`, {
				headers: { Authorization: `Bearer ${SIM_AGENT_KEY}` },
				body,
			});
		env.sim.configure({ agentWebhookUrl: url, agentWebhookRepeat: 2, agentWebhookDelayMs: 20 });
		try {
			const conversation = (await agentApi('/v1/conversation', { user_id: 'e2e-trigger' })).json
				?.conversation_id;
			const sendUrl = `${server.url}/webhook/${SEND_PATH}`;
			await waitForWebhook(sendUrl); // a GET: "did you mean POST" once registered
			const accepted = await request('POST', sendUrl, {
				body: { conversationId: conversation, text: 'webhook please' },
			});
			const messageId = accepted.json?.messageId;
			t.deepEqual(
				'the GPTBots Agent node hands the message over in webhook mode: accepted, its ids',
				[accepted.status, accepted.json?.conversationId, typeof messageId],
				[200, conversation, 'string'],
			);
			const human = await request('POST', `${env.simUrl}/__sim/agent/human-reply`, {
				body: { conversation_id: conversation, text: 'A person took over' },
			});
			const humanId = human.json?.message_id;
			t.check("a human agent's reply is delivered", human.json?.ok && humanId, human.text);

			let delivered = [];
			try {
				delivered = await waitFor(
					'4 deliveries answered (2 messages, each twice)',
					() => {
						const mine = env.sim.state.deliveries.filter(
							(d) => d.kind === 'agent' && [messageId, humanId].includes(d.messageId),
						);
						return mine.length >= 4 && mine.every((d) => d.statusCode) ? mine : false;
					},
					{ timeoutMs: 20000 },
				);
			} catch (error) {
				t.fail('deliveries answered', /** @type {Error} */ (error).message);
			}
			t.deepEqual(
				'every copy is answered 200 (the repeat is acknowledged, not refused)',
				delivered.map((d) => d.statusCode),
				[200, 200, 200, 200],
			);

			const wrong = await request('POST', url, {
				headers: { Authorization: `Bearer ${SIM_AGENT_KEY}-not` },
				body: { message_id: 'm-wrong-key', conversation_id: conversation, output: [] },
			});
			t.deepEqual(
				'a wrong key is answered 401, without the key',
				[wrong.status, wrong.text.includes(SIM_AGENT_KEY)],
				[401, false],
			);
			const test = await request('POST', url, {
				headers: { Authorization: `Bearer ${SIM_AGENT_KEY}` },
				body: { istest: true },
			});
			t.deepEqual(
				"GPTBots' availability test is answered 200 and starts nothing",
				[test.status, test.json?.started],
				[200, false],
			);

			/** @type {import('../reports').Report[]} */
			let reported = [];
			try {
				reported = await waitForReports(env, 'agent-trigger-out', 2, { timeoutMs: 20000 });
			} catch (error) {
				t.fail('the triggered executions posted their items', /** @type {Error} */ (error).message);
			}
			const answer = reported.find((r) => r.body?.messageId === messageId)?.body;
			const reply = reported.find((r) => r.body?.messageId === humanId)?.body;
			t.deepEqual(
				"the agent's answer: conversation, text, from agent, usage",
				[answer?.conversationId, answer?.text, answer?.from, typeof answer?.usage],
				[conversation, 'You said: webhook please', 'agent', 'object'],
			);
			t.deepEqual(
				"the human agent's reply: text, from humanAgent",
				[reply?.conversationId, reply?.text, reply?.from],
				[conversation, 'A person took over', 'humanAgent'],
			);
			await sleep(1500); // let a wrongly started execution show up, if any
			const executions = await executionsOf(env.ctx, env.id('agentTrigger'));
			t.equal(
				'exactly 2 executions (2 messages delivered twice each; wrong key, test and probe start none)',
				executions.length,
				2,
			);
			t.equal('the receiver got no third item', reports(env, 'agent-trigger-out').length, 2);
		} finally {
			env.sim.configure({ agentWebhookUrl: null, agentWebhookRepeat: 1 });
		}
	},
};
