'use strict';
// n8n's AI Agent with the GPTBots node as a tool ("GPTBots Workflow Tool"), its mapped fields left
// to the model with $fromAI (as the editor's "let the model define this parameter" button writes
// them). The chat model is n8n's OpenAI node whose credential points (field `url`) at an
// OpenAI-compatible stand-in on 127.0.0.1 that calls the tool with values of its own choosing.
const lib = require('../lib');
const { recent } = require('../recentRunsSim');
const { startOpenAiStub } = require('../openaiStub');

const OPENAI_CREDENTIAL = { id: lib.workflowId('credential:openai-stub'), name: 'OpenAI stand-in' };
const TOOL_DESCRIPTION = 'Runs the GPTBots AI workflow "e2eNewsDigest" and returns its output. Inputs: topic (string), count (integer), lang (string).';
const MODEL_VALUES = { string: 'chosen by the model', number: 6, boolean: true };

const stub = { started: null, url: '', requests: [] };

/** What the stand-in model puts in its tool call: a value of each parameter's JSON-schema type. */
function chooseArguments(tool) {
	const properties = tool.function?.parameters?.properties ?? {};
	return Object.fromEntries(Object.entries(properties).map(([name, schema]) => [name, MODEL_VALUES[schema.type] ?? 'x']));
}

const fromAi = (key, type) => `={{ /*n8n-auto-generated-fromAI-override*/ $fromAI('${key}', \`\`, '${type}') }}`;

function agentWorkflow() {
	const wf = lib.workflow('ai-agent', 'AI Agent with the GPTBots tool', [
		lib.manualTrigger(),
		{
			name: 'Agent',
			type: '@n8n/n8n-nodes-langchain.agent',
			typeVersion: 2,
			parameters: { promptType: 'define', text: 'Make a news digest.', options: { systemMessage: 'Use the GPTBots tool.' } },
		},
		{
			name: 'Model',
			type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
			typeVersion: 1.2,
			parameters: { model: { __rl: true, mode: 'list', value: 'gpt-4o-mini' }, options: {} },
			credentials: { openAiApi: OPENAI_CREDENTIAL },
		},
		{
			name: 'GPTBots',
			type: `${lib.NODE_TYPE}Tool`,
			typeVersion: 1,
			parameters: {
				descriptionType: 'manual',
				toolDescription: TOOL_DESCRIPTION,
				operation: 'invoke',
				mode: 'sync',
				inputSource: 'mapped',
				userId: 'e2e-agent',
				inputMapping: {
					mappingMode: 'defineBelow',
					value: { topic: fromAi('topic', 'string'), count: fromAi('count', 'number'), lang: 'en' },
					matchingColumns: [],
					schema: [['topic', 'string'], ['count', 'number'], ['lang', 'string']].map(([id, type]) => ({ id, displayName: id, type, required: true, defaultMatch: false, display: true, removed: false })),
					attemptToConvertTypes: false,
					convertFieldsToString: true,
				},
				options: {},
			},
			credentials: { [lib.CREDENTIAL_TYPE]: recent.credential },
		},
	]);
	wf.connections = {
		Start: { main: [[{ node: 'Agent', type: 'main', index: 0 }]] },
		Model: { ai_languageModel: [[{ node: 'Agent', type: 'ai_languageModel', index: 0 }]] },
		GPTBots: { ai_tool: [[{ node: 'Agent', type: 'ai_tool', index: 0 }]] },
	};
	return wf;
}

module.exports = {
	name: 'aiAgent',
	async setup(env) {
		await recent.setup(env);
		stub.started ??= startOpenAiStub({ chooseArguments });
		Object.assign(stub, await stub.started);
	},
	credentials: (env) => [
		...recent.credentials(env),
		{ ...OPENAI_CREDENTIAL, type: 'openAiApi', data: { apiKey: 'sk-stand-in-not-a-key', url: `${stub.url}/v1` } },
	],
	workflows: () => [agentWorkflow()],
	async run(t, env) {
		const before = stub.requests.length;
		const r = await env.execute('ai-agent');
		t.exitCode(r, 0);
		const mine = stub.requests.slice(before).filter((q) => q.url.endsWith('/chat/completions'));
		const offered = mine[0]?.body?.tools?.[0]?.function;
		t.equal('the model was offered the GPTBots tool with our description', offered?.description, TOOL_DESCRIPTION);
		t.deepEqual('its parameters are the fields left to the model, with their types',
			Object.fromEntries(Object.entries(offered?.parameters?.properties ?? {}).map(([k, s]) => [k, s.type])), { topic: 'string', count: 'number' });
		const runs = [...recent.sim.state.runs.values()].filter((record) => record.userId === 'e2e-agent');
		t.equal('the tool ran the GPTBots workflow once', runs.length, 1);
		t.deepEqual('with the values the model chose (and the fixed one)', runs[0]?.run?.input, { topic: 'chosen by the model', count: 6, lang: 'en' });
		const answer = String(r.output('Agent')?.[0]?.json?.output ?? '');
		t.check('the agent\'s answer carries the tool\'s result (the run id)', runs[0] && answer.includes(runs[0].run.workflowRunId), answer.slice(0, 400));
		t.equal('two model calls: the tool call, then the answer', mine.length, 2);
	},
};
