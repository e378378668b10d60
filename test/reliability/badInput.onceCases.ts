// The catalogue of bad values read once per execution (badInput.reliability.ts runs it).
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { syncJson } from '../engine/fixture';

export interface OnceCase {
	name: string;
	parameters: INodeParameters;
	message: RegExp;
	credentials?: IDataObject;
}

export const invoke = (options: INodeParameters = {}, extra: INodeParameters = {}) =>
	syncJson('{}', options, extra);
const custom = (baseUrl: string): IDataObject => ({ endpoint: 'custom', baseUrl });

export const once: OnceCase[] = [
	{
		name: 'Concurrency 0',
		parameters: invoke({ concurrency: 0 }),
		message: /^Options › Concurrency: must be a whole number from 1 to 500, got 0$/,
	},
	{
		name: 'Concurrency 501',
		parameters: invoke({ concurrency: 501 }),
		message: /^Options › Concurrency: must be a whole number from 1 to 500, got 501$/,
	},
	{
		name: 'Concurrency 2.5',
		parameters: invoke({ concurrency: 2.5 }),
		message: /^Options › Concurrency: must be a whole number from 1 to 500, got 2\.5$/,
	},
	{
		name: 'Concurrency text',
		parameters: invoke({ concurrency: 'many' }),
		message: /^Options › Concurrency: must be a whole number from 1 to 500, got "many"$/,
	},
	{
		name: 'Timeout -1',
		parameters: invoke({ timeout: -1 }),
		message: /^Options › Timeout: must be a number of seconds from 1 to 3600, got -1$/,
	},
	{
		name: 'Timeout 0',
		parameters: invoke({ timeout: 0 }),
		message: /^Options › Timeout: must be a number of seconds from 1 to 3600, got 0$/,
	},
	{
		name: 'Timeout 3601',
		parameters: invoke({ timeout: 3601 }),
		message: /^Options › Timeout: must be a number of seconds from 1 to 3600, got 3601$/,
	},
	{
		name: 'Timeout text',
		parameters: invoke({ timeout: 'soon' }),
		message: /^Options › Timeout: must be a number of seconds from 1 to 3600, got "soon"$/,
	},
	{
		name: 'Poll Interval 0.01',
		parameters: invoke({}, { mode: 'asyncPoll', pollInterval: 0.01 }),
		message: /^Poll Interval: must be a number of seconds from 0\.1 to 3600, got 0\.01$/,
	},
	{
		name: 'Max Wait 0',
		parameters: invoke({}, { mode: 'asyncPoll', maxWait: 0 }),
		message: /^Max Wait: must be a number of seconds from 1 to 2592000, got 0$/,
	},
	{
		name: 'Max Wait negative (callback mode)',
		parameters: invoke({}, { mode: 'asyncWebhook', maxWait: -5 }),
		message: /^Max Wait: must be a number of seconds from 1 to 2592000, got -5$/,
	},
	{
		name: 'Input Source unknown',
		parameters: invoke({}, { inputSource: 'csv' }),
		message: /^Input Source: unknown value "csv"$/,
	},
	{
		name: 'Output unknown',
		parameters: invoke({ outputMode: 'xml' }),
		message: /^Options › Output: unknown value "xml"$/,
	},
	{
		name: '6 webhooks',
		parameters: invoke(
			{},
			{
				mode: 'async',
				webhooks: {
					webhook: Array(6).fill({ method: 'POST', url: 'https://a.example.com', headers: '{}' }),
				},
			},
		),
		message: /^Webhooks: GPTBots accepts at most 5 webhooks per run: 6 given, at most 5 allowed$/,
	},
	{
		name: '5 webhooks in callback mode (one is the resume URL)',
		parameters: invoke(
			{},
			{
				mode: 'asyncWebhook',
				webhooks: {
					webhook: Array(5).fill({ method: 'POST', url: 'https://a.example.com', headers: '{}' }),
				},
			},
		),
		message:
			/^Webhooks: GPTBots accepts at most 5 webhooks per run and this mode uses 1 for n8n's resume URL: 5 given, at most 4 allowed$/,
	},
	{
		name: 'base URL with a path',
		parameters: invoke(),
		credentials: custom('http://127.0.0.1:9/v1'),
		message:
			/^GPTBots API credential: Base URL "http:\/\/127\.0\.0\.1:9\/v1" must be only http\(s\):\/\/host\[:port\] without a path/,
	},
	{
		name: 'base URL with a query',
		parameters: invoke(),
		credentials: custom('http://127.0.0.1:9/?x=1'),
		message:
			/^GPTBots API credential: Base URL "http:\/\/127\.0\.0\.1:9\/\?x=1" must be only http\(s\):\/\/host\[:port\]/,
	},
	{
		name: 'base URL malformed',
		parameters: invoke(),
		credentials: custom('http://exa mple.com'),
		message: /^GPTBots API credential: Base URL "http:\/\/exa mple\.com" is not a valid URL/,
	},
	{
		name: 'base URL bad port',
		parameters: invoke(),
		credentials: custom('http://127.0.0.1:99999'),
		message: /^GPTBots API credential: Base URL "http:\/\/127\.0\.0\.1:99999" is not a valid URL/,
	},
	{
		name: 'base URL not http',
		parameters: invoke(),
		credentials: custom('ftp://gptbots.example.com'),
		message:
			/^GPTBots API credential: Base URL "ftp:\/\/gptbots\.example\.com" must start with http:\/\/ or https:\/\//,
	},
	{
		name: 'base URL empty',
		parameters: invoke(),
		credentials: custom('  '),
		message: /^GPTBots API credential: Base URL is empty/,
	},
	{
		name: 'base URL with a user name',
		parameters: invoke(),
		credentials: custom('https://me:pw@gptbots.example.com'),
		message: /^GPTBots API credential: Base URL must not contain a user name or password$/,
	},
	{
		name: 'data centre unknown',
		parameters: invoke(),
		credentials: { endpoint: 'eu' },
		message:
			/^GPTBots API credential: Unknown GPTBots data centre "eu": choose sg, jp, th, global or custom$/,
	},
	{
		name: 'conversation type unknown',
		parameters: { operation: 'getRuns', conversationType: 'BOGUS', returnAll: true },
		message:
			/^Conversation Type: unknown value "BOGUS": use one of ALL, API, AGENT, SHARE, C_WORKFLOW$/,
	},
	{
		name: 'operation unknown',
		parameters: { operation: 'deleteAll' },
		message: /^Operation: unknown value "deleteAll"$/,
	},
	{
		name: 'mode unknown',
		parameters: invoke({}, { mode: 'turbo' }),
		message: /^Mode: unknown value "turbo"/,
	},
	{
		name: 'webhook header value with a line break',
		parameters: invoke(
			{},
			{
				mode: 'async',
				webhooks: {
					webhook: [
						{
							method: 'POST',
							url: 'https://a.example.com',
							headers: '{"X-A":"1\\r\\nX-Injected: 2"}',
						},
					],
				},
			},
		),
		message: /^Webhooks › webhook 0 › Headers: .*"X-A"/,
	},
];
