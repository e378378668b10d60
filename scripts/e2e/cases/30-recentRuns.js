'use strict';
// Input source "Fields from Recent Runs" (inputSource 'mapped') in a real n8n. These cases use a
// simulator of their own, seeded with known runs, so that the other cases' runs do not mix into
// the fields learned from the run logs:
// - mapped: an execution in mapped mode (values converted by the fields' types; run id and status
//   stored as the execution's custom data);
// - mappedCheck: the option "Check Input Against Recent Runs" refuses a typo, nothing is sent;
// - mapperRest (n8n start): the resource-mapper method through n8n's REST route for dynamic node
//   parameters, as the editor calls it, also as an AI-Agent tool, and the suggested tool description.
const { CREDENTIAL_TYPE, NODE_TYPE, SIM_API_KEY } = require('../../lib/constants');
const { querySqlite } = require('../../lib/executions');
const { gptNode, itemsNode, manualTrigger, workflow } = require('../../lib/builders');
const { recent, recentSim } = require('../recentRunsSim');
const { serverOf } = require('../serverEnv');

/**
 * @typedef {import('../run').E2eEnv} E2eEnv
 * A field as n8n's resource-mapper route answers it; an entry of the list-search route's results.
 * @typedef {import('n8n-workflow').ResourceMapperField} MapperField
 * @typedef {import('n8n-workflow').INodeListSearchItems} ListItem
 */

/**
 * @param {string} id
 * @param {string} type
 * @param {Record<string, unknown>} [extra]
 */
const mapperField = (id, type, extra = {}) => ({
	id,
	displayName: id,
	type,
	required: false,
	defaultMatch: false,
	canBeUsedToMatch: false,
	display: true,
	removed: false,
	...extra,
});

/**
 * The mapper's value as the editor saves it: the fields the method proposed, and the values.
 * @param {Record<string, unknown>} value
 */
function mapping(value) {
	return {
		mappingMode: 'defineBelow',
		value,
		matchingColumns: [],
		schema: [
			mapperField('topic', 'string'),
			mapperField('count', 'number'),
			mapperField('lang', 'string'),
			mapperField('urgent', 'boolean'),
		],
		attemptToConvertTypes: false,
		convertFieldsToString: true,
	};
}

/**
 * @param {E2eEnv} env
 * @param {Record<string, unknown>} parameters
 */
const recentNode = (env, parameters) =>
	gptNode('GPTBots', { operation: 'invoke', mode: 'sync', ...parameters }, recent.credential);

/**
 * One call of n8n's REST route for dynamic node parameters, as the editor makes it.
 * @param {E2eEnv} env
 * @param {string} route
 * @param {string} nodeType
 * @param {string} path
 * @param {string} methodName
 * @param {Record<string, unknown>} [extra]
 */
async function dynamicParameters(env, route, nodeType, path, methodName, extra = {}) {
	return await serverOf(env).rest.post(`/rest/dynamic-node-parameters/${route}`, {
		nodeTypeAndVersion: { name: nodeType, version: 1 },
		path,
		methodName,
		currentNodeParameters: {
			operation: 'invoke',
			mode: 'sync',
			inputSource: 'mapped',
			inputMapping: { mappingMode: 'defineBelow', value: null },
		},
		credentials: { [CREDENTIAL_TYPE]: { id: recent.credential.id, name: recent.credential.name } },
		...extra,
	});
}

/** @type {import('../run').E2eCase[]} */
module.exports = [
	{
		name: 'mapped',
		setup: recent.setup,
		credentials: recent.credentials,
		workflows: (env) => [
			workflow('mapped', 'mapped: fields from recent runs', [
				manualTrigger(),
				itemsNode('Items', [{ t: 'from n8n' }]),
				recentNode(env, {
					inputSource: 'mapped',
					userId: 'e2e-mapped',
					inputMapping: mapping({ topic: '={{ $json.t }}', count: '4', lang: 'fr', urgent: null }),
				}),
			]),
		],
		async run(t, env) {
			const r = await env.execute('mapped');
			t.exitCode(r, 0);
			const run = r.output('GPTBots')?.[0]?.json ?? {};
			t.deepEqual(
				"the input: values converted by the fields' types, the empty field left out",
				run.input,
				{ topic: 'from n8n', count: 4, lang: 'fr' },
			);
			const record = recentSim().state.runs.get(run.workflowRunId);
			t.deepEqual('the simulator received exactly that input', record?.run?.input, {
				topic: 'from n8n',
				count: 4,
				lang: 'fr',
			});
			t.deepEqual(
				"run id and status stored as the execution's custom data",
				r.execution?.data?.resultData?.metadata,
				{ gptbotsWorkflowRunId: run.workflowRunId, gptbotsStatus: 'SUCCEED' },
			);
			const rows = await querySqlite(
				env.ctx,
				'SELECT m.key, m.value FROM execution_metadata m JOIN execution_entity e ON e.id = m.executionId WHERE e.workflowId = ? ORDER BY m.key',
				[env.id('mapped')],
			);
			t.deepEqual(
				'and saved by n8n (execution_metadata), so the executions list can find it',
				rows,
				[
					{ key: 'gptbotsStatus', value: 'SUCCEED' },
					{ key: 'gptbotsWorkflowRunId', value: run.workflowRunId },
				],
			);
		},
	},
	{
		name: 'mappedCheck',
		setup: recent.setup,
		credentials: recent.credentials,
		workflows: (env) => [
			workflow('mapped-check', 'mapped: check input against recent runs', [
				manualTrigger(),
				itemsNode('Items', [{ topik: 'typo', count: 1, lang: 'en' }]),
				recentNode(env, {
					inputSource: 'item',
					userId: 'e2e-check',
					options: { checkInputAgainstRuns: true },
				}),
			]),
		],
		async run(t, env) {
			const r = await env.execute('mapped-check');
			t.exitCode(r, 1);
			t.match(
				'the error names the missing and the unknown key',
				r.error?.message ?? r.stdout,
				/Nothing sent: the input lacks "topic", sent by every one of the last \d+ runs, and has "topik", sent by none of the last \d+ runs \[item 0\]/,
			);
			const sent = [...recentSim().state.runs.values()].filter(
				(record) => record.userId === 'e2e-check',
			);
			t.equal('nothing was sent for the refused item', sent.length, 0);
			t.check(
				'the run logs were read once',
				recentSim().state.requests.some((q) => q.path === '/v1/workflow/run/logs'),
				'no GET /v1/workflow/run/logs',
			);
		},
	},
	{
		name: 'mapperRest',
		kind: 'server',
		setup: recent.setup,
		credentials: recent.credentials,
		async run(t, env) {
			const res = await dynamicParameters(
				env,
				'resource-mapper-fields',
				NODE_TYPE,
				'parameters.inputMapping',
				'getInputMappingFields',
			);
			t.equal(
				'POST /rest/dynamic-node-parameters/resource-mapper-fields answers 200',
				res.status,
				200,
			);
			/** @type {MapperField[]} */
			const fields = res.json?.data?.fields ?? [];
			const byId = Object.fromEntries(fields.map((f) => [f.id, f]));
			t.deepEqual(
				'the fields recent runs sent, newest first, with inferred types',
				fields.map((f) => [f.id, f.type ?? null]),
				[
					['topic', 'string'],
					['count', 'number'],
					['lang', 'string'],
					['urgent', 'boolean'],
					['region', 'string'],
				],
			);
			t.deepEqual(
				'keys in every run are required; "region" (only in older runs) is marked and hidden',
				fields.map((f) => [f.id, f.required, f.removed]),
				[
					['topic', true, false],
					['count', true, false],
					['lang', true, false],
					['urgent', false, false],
					['region', false, true],
				],
			);
			t.equal(
				'the marked field says why',
				byId.region?.displayName,
				'region (not sent in the last 5 runs)',
			);

			const tool = await dynamicParameters(
				env,
				'resource-mapper-fields',
				`${NODE_TYPE}Tool`,
				'parameters.inputMapping',
				'getInputMappingFields',
			);
			/** @type {MapperField[]} */
			const toolFields = tool.json?.data?.fields ?? [];
			const topic = toolFields.find((f) => f.id === 'topic');
			t.match(
				'as an AI-Agent tool, a field defaults to $fromAI with its type and recent values',
				topic?.defaultValue,
				/^=\{\{ \$fromAI\('topic', `string, sent by all \d+ recent runs; e\.g\. "[^`]+`, 'string'\) \}\}$/,
			);

			const list = await dynamicParameters(
				env,
				'resource-locator-results',
				`${NODE_TYPE}Tool`,
				'parameters.toolDescriptionSuggestion',
				'getToolDescriptionSuggestions',
			);
			t.equal(
				'POST /rest/dynamic-node-parameters/resource-locator-results answers 200',
				list.status,
				200,
			);
			t.deepEqual(
				'the suggested tool description names the workflow (from its runs) and its inputs',
				list.json?.data?.results?.map((/** @type {ListItem} */ r) => r.value),
				[
					'Runs the GPTBots AI workflow "e2eNewsDigest" and returns its output. Inputs: topic (string), count (integer), lang (string), urgent (boolean).',
				],
			);
			t.check(
				'the API key appears in none of the answers',
				![res, tool, list].some((a) => a.text.includes(SIM_API_KEY)),
				'key found',
			);
		},
	},
];
