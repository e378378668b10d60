'use strict';
// The demo's end-to-end run: the webhook example's production URL with the chosen input, and
// (with the simulator) an async run whose webhook starts the trigger example.

const { log } = require('../lib/log');
const { request } = require('../lib/request');
const { simulatorPost } = require('../lib/simulator');
const { newExecutionOutput, restExecutionIds } = require('../lib/executions');
const C = require('./constants');
const { DemoError } = require('./demoError');
const { agentTriggerUrl, productionUrl, triggerUrl } = require('./n8nServer');
const { chatUrl, sendChatMessage } = require('../lib/chat');
const { SIM_AGENT_KEY } = require('../../simulator/names');

/**
 * @typedef {import('./args').DemoArgs} DemoArgs
 * @typedef {import('./n8nServer').N8nServer} N8nServer
 * @typedef {import('./n8nServer').RestClient} RestClient
 * @typedef {import('../lib/simulator').SimulatorHandle} SimulatorHandle
 */

/**
 * The answer text of a sync run, and a one-line summary of it.
 * @param {any} body the run as the webhook answered it (parsed JSON)
 */
function describeAnswer(body) {
	const output = body?.output;
	const answer =
		output && typeof output === 'object' && typeof output.answer === 'string'
			? output.answer
			: JSON.stringify(output);
	return {
		answer,
		line: `run ${body?.workflowRunId ?? '?'}: ${body?.status ?? '?'}${body?.totalTokens !== undefined ? `, ${body.totalTokens} tokens` : ''}`,
	};
}

/**
 * POSTs the input to the webhook example and prints GPTBots' answer.
 * @param {DemoArgs} args
 * @param {N8nServer} server
 */
async function runWebhookExample(args, server) {
	const url = productionUrl(server, C.WEBHOOK_PATHS.webhook);
	log(
		`running the example "sync run from a webhook": POST ${url} ${JSON.stringify(args.inputObject)}`,
	);
	const started = Date.now();
	const res = await request('POST', url, { body: args.inputObject, timeoutMs: 180000 });
	if (res.status !== 200) {
		throw new DemoError(
			`the webhook example answered HTTP ${res.status}: ${res.text.slice(0, 500)}\n(see the execution in the editor: ${server.url}/workflow/${C.IDS.webhook}/executions)`,
		);
	}
	const { answer, line } = describeAnswer(res.json);
	log(`GPTBots answered in ${Date.now() - started} ms (${line}):`);
	console.log(`\n    ${answer}\n`);
}

/**
 * An async run at the simulator whose webhook is the trigger example's URL; waits for its execution.
 * @param {N8nServer} server
 * @param {RestClient} rest
 * @param {SimulatorHandle} sim
 */
async function runTriggerExample(server, rest, sim) {
	const hookUrl = triggerUrl(server);
	log(`starting an async GPTBots run whose webhook is the trigger example's URL (${hookUrl}) ...`);
	const invoke = await simulatorPost(sim.url, '/v1/workflow/invoke', {
		input: { topic: 'a run that reports to the trigger' },
		isAsync: true,
		webhook: [{ method: 'POST', url: hookUrl, headers: { 'X-GPTBots-Secret': C.TRIGGER_SECRET } }],
	});
	const runId = invoke.json?.workflowRunId;
	if (!runId) throw new Error(`the simulator did not start the run: ${invoke.text.slice(0, 300)}`);
	const before = await restExecutionIds(rest, C.IDS.trigger);
	const { exec, item: followUp } = await newExecutionOutput(
		rest,
		C.IDS.trigger,
		before,
		'Follow-up',
	);
	log(
		`run ${runId} ended and called the trigger: execution ${exec.id} of "follow up when a run ends" — ${exec.status}${followUp ? `; Follow-up got ${JSON.stringify(followUp)}` : ''}`,
	);
}

/**
 * The simulated agent's webhook set to the Agent Trigger example's URL (as a user sets it in
 * GPTBots), then a human agent's reply in a new conversation; waits for its execution.
 * @param {N8nServer} server
 * @param {RestClient} rest
 * @param {SimulatorHandle} sim
 */
async function runAgentReplyExample(server, rest, sim) {
	const hookUrl = agentTriggerUrl(server);
	log(
		`a human agent replies; the agent's webhook is the Agent Trigger example's URL (${hookUrl}) ...`,
	);
	await sim.configure({ agentWebhookUrl: hookUrl });
	const created = await request('POST', `${sim.url}/v1/conversation`, {
		headers: { Authorization: `Bearer ${SIM_AGENT_KEY}` },
		body: { user_id: 'demo' },
	});
	const before = await restExecutionIds(rest, C.IDS.agentReply);
	await request('POST', `${sim.url}/__sim/agent/human-reply`, {
		body: { conversation_id: created.json?.conversation_id, text: 'Hello, a person here.' },
	});
	const { exec, item } = await newExecutionOutput(rest, C.IDS.agentReply, before, 'Pass On');
	log(
		`the reply started execution ${exec.id} of "pass on a human agent's reply" — ${exec.status}${item ? `; Pass On got ${JSON.stringify(item)}` : ''}`,
	);
}

/**
 * A chat message to the chat example's URL, as n8n's chat sends it; the answer's pieces as they came.
 * @param {N8nServer} server
 */
async function runChatExample(server) {
	const url = chatUrl(server, C.AGENT_CHAT_WEBHOOK_ID);
	log(`chatting with the GPTBots agent through the chat example (${url}) ...`);
	const reply = await sendChatMessage(url, {
		sessionId: `demo-${Date.now()}`,
		chatInput: 'Hello agent, what can you do?',
	});
	const items = reply.chunks.filter((chunk) => chunk.type === 'item');
	if (reply.status !== 200)
		throw new DemoError(`the chat answered HTTP ${reply.status}: ${reply.body.slice(0, 300)}`);
	log(
		`the answer streamed in ${items.length} pieces over ${items.length ? items[items.length - 1].at - items[0].at : 0} ms: ${items.map((i) => JSON.stringify(i.content)).join(' ')}`,
	);
}

/**
 * The end-to-end run: the webhook example, and with the simulator (`sim`) the trigger and chat examples.
 * @param {DemoArgs} args
 * @param {N8nServer} server
 * @param {RestClient} rest
 * @param {SimulatorHandle | undefined} sim
 */
async function runExamples(args, server, rest, sim) {
	await runWebhookExample(args, server);
	if (sim) {
		await runTriggerExample(server, rest, sim);
		await runAgentReplyExample(server, rest, sim);
		await runChatExample(server);
	}
}

module.exports = { runExamples };
