/**
 * Requirement 4: a catalogue of bad inputs. Each message must name the field and the item
 * (`[item N]`). Values read per item come from an expression (`={{ $json.value }}`) over several
 * items, with the bad value at item 1, 2 or 3, so that the index in the message is not always 0;
 * the good items around it must still run, and the bad one must never reach GPTBots.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runNode } from '../harness/engine';
import type { Simulator } from '../engine/fixture';
import { API_KEY, credentialTypes, json, nodeTypes, paired, runWorkflowNode, useSimulator, workflowNode } from '../engine/fixture';
import { addFigures } from './support';

const holder = useSimulator({ latencyMs: 0, asyncDurationMs: 50 }) as unknown as { sim: Simulator };
const EXPR = '={{ $json.value }}';

const jsonInput = { operation: 'invoke', mode: 'sync', inputSource: 'json', inputJson: EXPR };
const field = (type: string, name = 'x') => ({ operation: 'invoke', mode: 'sync', inputSource: 'fields', inputFields: { field: [{ name, type, value: EXPR }] } });
const twoFields = (first: string) => ({
	operation: 'invoke',
	mode: 'sync',
	inputSource: 'fields',
	inputFields: { field: [{ name: first, type: 'string', value: 'a' }, { name: EXPR, type: 'string', value: 'b' }] },
});
const hook = (entry: INodeParameters, mode = 'async'): INodeParameters => ({
	operation: 'invoke',
	mode,
	inputSource: 'json',
	inputJson: '{}',
	webhooks: { webhook: [{ method: 'POST', url: 'https://hooks.example.com/a', headers: '{}', ...entry }] },
});
const getResult = { operation: 'getResult', workflowRunId: EXPR };
const getRuns = (entry: INodeParameters): INodeParameters => ({ operation: 'getRuns', returnAll: false, limit: 10, ...entry });

interface PerItemCase {
	name: string;
	parameters: INodeParameters;
	good: unknown;
	bad: unknown;
	/** must name the field; ` [item N]` is checked separately */
	message: RegExp;
}

const perItem: PerItemCase[] = [
	{ name: 'Input (JSON) not valid JSON', parameters: jsonInput, good: '{"a":1}', bad: '{"a":', message: /^Input \(JSON\): is not valid JSON \(/ },
	{ name: 'Input (JSON) an array', parameters: jsonInput, good: '{"a":1}', bad: '[1,2]', message: /^Input \(JSON\): must be a JSON object, got an array$/ },
	{ name: 'Input (JSON) a number', parameters: jsonInput, good: '{"a":1}', bad: '42', message: /^Input \(JSON\): must be a JSON object, got number 42$/ },
	{ name: 'Input (JSON) a string', parameters: jsonInput, good: '{"a":1}', bad: '"hello"', message: /^Input \(JSON\): must be a JSON object, got string "hello"$/ },
	{ name: 'Input (JSON) null', parameters: jsonInput, good: '{"a":1}', bad: 'null', message: /^Input \(JSON\): must be a JSON object, got null$/ },
	{ name: 'Input (JSON) empty', parameters: jsonInput, good: '{"a":1}', bad: '', message: /^Input \(JSON\): is empty: enter a JSON object/ },
	{ name: 'Input (JSON) an array from an expression', parameters: jsonInput, good: { a: 1 }, bad: [1, 2], message: /^Input \(JSON\): must be a JSON object, got an array$/ },
	{ name: 'number field given text', parameters: field('number', 'age'), good: '41', bad: 'forty', message: /^Input Fields › field 1 \(age\): expected a number, got string "forty"$/ },
	{ name: 'number field empty', parameters: field('number', 'age'), good: '41', bad: '', message: /^Input Fields › field 1 \(age\): expected a number, got string ""$/ },
	{ name: 'number field infinite', parameters: field('number', 'age'), good: '41', bad: '1e999', message: /^Input Fields › field 1 \(age\): expected a number, got string "1e999"$/ },
	{ name: 'number field given a boolean', parameters: field('number', 'age'), good: 3, bad: true, message: /^Input Fields › field 1 \(age\): expected a number, got boolean true$/ },
	{ name: 'boolean field given text', parameters: field('boolean', 'flag'), good: 'yes', bad: 'maybe', message: /^Input Fields › field 1 \(flag\): expected true or false, got string "maybe"$/ },
	{ name: 'boolean field given a number', parameters: field('boolean', 'flag'), good: 1, bad: 7, message: /^Input Fields › field 1 \(flag\): expected true or false, got number 7$/ },
	{ name: 'json field not valid JSON', parameters: field('json', 'data'), good: '{"k":1}', bad: '{k:1}', message: /^Input Fields › field 1 \(data\): is not valid JSON \(/ },
	{ name: 'json field empty', parameters: field('json', 'data'), good: '[]', bad: '', message: /^Input Fields › field 1 \(data\): is not valid JSON \(/ },
	{ name: 'field name empty', parameters: field('string', EXPR), good: 'name', bad: '', message: /^Input Fields › field 1: the name is empty$/ },
	{ name: 'field name only spaces', parameters: field('string', EXPR), good: 'name', bad: '   ', message: /^Input Fields › field 1: the name is empty$/ },
	{ name: 'field name used twice', parameters: twoFields('topic'), good: 'other', bad: 'topic', message: /^Input Fields › field 2 \(topic\): the name "topic" is used twice$/ },
	{ name: 'field name used twice (after trimming)', parameters: twoFields('topic'), good: 'other', bad: ' topic ', message: /^Input Fields › field 2 \(topic\): the name "topic" is used twice$/ },
	{ name: 'webhook URL not http(s)', parameters: hook({ url: EXPR }), good: 'https://a.example.com/h', bad: 'ftp://a.example.com/h', message: /^Webhooks › webhook 1 › URL: "ftp:\/\/a\.example\.com\/h" must be an http:\/\/ or https:\/\/ URL$/ },
	{ name: 'webhook URL javascript:', parameters: hook({ url: EXPR }), good: 'https://a.example.com/h', bad: 'javascript:alert(1)', message: /^Webhooks › webhook 1 › URL: .* must be an http:\/\/ or https:\/\/ URL$/ },
	{ name: 'webhook URL malformed', parameters: hook({ url: EXPR }), good: 'https://a.example.com/h', bad: 'https://exa mple.com', message: /^Webhooks › webhook 1 › URL: "https:\/\/exa mple\.com" is not a valid URL$/ },
	{ name: 'webhook URL without host', parameters: hook({ url: EXPR }), good: 'https://a.example.com/h', bad: 'http://', message: /^Webhooks › webhook 1 › URL: "http:\/\/" is not a valid URL$/ },
	{ name: 'webhook URL relative', parameters: hook({ url: EXPR }), good: 'https://a.example.com/h', bad: '/webhook/gptbots', message: /^Webhooks › webhook 1 › URL: "\/webhook\/gptbots" is not a valid URL$/ },
	{ name: 'webhook URL empty', parameters: hook({ url: EXPR }), good: 'https://a.example.com/h', bad: '  ', message: /^Webhooks › webhook 1 › URL: is empty$/ },
	{ name: 'webhook headers not valid JSON', parameters: hook({ headers: EXPR }), good: '{"X-A":"1"}', bad: '{"X-A":', message: /^Webhooks › webhook 1 › Headers: is not valid JSON/ },
	{ name: 'webhook headers an array', parameters: hook({ headers: EXPR }), good: '{"X-A":"1"}', bad: '["X-A"]', message: /^Webhooks › webhook 1 › Headers: must be a JSON object/ },
	{ name: 'webhook headers a string', parameters: hook({ headers: EXPR }), good: '{"X-A":"1"}', bad: '"X-A: 1"', message: /^Webhooks › webhook 1 › Headers: must be a JSON object/ },
	{ name: 'webhook header name not a token', parameters: hook({ headers: EXPR }), good: '{"X-A":"1"}', bad: '{"X A":"1"}', message: /^Webhooks › webhook 1 › Headers: "X A" is not a valid header name$/ },
	{ name: 'webhook header value an object', parameters: hook({ headers: EXPR }), good: '{"X-A":"1"}', bad: '{"X-A":{"b":1}}', message: /^Webhooks › webhook 1 › Headers: the value of "X-A" must be text$/ },
	{ name: 'webhook method unknown', parameters: hook({ method: EXPR }), good: 'GET', bad: 'DELETE', message: /^Webhooks › webhook 1 › Method: "DELETE" is not one of POST, GET, PUT, PATCH$/ },
	{ name: 'Workflow Run ID empty', parameters: getResult, good: 'run_ok', bad: '', message: /^Workflow Run ID: is empty$/ },
	{ name: 'Workflow Run ID only spaces', parameters: getResult, good: 'run_ok', bad: '   ', message: /^Workflow Run ID: is empty$/ },
	{ name: 'time window ends before it starts', parameters: getRuns({ startTime: EXPR, endTime: '2025-01-01T00:00:00Z' }), good: '2024-12-01T00:00:00Z', bad: '2025-02-01T00:00:00Z', message: /^End Time: ends before Start Time \(2025-01-01T00:00:00\.000Z < 2025-02-01T00:00:00\.000Z\)$/ },
	{ name: 'Start Time not a date', parameters: getRuns({ startTime: EXPR }), good: '2025-01-01T00:00:00Z', bad: 'last tuesday', message: /^Start Time: "last tuesday" is not a date and time$/ },
	{ name: 'End Time not a date', parameters: getRuns({ endTime: EXPR }), good: '2030-01-01T00:00:00Z', bad: '2025-13-45', message: /^End Time: "2025-13-45" is not a date and time$/ },
	{ name: 'Limit zero', parameters: getRuns({ limit: EXPR }), good: 5, bad: 0, message: /^Limit: must be a whole number of at least 1, got 0$/ },
	{ name: 'Limit a fraction', parameters: getRuns({ limit: EXPR }), good: 5, bad: 2.5, message: /^Limit: must be a whole number of at least 1, got 2\.5$/ },
	{ name: 'field type unknown', parameters: { operation: 'invoke', mode: 'sync', inputSource: 'fields', inputFields: { field: [{ name: 'x', type: EXPR, value: '1' }] } }, good: 'number', bad: 'date', message: /^Input Fields › field 1 \(x\): unknown type "date"$/ },
];

/** Reading the values: the runs on the good items must really have happened. */
const SENT = /^(invoke|getResult|getRuns)$/;

let tried = 0;
afterAll(() => addFigures({ badInputsTried: tried }));

describe('bad values read per item: named field, named item, the other items unharmed', () => {
	it.each(perItem.map((c, n) => [c.name, c, 1 + (n % 3)] as const))('%s', async (_name, c, badIndex) => {
		const { sim } = holder;
		tried++;
		let goodRunId = '';
		if (c.parameters.operation === 'getResult') {
			const started = await runWorkflowNode(sim, { parameters: { operation: 'invoke', mode: 'async', inputSource: 'json', inputJson: '{}' } });
			goodRunId = String(started.items[0].json.workflowRunId);
		}
		const good = c.good === 'run_ok' ? goodRunId : c.good;
		const items = Array.from({ length: 4 }, (_, i) => ({ value: i === badIndex ? c.bad : good })) as IDataObject[];
		const before = { invoke: sim.state.counts.invoke ?? 0, query: sim.state.counts.query ?? 0, logs: sim.state.counts.logs ?? 0 };

		const result = await runWorkflowNode(sim, { parameters: c.parameters, items, continueOnFail: true });
		addFigures({ itemsIn: items.length, itemsOut: result.items.length });
		expect(result.error).toBeUndefined();
		// getRuns gives one item per run found (none here); the others one item per input item
		if (c.parameters.operation !== 'getRuns') expect(paired(result.items)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		const errors = result.items.filter((item) => item.json.error !== undefined);
		expect(errors.map((item) => item.pairedItem)).toEqual([{ item: badIndex }]);
		const message = String(errors[0].json.error);
		expect(message.endsWith(` [item ${badIndex}]`)).toBe(true);
		expect(message.slice(0, -` [item ${badIndex}]`.length)).toMatch(c.message);
		// the bad item never reached GPTBots; the 3 good ones did
		expect(SENT.test(String(c.parameters.operation))).toBe(true);
		const sent = {
			invoke: (sim.state.counts.invoke ?? 0) - before.invoke,
			getResult: (sim.state.counts.query ?? 0) - before.query,
			getRuns: (sim.state.counts.logs ?? 0) - before.logs,
		}[String(c.parameters.operation) as 'invoke' | 'getResult' | 'getRuns'];
		expect(sent).toBe(3);

		// without continueOnFail the same message stops the execution
		const failing = await runWorkflowNode(sim, { parameters: c.parameters, items });
		expect(failing.error?.message).toBe(message);
	});
});

// --------------------------------------------------------------------------------------------
interface OnceCase {
	name: string;
	parameters: INodeParameters;
	message: RegExp;
	credentials?: IDataObject;
}

const invoke = (options: INodeParameters = {}, extra: INodeParameters = {}): INodeParameters => ({ operation: 'invoke', mode: 'sync', inputSource: 'json', inputJson: '{}', options, ...extra });
const custom = (baseUrl: string): IDataObject => ({ endpoint: 'custom', baseUrl });

const once: OnceCase[] = [
	{ name: 'Concurrency 0', parameters: invoke({ concurrency: 0 }), message: /^Options › Concurrency: must be a whole number from 1 to 500, got 0$/ },
	{ name: 'Concurrency 501', parameters: invoke({ concurrency: 501 }), message: /^Options › Concurrency: must be a whole number from 1 to 500, got 501$/ },
	{ name: 'Concurrency 2.5', parameters: invoke({ concurrency: 2.5 }), message: /^Options › Concurrency: must be a whole number from 1 to 500, got 2\.5$/ },
	{ name: 'Concurrency text', parameters: invoke({ concurrency: 'many' }), message: /^Options › Concurrency: must be a whole number from 1 to 500, got "many"$/ },
	{ name: 'Timeout -1', parameters: invoke({ timeout: -1 }), message: /^Options › Timeout: must be a number of seconds from 1 to 3600, got -1$/ },
	{ name: 'Timeout 0', parameters: invoke({ timeout: 0 }), message: /^Options › Timeout: must be a number of seconds from 1 to 3600, got 0$/ },
	{ name: 'Timeout 3601', parameters: invoke({ timeout: 3601 }), message: /^Options › Timeout: must be a number of seconds from 1 to 3600, got 3601$/ },
	{ name: 'Timeout text', parameters: invoke({ timeout: 'soon' }), message: /^Options › Timeout: must be a number of seconds from 1 to 3600, got "soon"$/ },
	{ name: 'Poll Interval 0.01', parameters: invoke({ pollInterval: 0.01 }, { mode: 'asyncPoll' }), message: /^Options › Poll Interval: must be a number of seconds from 0\.1 to 3600, got 0\.01$/ },
	{ name: 'Max Wait 0', parameters: invoke({ maxWait: 0 }, { mode: 'asyncPoll' }), message: /^Options › Max Wait: must be a number of seconds from 1 to 2592000, got 0$/ },
	{ name: 'Max Wait negative (callback mode)', parameters: invoke({ maxWait: -5 }, { mode: 'asyncWebhook' }), message: /^Options › Max Wait: must be a number of seconds from 1 to 2592000, got -5$/ },
	{ name: 'Input Source unknown', parameters: invoke({}, { inputSource: 'csv' }), message: /^Input Source: unknown value "csv"$/ },
	{ name: 'Output unknown', parameters: invoke({ outputMode: 'xml' }), message: /^Options › Output: unknown value "xml"$/ },
	{ name: '6 webhooks', parameters: invoke({}, { mode: 'async', webhooks: { webhook: Array(6).fill({ method: 'POST', url: 'https://a.example.com', headers: '{}' }) } }), message: /^Webhooks: GPTBots accepts at most 5 webhooks per run: 6 given, at most 5 allowed$/ },
	{ name: '5 webhooks in callback mode (one is the resume URL)', parameters: invoke({}, { mode: 'asyncWebhook', webhooks: { webhook: Array(5).fill({ method: 'POST', url: 'https://a.example.com', headers: '{}' }) } }), message: /^Webhooks: GPTBots accepts at most 5 webhooks per run and this mode uses 1 for n8n's resume URL: 5 given, at most 4 allowed$/ },
	{ name: 'base URL with a path', parameters: invoke(), credentials: custom('http://127.0.0.1:9/v1'), message: /^GPTBots API credential: Base URL "http:\/\/127\.0\.0\.1:9\/v1" must be only http\(s\):\/\/host\[:port\] without a path/ },
	{ name: 'base URL with a query', parameters: invoke(), credentials: custom('http://127.0.0.1:9/?x=1'), message: /^GPTBots API credential: Base URL "http:\/\/127\.0\.0\.1:9\/\?x=1" must be only http\(s\):\/\/host\[:port\]/ },
	{ name: 'base URL malformed', parameters: invoke(), credentials: custom('http://exa mple.com'), message: /^GPTBots API credential: Base URL "http:\/\/exa mple\.com" is not a valid URL/ },
	{ name: 'base URL bad port', parameters: invoke(), credentials: custom('http://127.0.0.1:99999'), message: /^GPTBots API credential: Base URL "http:\/\/127\.0\.0\.1:99999" is not a valid URL/ },
	{ name: 'base URL not http', parameters: invoke(), credentials: custom('ftp://gptbots.example.com'), message: /^GPTBots API credential: Base URL "ftp:\/\/gptbots\.example\.com" must start with http:\/\/ or https:\/\// },
	{ name: 'base URL empty', parameters: invoke(), credentials: custom('  '), message: /^GPTBots API credential: Base URL is empty/ },
	{ name: 'base URL with a user name', parameters: invoke(), credentials: custom('https://me:pw@gptbots.example.com'), message: /^GPTBots API credential: Base URL must not contain a user name or password$/ },
	{ name: 'data centre unknown', parameters: invoke(), credentials: { endpoint: 'eu' }, message: /^GPTBots API credential: Unknown GPTBots data centre "eu": choose sg, jp, th, global or custom$/ },
	{ name: 'conversation type unknown', parameters: { operation: 'getRuns', conversationType: 'BOGUS', returnAll: true }, message: /^Conversation Type: unknown value "BOGUS": use one of ALL, API, AGENT, SHARE, C_WORKFLOW$/ },
	{ name: 'operation unknown', parameters: { operation: 'deleteAll' }, message: /^Operation: unknown value "deleteAll"$/ },
	{ name: 'mode unknown', parameters: invoke({}, { mode: 'turbo' }), message: /^Mode: unknown value "turbo"/ },
	{ name: 'webhook header value with a line break', parameters: invoke({}, { mode: 'async', webhooks: { webhook: [{ method: 'POST', url: 'https://a.example.com', headers: '{"X-A":"1\\r\\nX-Injected: 2"}' }] } }), message: /^Webhooks › webhook 1 › Headers: .*"X-A"/ },
];

describe('bad values read once (options, credential, enums): named, [item 0], nothing sent', () => {
	it.each(once.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
		const { sim } = holder;
		tried++;
		const result = await runNode({
			nodeTypes,
			credentialTypes,
			credentials: { gptBotsApi: { endpoint: 'custom', baseUrl: sim.url, apiKey: API_KEY, ...c.credentials } },
			node: workflowNode({ parameters: c.parameters }),
			inputItems: [{}],
		});
		addFigures({ itemsIn: 1, itemsOut: result.items.length });
		const message = String(result.error?.message ?? `(no error; output ${JSON.stringify(json(result.items))})`);
		expect(message).toMatch(/ \[item 0\]$/);
		expect(message.replace(/ \[item 0\]$/, '')).toMatch(c.message);
		if (c.parameters.operation !== 'getRuns') expect(sim.state.counts.invoke ?? 0).toBe(0);
	});
});

// --------------------------------------------------------------------------------------------
describe('accepted and normalised', () => {
	it.each([
		['trailing slashes', (url: string) => `${url}///`],
		['spaces around', (url: string) => `  ${url}/  `],
	])('a custom base URL with %s works', async (_label, make) => {
		const { sim } = holder;
		tried++;
		const result = await runWorkflowNode(sim, { parameters: invoke(), baseUrl: make(sim.url), items: [{}] });
		addFigures({ itemsIn: 1, itemsOut: result.items.length });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ status: 'SUCCEED' });
		// the API path was appended once, with no double slash
		expect(sim.state.requests.map((r) => r.path)).toEqual(['/v1/workflow/invoke']);
	});

	it('a field named __proto__ is sent as a field (not swallowed as a prototype)', async () => {
		const { sim } = holder;
		tried++;
		const result = await runWorkflowNode(sim, {
			parameters: { operation: 'invoke', mode: 'sync', inputSource: 'fields', inputFields: { field: [{ name: '__proto__', type: 'json', value: '{"polluted":true}' }, { name: 'b', value: 'x' }] } },
		});
		addFigures({ itemsIn: 1, itemsOut: result.items.length });
		expect(result.error).toBeUndefined();
		const sent = sim.state.requests.find((r) => r.path === '/v1/workflow/invoke')!.body as { input: object };
		expect(Object.keys(sent.input)).toEqual(['__proto__', 'b']);
		expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
	});

	it('numbers, booleans and JSON given as text are converted', async () => {
		const { sim } = holder;
		const result = await runWorkflowNode(sim, {
			parameters: {
				operation: 'invoke',
				mode: 'sync',
				inputSource: 'fields',
				inputFields: {
					field: [
						{ name: ' n ', type: 'number', value: ' 4.5 ' },
						{ name: 'b', type: 'boolean', value: 'FALSE' },
						{ name: 'j', type: 'json', value: '{"k":[1]}' },
						{ name: 's', type: 'string', value: '={{ $json.obj }}' },
					],
				},
			},
			items: [{ obj: { a: 1 } }],
		});
		expect(result.items[0].json.input).toEqual({ n: 4.5, b: false, j: { k: [1] }, s: '{"a":1}' });
	});
});
