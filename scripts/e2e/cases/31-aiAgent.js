'use strict';
// The example examples/ai-agent-tool.json in a real n8n: n8n's AI Agent with the GPTBots node as a
// tool ("GPTBots Workflow Tool"), its mapped fields left to the model with $fromAI (as the editor's
// "let the model define this parameter" button writes them). The chat model is n8n's OpenAI node whose credential points (field `url`) at an
// OpenAI-compatible stand-in on 127.0.0.1 that calls the tool with values of its own choosing.
const { CREDENTIAL_TYPE, NODE_TYPE } = require('../../lib/constants');
const { workflowId } = require('../../lib/builders');
const { recent, recentSim } = require('../recentRunsSim');
const { startOpenAiStub } = require('../openaiStub');
const { exampleWorkflow } = require('../exampleWorkflow');

const OPENAI_CREDENTIAL = { id: workflowId('credential:openai-stub'), name: 'OpenAI stand-in' };
const MODEL_VALUES = { string: 'chosen by the model', number: 6, boolean: true };

/**
 * The OpenAI stand-in, started once for the whole run.
 * @type {{ started: ReturnType<typeof startOpenAiStub> | null, url: string,
 *   requests: import('../openaiStub').StubRequest[] }}
 */
const stub = { started: null, url: '', requests: [] };

/**
 * What the stand-in model puts in its tool call: a value of each parameter's JSON-schema type.
 * @param {import('../openaiStub').Tool} tool
 */
function chooseArguments(tool) {
	/** @type {Record<string, { type?: string }>} */
	const properties = tool.function?.parameters?.properties ?? {};
	return Object.fromEntries(
		Object.entries(properties).map(([name, schema]) => [
			name,
			// a JSON-schema type name: the three above have a value, any other gets 'x'
			MODEL_VALUES[/** @type {keyof typeof MODEL_VALUES} */ (schema.type)] ?? 'x',
		]),
	);
}

/** examples/ai-agent-tool.json as it is, on the suite's stand-in credentials. */
const agentWorkflow = () =>
	exampleWorkflow('ai-agent-tool.json', 'ai-agent', 'e2e AI Agent with the GPTBots tool', {
		openAiApi: OPENAI_CREDENTIAL,
		[CREDENTIAL_TYPE]: recent.credential,
	});

/** @type {import('../run').E2eCase} */
module.exports = {
	name: 'aiAgent',
	async setup(env) {
		await recent.setup(env);
		stub.started ??= startOpenAiStub({ chooseArguments });
		Object.assign(stub, await stub.started);
	},
	credentials: () => [
		...recent.credentials(),
		{
			...OPENAI_CREDENTIAL,
			type: 'openAiApi',
			data: { apiKey: 'sk-stand-in-not-a-key', url: `${stub.url}/v1` },
		},
	],
	workflows: () => [agentWorkflow()],
	async run(t, env) {
		const before = stub.requests.length;
		const r = await env.execute('ai-agent');
		t.exitCode(r, 0);
		const mine = stub.requests.slice(before).filter((q) => q.url.endsWith('/chat/completions'));
		const offered = mine[0]?.body?.tools?.[0]?.function;
		const toolNode = agentWorkflow().nodes.find((node) => node.type === `${NODE_TYPE}Tool`);
		t.equal(
			'the model was offered the GPTBots tool with the description set in the node',
			offered?.description,
			toolNode?.parameters?.toolDescription,
		);
		t.deepEqual(
			'its parameters are the fields left to the model, with their types',
			Object.fromEntries(
				Object.entries(offered?.parameters?.properties ?? {}).map(([k, s]) => [k, s.type]),
			),
			{ topic: 'string', count: 'number' },
		);
		const runs = [...recentSim().state.runs.values()].filter(
			(record) => record.run.input?.topic === MODEL_VALUES.string,
		);
		t.equal('the tool ran the GPTBots workflow once', runs.length, 1);
		t.deepEqual(
			"with the values the model chose, converted by the fields' types, and the fixed one",
			runs[0]?.run?.input,
			{ topic: MODEL_VALUES.string, count: 6, lang: 'en' },
		);
		const answer = String(r.output('AI Agent')?.[0]?.json?.output ?? '');
		t.check(
			"the agent's answer carries the tool's result (the workflow's answer to the model's topic)",
			answer.includes('processed') && answer.includes(MODEL_VALUES.string),
			answer.slice(0, 400),
		);
		t.equal('two model calls: the tool call, then the answer', mine.length, 2);
	},
};
