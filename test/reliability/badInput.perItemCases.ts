// The catalogue of bad values read per item (badInput.reliability.ts runs it).
import type { INodeParameters } from 'n8n-workflow';

import { syncFields, syncJson } from '../engine/fixture';

export const EXPR = '={{ $json.value }}';

const jsonInput = syncJson(EXPR);
const field = (type: string, name = 'x') => syncFields({ name, type, value: EXPR });
const twoFields = (first: string) =>
	syncFields(
		{ name: first, type: 'string', value: 'a' },
		{ name: EXPR, type: 'string', value: 'b' },
	);
const hook = (entry: INodeParameters, mode = 'async'): INodeParameters => ({
	operation: 'invoke',
	mode,
	inputSource: 'json',
	inputJson: '{}',
	webhooks: {
		webhook: [{ method: 'POST', url: 'https://hooks.example.com/a', headers: '{}', ...entry }],
	},
});
const getResult = { operation: 'getResult', workflowRunId: EXPR };
const getRuns = (entry: INodeParameters): INodeParameters => ({
	operation: 'getRuns',
	returnAll: false,
	limit: 10,
	...entry,
});

/** A webhook URL given per item: `bad` is refused with `message`, a good one passes. */
const badWebhookUrl = (name: string, bad: string, message: RegExp): PerItemCase => ({
	name,
	parameters: hook({ url: EXPR }),
	good: 'https://a.example.com/h',
	bad,
	message,
});

export interface PerItemCase {
	name: string;
	parameters: INodeParameters;
	good: unknown;
	bad: unknown;
	/** must name the field; ` [item N]` is checked separately */
	message: RegExp;
}

export const perItem: PerItemCase[] = [
	{
		name: 'Input (JSON) not valid JSON',
		parameters: jsonInput,
		good: '{"a":1}',
		bad: '{"a":',
		message: /^Input \(JSON\): is not valid JSON \(/,
	},
	{
		name: 'Input (JSON) an array',
		parameters: jsonInput,
		good: '{"a":1}',
		bad: '[1,2]',
		message: /^Input \(JSON\): must be a JSON object, got an array$/,
	},
	{
		name: 'Input (JSON) a number',
		parameters: jsonInput,
		good: '{"a":1}',
		bad: '42',
		message: /^Input \(JSON\): must be a JSON object, got number 42$/,
	},
	{
		name: 'Input (JSON) a string',
		parameters: jsonInput,
		good: '{"a":1}',
		bad: '"hello"',
		message: /^Input \(JSON\): must be a JSON object, got string "hello"$/,
	},
	{
		name: 'Input (JSON) null',
		parameters: jsonInput,
		good: '{"a":1}',
		bad: 'null',
		message: /^Input \(JSON\): must be a JSON object, got null$/,
	},
	{
		name: 'Input (JSON) empty',
		parameters: jsonInput,
		good: '{"a":1}',
		bad: '',
		message: /^Input \(JSON\): is empty: enter a JSON object/,
	},
	{
		name: 'Input (JSON) an array from an expression',
		parameters: jsonInput,
		good: { a: 1 },
		bad: [1, 2],
		message: /^Input \(JSON\): must be a JSON object, got an array$/,
	},
	{
		name: 'number field given text',
		parameters: field('number', 'age'),
		good: '41',
		bad: 'forty',
		message: /^Input Fields › field 0 \(age\): expected a number, got string "forty"$/,
	},
	{
		name: 'number field empty',
		parameters: field('number', 'age'),
		good: '41',
		bad: '',
		message: /^Input Fields › field 0 \(age\): expected a number, got string ""$/,
	},
	{
		name: 'number field infinite',
		parameters: field('number', 'age'),
		good: '41',
		bad: '1e999',
		message: /^Input Fields › field 0 \(age\): expected a number, got string "1e999"$/,
	},
	{
		name: 'number field given a boolean',
		parameters: field('number', 'age'),
		good: 3,
		bad: true,
		message: /^Input Fields › field 0 \(age\): expected a number, got boolean true$/,
	},
	{
		name: 'boolean field given text',
		parameters: field('boolean', 'flag'),
		good: 'yes',
		bad: 'maybe',
		message: /^Input Fields › field 0 \(flag\): expected true or false, got string "maybe"$/,
	},
	{
		name: 'boolean field given a number',
		parameters: field('boolean', 'flag'),
		good: 1,
		bad: 7,
		message: /^Input Fields › field 0 \(flag\): expected true or false, got number 7$/,
	},
	{
		name: 'json field not valid JSON',
		parameters: field('json', 'data'),
		good: '{"k":1}',
		bad: '{k:1}',
		message: /^Input Fields › field 0 \(data\): is not valid JSON \(/,
	},
	{
		name: 'json field empty',
		parameters: field('json', 'data'),
		good: '[]',
		bad: '',
		message: /^Input Fields › field 0 \(data\): is not valid JSON \(/,
	},
	{
		name: 'field name empty',
		parameters: field('string', EXPR),
		good: 'name',
		bad: '',
		message: /^Input Fields › field 0: the name is empty$/,
	},
	{
		name: 'field name only spaces',
		parameters: field('string', EXPR),
		good: 'name',
		bad: '   ',
		message: /^Input Fields › field 0: the name is empty$/,
	},
	{
		name: 'field name used twice',
		parameters: twoFields('topic'),
		good: 'other',
		bad: 'topic',
		message: /^Input Fields › field 1 \(topic\): the name "topic" is used twice$/,
	},
	{
		name: 'field name used twice (after trimming)',
		parameters: twoFields('topic'),
		good: 'other',
		bad: ' topic ',
		message: /^Input Fields › field 1 \(topic\): the name "topic" is used twice$/,
	},
	badWebhookUrl(
		'webhook URL not http(s)',
		'ftp://a.example.com/h',
		/^Webhooks › webhook 0 › URL: "ftp:\/\/a\.example\.com\/h" must be an http:\/\/ or https:\/\/ URL$/,
	),
	badWebhookUrl(
		'webhook URL javascript:',
		'javascript:alert(1)',
		/^Webhooks › webhook 0 › URL: .* must be an http:\/\/ or https:\/\/ URL$/,
	),
	badWebhookUrl(
		'webhook URL malformed',
		'https://exa mple.com',
		/^Webhooks › webhook 0 › URL: "https:\/\/exa mple\.com" is not a valid URL$/,
	),
	badWebhookUrl(
		'webhook URL without host',
		'http://',
		/^Webhooks › webhook 0 › URL: "http:\/\/" is not a valid URL$/,
	),
	badWebhookUrl(
		'webhook URL relative',
		'/webhook/gptbots',
		/^Webhooks › webhook 0 › URL: "\/webhook\/gptbots" is not a valid URL$/,
	),
	badWebhookUrl('webhook URL empty', '  ', /^Webhooks › webhook 0 › URL: is empty$/),
	{
		name: 'webhook headers not valid JSON',
		parameters: hook({ headers: EXPR }),
		good: '{"X-A":"1"}',
		bad: '{"X-A":',
		message: /^Webhooks › webhook 0 › Headers: is not valid JSON/,
	},
	{
		name: 'webhook headers an array',
		parameters: hook({ headers: EXPR }),
		good: '{"X-A":"1"}',
		bad: '["X-A"]',
		message: /^Webhooks › webhook 0 › Headers: must be a JSON object/,
	},
	{
		name: 'webhook headers a string',
		parameters: hook({ headers: EXPR }),
		good: '{"X-A":"1"}',
		bad: '"X-A: 1"',
		message: /^Webhooks › webhook 0 › Headers: must be a JSON object/,
	},
	{
		name: 'webhook header name not a token',
		parameters: hook({ headers: EXPR }),
		good: '{"X-A":"1"}',
		bad: '{"X A":"1"}',
		message: /^Webhooks › webhook 0 › Headers: "X A" is not a valid header name$/,
	},
	{
		name: 'webhook header value an object',
		parameters: hook({ headers: EXPR }),
		good: '{"X-A":"1"}',
		bad: '{"X-A":{"b":1}}',
		message: /^Webhooks › webhook 0 › Headers: the value of "X-A" must be text$/,
	},
	{
		name: 'webhook method unknown',
		parameters: hook({ method: EXPR }),
		good: 'GET',
		bad: 'DELETE',
		message: /^Webhooks › webhook 0 › Method: "DELETE" is not one of POST, GET, PUT, PATCH$/,
	},
	{
		name: 'Workflow Run ID empty',
		parameters: getResult,
		good: 'run_ok',
		bad: '',
		message: /^Workflow Run ID: is empty$/,
	},
	{
		name: 'Workflow Run ID only spaces',
		parameters: getResult,
		good: 'run_ok',
		bad: '   ',
		message: /^Workflow Run ID: is empty$/,
	},
	{
		name: 'time window ends before it starts',
		parameters: getRuns({ startTime: EXPR, endTime: '2025-01-01T00:00:00Z' }),
		good: '2024-12-01T00:00:00Z',
		bad: '2025-02-01T00:00:00Z',
		message:
			/^End Time: ends before Start Time \(2025-01-01T00:00:00\.000Z < 2025-02-01T00:00:00\.000Z\)$/,
	},
	{
		name: 'Start Time not a date',
		parameters: getRuns({ startTime: EXPR }),
		good: '2025-01-01T00:00:00Z',
		bad: 'last tuesday',
		message: /^Start Time: "last tuesday" is not a date and time$/,
	},
	{
		name: 'End Time not a date',
		parameters: getRuns({ endTime: EXPR }),
		good: '2030-01-01T00:00:00Z',
		bad: '2025-13-45',
		message: /^End Time: "2025-13-45" is not a date and time$/,
	},
	{
		name: 'Limit zero',
		parameters: getRuns({ limit: EXPR }),
		good: 5,
		bad: 0,
		message: /^Limit: must be a whole number of at least 1, got 0$/,
	},
	{
		name: 'Limit a fraction',
		parameters: getRuns({ limit: EXPR }),
		good: 5,
		bad: 2.5,
		message: /^Limit: must be a whole number of at least 1, got 2\.5$/,
	},
	{
		name: 'field type unknown',
		parameters: syncFields({ name: 'x', type: EXPR, value: '1' }),
		good: 'number',
		bad: 'date',
		message: /^Input Fields › field 0 \(x\): unknown type "date"$/,
	},
];
