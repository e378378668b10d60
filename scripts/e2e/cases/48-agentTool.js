'use strict';
// examples/agent-ai-tool.json in a real n8n: n8n's AI Agent calls the GPTBots Agent node as a tool
// ("Ask the GPTBots Agent"), the message written by the model ($fromAI). The chat model is n8n's
// OpenAI node pointed at the OpenAI-compatible stand-in (openaiStub.js), which calls the tool.
const { CREDENTIAL_TYPE } = require('../../lib/constants');
const { workflowId } = require('../../lib/builders');
const { startOpenAiStub } = require('../openaiStub');
const { AGENT_CREDENTIAL, agentCredentials, exampleWorkflow } = require('../exampleWorkflow');

const OPENAI_CREDENTIAL = {
	id: workflowId('credential:openai-stub-agent-tool'),
	name: 'OpenAI stand-in (agent tool)',
};
const QUESTION = 'How do I reset my password?';
/**
 * The OpenAI stand-in, started once for the whole run.
 * @type {{ started: ReturnType<typeof startOpenAiStub> | null, url: string,
 *   requests: import('../openaiStub').StubRequest[] }}
 */
const stub = { started: null, url: '', requests: [] };

const toolWorkflow = () =>
	exampleWorkflow('agent-ai-tool.json', 'agent-tool', 'e2e AI Agent asks a GPTBots agent', {
		openAiApi: OPENAI_CREDENTIAL,
		[CREDENTIAL_TYPE]: AGENT_CREDENTIAL,
	});

/** @type {import('../run').E2eCase} */
module.exports = {
	name: 'agentTool',
	async setup() {
		// The model writes the question into every string parameter of the tool.
		stub.started ??= startOpenAiStub({
			chooseArguments: (tool) =>
				Object.fromEntries(
					Object.keys(tool.function?.parameters?.properties ?? {}).map((name) => [name, QUESTION]),
				),
		});
		Object.assign(stub, await stub.started);
	},
	credentials: (env) => [
		...agentCredentials(env),
		{
			...OPENAI_CREDENTIAL,
			type: 'openAiApi',
			data: { apiKey: 'sk-stand-in-not-a-key', url: `${stub.url}/v1` },
		},
	],
	workflows: () => [toolWorkflow()],
	async run(t, env) {
		const before = stub.requests.length;
		const messagesBefore = env.sim.state.agent.messages.length;
		const r = await env.execute('agent-tool');
		t.exitCode(r, 0);
		const calls = stub.requests.slice(before).filter((q) => q.url.endsWith('/chat/completions'));
		const offered = calls[0]?.body?.tools?.[0]?.function;
		const toolNode = toolWorkflow().nodes.find((node) => node.type.endsWith('gptBotsAgentTool'));
		t.equal(
			'the model was offered the GPTBots agent as a tool, with the description set in the node',
			offered?.description,
			toolNode?.parameters?.toolDescription,
		);
		t.deepEqual(
			'its one parameter is the message, left to the model',
			Object.keys(offered?.parameters?.properties ?? {}),
			['message'],
		);
		// Other cases (agentFiles) send to the same simulator meanwhile: count this case's question.
		const sent = env.sim.state.agent.messages.slice(messagesBefore);
		const texts = sent.map((m) => m.messages.at(-1)?.text);
		t.equal(
			"the tool sent the model's message to the GPTBots agent, once",
			texts.filter((text) => text === QUESTION).length,
			1,
		);
		const answer = String(r.output('AI Agent')?.[0]?.json?.output ?? '');
		t.check(
			"the AI Agent's answer carries the GPTBots agent's answer",
			answer.includes(`You said: ${QUESTION}`),
			answer.slice(0, 400),
		);
		t.equal('two model calls: the tool call, then the answer', calls.length, 2);
	},
};
