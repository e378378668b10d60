import type {
	FieldType,
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	ResourceMapperFields,
	ResourceMapperValue,
} from 'n8n-workflow';

import { getToolDescriptionSuggestions } from '../../nodes/GptBots/workflow/methods/listSearch';
import { getInputMappingFields } from '../../nodes/GptBots/workflow/methods/resourceMapping';
import { callNodeMethod } from '../harness/loadOptions';
import type { Simulator } from './fixture';
import {
	WORKFLOW_TYPE,
	credentialTypes,
	credentialsFor,
	json,
	nodeTypes,
	runWorkflowNode,
	useSimulator,
} from './fixture';

const holder = useSimulator();

async function callMethod<T>(
	sim: Simulator,
	method: (this: ILoadOptionsFunctions) => Promise<T>,
	type = WORKFLOW_TYPE,
	path = 'inputMapping',
): Promise<T> {
	return await callNodeMethod(
		{
			nodeTypes: { ...nodeTypes, [`${WORKFLOW_TYPE}Tool`]: nodeTypes[WORKFLOW_TYPE] },
			credentialTypes,
			credentials: credentialsFor(sim),
			node: {
				name: 'GPTBots',
				type,
				parameters: { operation: 'invoke', inputSource: 'mapped' },
				credentials: { gptBotsApi: { id: '1', name: 'GPTBots' } },
			},
		},
		method,
		path,
	);
}

const fieldsOf = async (sim: Simulator) =>
	(await callMethod<ResourceMapperFields>(sim, getInputMappingFields)).fields;
const logCalls = (sim: Simulator) =>
	sim.state.requests.filter((r) => r.path === '/v1/workflow/run/logs');
const file = { format: 'pdf', name: 'a.pdf', url: 'https://files.example.com/a.pdf' };

describe("fields from recent runs (resource mapper method in n8n-core's LoadOptionsContext)", () => {
	it("infers each key's type across runs: mixed, nested objects, arrays, file objects", async () => {
		const { sim } = holder;
		sim.seedRuns(2, {
			inputs: [
				{
					topic: 'news',
					count: 3,
					ratio: 1,
					flag: true,
					meta: { a: { b: [1] } },
					tags: ['x'],
					doc: file,
					anything: 'text',
				},
				{
					topic: 'sport',
					count: 7,
					ratio: 2.5,
					flag: false,
					meta: { a: null },
					tags: [],
					doc: { format: 'png', base64_content: 'AAAA' },
					anything: 5,
				},
			],
		});
		const fields = await fieldsOf(sim);
		expect(fields.map((f) => f.id)).toEqual([
			'topic',
			'count',
			'ratio',
			'flag',
			'meta',
			'tags',
			'doc',
			'anything',
		]);
		expect(Object.fromEntries(fields.map((f) => [f.id, f.type]))).toEqual({
			topic: 'string',
			count: 'number',
			ratio: 'number',
			flag: 'boolean',
			meta: 'object',
			tags: 'array',
			doc: 'url',
			anything: undefined,
		});
		expect(
			fields.every((f) => f.required && !f.removed && f.display && f.displayName === f.id),
		).toBe(true);
		// null, not absent: n8n's editor would fill an untouched boolean with false
		expect(fields.map((f) => f.defaultValue)).toEqual(Array(fields.length).fill(null));
		// one call: 2 rows is a short page
		expect(logCalls(sim)).toHaveLength(1);
		const query = logCalls(sim)[0].query as Record<string, string>;
		expect(query.conversation_type).toBe('API');
		const days = (Number(query.end_time) - Number(query.start_time)) / 86_400_000;
		expect(days).toBe(30);
	});

	it('with no runs: no fields and a notice pointing to Fields mode', async () => {
		const result = await callMethod<ResourceMapperFields>(holder.sim, getInputMappingFields);
		expect(result.fields).toEqual([]);
		expect(result.emptyFieldsNotice).toMatch(
			/^No API runs of this workflow in the last 30 days.*Input Source "Fields"/,
		);
	});

	it('reads several pages, newest first, and marks keys that recent runs no longer send', async () => {
		const { sim } = holder;
		const start = Date.now() - 60_000;
		sim.seedRuns(60, { startTime: start, inputs: [{ topic: 'old', legacy_key: 1 }] });
		sim.seedRuns(190, {
			startTime: start,
			inputs: [
				{ topic: 'new', lang: 'en' },
				{ topic: 'new', lang: 'de', extra: true },
			],
		});
		const fields = await fieldsOf(sim);
		expect(logCalls(sim).map((r) => (r.query as Record<string, string>).page)).toEqual([
			'1',
			'2',
			'3',
		]);
		const byId = Object.fromEntries(fields.map((f) => [f.id, f]));
		expect(fields.map((f) => f.id)).toEqual(['topic', 'lang', 'extra', 'legacy_key']);
		expect(byId.legacy_key).toMatchObject({
			removed: true,
			required: false,
			displayName: 'legacy_key (not sent in the last 5 runs)',
			type: 'number',
		});
		expect(byId.lang).toMatchObject({ removed: false, required: false });
		expect(byId.topic).toMatchObject({ removed: false, required: true });
		expect(byId.extra).toMatchObject({ removed: false, required: false, type: 'boolean' });
	});

	it('as an AI-Agent tool, each field defaults to $fromAI with its type and recent values', async () => {
		const { sim } = holder;
		sim.seedRuns(2, {
			inputs: [
				{ topic: 'news', count: 2 },
				{ topic: 'sport', count: 4 },
			],
		});
		const result = await callMethod<ResourceMapperFields>(
			sim,
			getInputMappingFields,
			`${WORKFLOW_TYPE}Tool`,
		);
		expect(result.fields.map((f) => f.defaultValue)).toEqual([
			'={{ $fromAI(\'topic\', `string, sent by all 2 recent runs; e.g. "sport", "news"`, \'string\') }}',
			"={{ $fromAI('count', `integer, sent by all 2 recent runs; e.g. 4, 2`, 'number') }}",
		]);
	});

	it('suggests a tool description from the workflow name of the newest run', async () => {
		const { sim } = holder;
		sim.configure({ workflow: { id: 'wf_1', name: 'todayNews', version: '3' } });
		sim.seedRuns(1, { inputs: [{ topic: 'news', count: 2 }] });
		const result = await callMethod<INodeListSearchResult>(
			sim,
			getToolDescriptionSuggestions,
			`${WORKFLOW_TYPE}Tool`,
			'toolDescriptionSuggestion',
		);
		expect(result.results.map((r) => r.value)).toEqual([
			'Runs the GPTBots AI workflow "todayNews" and returns its output. Inputs: topic (string), count (integer).',
		]);
	});
});

describe('input source "mapped" and the check against recent runs', () => {
	const mapping = (
		value: IDataObject,
		schema: Array<[string, FieldType | undefined]>,
	): ResourceMapperValue => ({
		mappingMode: 'defineBelow',
		value: value as ResourceMapperValue['value'],
		matchingColumns: [],
		schema: schema.map(([id, type]) => ({
			id,
			displayName: id,
			type,
			required: false,
			defaultMatch: false,
			display: true,
		})),
		attemptToConvertTypes: false,
		convertFieldsToString: true,
	});

	it('converts each mapped value by its field type, as Fields mode does; empty fields are not sent', async () => {
		const { sim } = holder;
		const result = await runWorkflowNode(sim, {
			parameters: {
				operation: 'invoke',
				inputSource: 'mapped',
				inputMapping: mapping(
					{
						topic: '={{ $json.t }}',
						count: '42',
						flag: 'true',
						meta: '{"a":[1]}',
						tags: '={{ [1, 2] }}',
						doc: 'https://x.example/r/report.pdf',
						any: 'as is',
						unset: null,
					},
					[
						['topic', 'string'],
						['count', 'number'],
						['flag', 'boolean'],
						['meta', 'object'],
						['tags', 'array'],
						['doc', 'url'],
						['any', undefined],
						['unset', 'number'],
					],
				),
			},
			items: [{ t: 'news' }],
		});
		expect(result.error).toBeUndefined();
		expect(json(result.items)[0].input).toEqual({
			topic: 'news',
			count: 42,
			flag: true,
			meta: { a: [1] },
			tags: [1, 2],
			doc: { format: 'pdf', name: 'report.pdf', url: 'https://x.example/r/report.pdf' },
			any: 'as is',
		});
	});

	it('a bad mapped value names the field and the item; nothing is sent', async () => {
		const { sim } = holder;
		const result = await runWorkflowNode(sim, {
			parameters: {
				operation: 'invoke',
				inputSource: 'mapped',
				inputMapping: mapping({ meta: '={{ [1] }}' }, [['meta', 'object']]),
			},
		});
		expect(result.error?.message).toBe(
			'Fields from Recent Runs › meta: expected a JSON object, got an array [item 0]',
		);
		expect(sim.state.counts.invoke).toBe(0);
	});

	it('"Check Input Against Recent Runs" refuses a typo before sending, naming the keys; good items run', async () => {
		const { sim } = holder;
		sim.seedRuns(3, {
			inputs: [
				{ topic: 'a', count: 1 },
				{ topic: 'b', count: 2, lang: 'en' },
			],
		});
		const invokesBefore = sim.state.counts.invoke;
		const result = await runWorkflowNode(sim, {
			parameters: {
				operation: 'invoke',
				inputSource: 'item',
				options: { checkInputAgainstRuns: true },
			},
			items: [
				{ topic: 'ok', count: 1 },
				{ topik: 'typo', count: 1 },
				{ topic: 'ok', count: 2, lang: 'de' },
			],
			continueOnFail: true,
		});
		const out = json(result.items);
		expect(out[1].error).toBe(
			'Nothing sent: the input lacks "topic", sent by every one of the last 3 runs, and has "topik", sent by none of the last 3 runs [item 1]',
		);
		expect(out[1].errorKind).toBe('inputMismatch');
		expect([out[0].status, out[2].status]).toEqual(['SUCCEED', 'SUCCEED']);
		expect(sim.state.counts.invoke - invokesBefore).toBe(2);
		expect(logCalls(sim)).toHaveLength(1); // the runs are read once per execution
	});

	it('a failed read of the run logs refuses every item with an error of its own; nothing is sent', async () => {
		const { sim } = holder;
		const result = await runWorkflowNode(sim, {
			parameters: {
				operation: 'invoke',
				inputSource: 'item',
				options: { checkInputAgainstRuns: true },
			},
			items: [{ topic: 'a' }, { topic: 'b' }],
			apiKey: 'wrong-key-1234',
			continueOnFail: true,
		});
		expect(json(result.items).map((item) => item.error)).toEqual(
			[0, 1].map((i) =>
				expect.stringMatching(
					new RegExp(
						`^Could not read the run logs to check the input: GPTBots answered HTTP 401.* \\[item ${i}\\]$`,
					),
				),
			),
		);
		expect(sim.state.counts.invoke).toBe(0);
		expect(logCalls(sim)).toHaveLength(1);
	});

	it("stores the run id and status as the execution's custom data (first run + count for several)", async () => {
		const { sim } = holder;
		const one = await runWorkflowNode(sim, {
			parameters: { operation: 'invoke', inputSource: 'item' },
			items: [{ k: 1 }],
		});
		expect(one.run.data.resultData.metadata).toEqual({
			gptbotsWorkflowRunId: json(one.items)[0].workflowRunId,
			gptbotsStatus: 'SUCCEED',
		});
		const many = await runWorkflowNode(sim, {
			parameters: {
				operation: 'invoke',
				inputSource: 'item',
				options: { failOnRunFailure: false, concurrency: 1 },
			},
			items: [{ k: 1 }, { k: 2, __fail: 'x' }, { k: 3 }],
		});
		expect(many.run.data.resultData.metadata).toEqual({
			gptbotsWorkflowRunId: json(many.items)[0].workflowRunId,
			gptbotsStatus: 'SUCCEED 2, FAILED 1',
			gptbotsRunCount: '3',
		});
	});
});
