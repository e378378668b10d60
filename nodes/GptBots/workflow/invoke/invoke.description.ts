import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { maxWaitParameter, pollIntervalParameter } from '../waitParameters.description';
import { FIELD_TYPE_OPTIONS } from './fieldTypes';
import { WEBHOOK_METHODS } from './runWebhooks';
import { inputMappingDescription } from './mappedInput.description';
import type { InvokeMode } from './startRun';

const ASYNC_MODES: InvokeMode[] = ['async', 'asyncPoll', 'asyncWebhook'];

const show = { operation: ['invoke'] };

/** From version 1.1 the waiting modes show their settings beside them (version 1: in Options). */
const FROM_VERSION_1_1 = { '@version': [{ _cnd: { gte: 1.1 } }] };

/**
 * Not actions in the nodes panel: n8n lists the `mode` options of a node in its AI category as
 * actions beside the operations, so the node stays out of that category (GptBotsWorkflow.node.json)
 * and the panel offers one action per operation.
 */
const modeOptions: INodePropertyOptions[] = [
	{
		name: 'Sync',
		value: 'sync',
		description: 'Wait in one request for the finished run. For short workflows.',
	},
	{
		name: 'Async (Return Run ID)',
		value: 'async',
		description: 'Start the run and pass on its PENDING status and workflowRunId at once',
	},
	{
		name: 'Async, Wait by Polling',
		value: 'asyncPoll',
		description: 'Start the run, then check its result until it ends',
	},
	{
		name: 'Async, Wait by Callback',
		value: 'asyncWebhook',
		description:
			'Start the run; this execution pauses and resumes when GPTBots calls back (n8n must be reachable from GPTBots)',
	},
];

export const description: INodeProperties[] = [
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		default: 'sync',
		displayOptions: { show },
		options: modeOptions,
	},
	{
		displayName:
			'Sync mode holds one request open for the whole run. For workflows that can take longer than a minute, use an async mode.',
		name: 'syncNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { ...show, mode: ['sync'] } },
	},
	{
		displayName:
			"GPTBots must reach this n8n's resume URL (set WEBHOOK_URL to n8n's public address). With several items the execution resumes when the last run has called back. A FAILED run or a run that does not call back within Max Wait comes out as an item with an error field and its workflowRunId.",
		name: 'callbackNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { ...show, mode: ['asyncWebhook'] } },
	},
	{
		...pollIntervalParameter,
		displayOptions: { show: { ...show, mode: ['asyncPoll'], ...FROM_VERSION_1_1 } },
	},
	{
		...maxWaitParameter,
		displayOptions: {
			show: { ...show, mode: ['asyncPoll', 'asyncWebhook'], ...FROM_VERSION_1_1 },
		},
	},
	{
		displayName: 'Input Source',
		name: 'inputSource',
		type: 'options',
		noDataExpression: true,
		default: 'fields',
		displayOptions: { show },
		options: [
			{
				name: 'Fields',
				value: 'fields',
				description: 'Name, type and value for each Start-node parameter',
			},
			{ name: 'JSON', value: 'json', description: 'A JSON object' },
			{
				name: 'Incoming Item',
				value: 'item',
				description: "The incoming item's JSON is the input",
			},
			{
				name: 'Fields From Recent Runs',
				value: 'mapped',
				description: 'Map the fields that recent API runs sent (read from the run logs)',
			},
		],
	},
	...inputMappingDescription,
	{
		displayName: 'Input Fields',
		name: 'inputFields',
		type: 'fixedCollection',
		placeholder: 'Add Field',
		typeOptions: { multipleValues: true },
		default: {},
		description: "The workflow's Start-node parameters, names exactly as configured in GPTBots",
		displayOptions: { show: { ...show, inputSource: ['fields'] } },
		options: [
			{
				name: 'field',
				displayName: 'Field',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'topic' },
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						default: 'string',
						options: [...FIELD_TYPE_OPTIONS],
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description:
							'Converted to the chosen type. For a file: the name of a binary property of the incoming item, e.g. data or attachment_0.',
					},
				],
			},
		],
	},
	{
		displayName: 'Send Binary Files',
		name: 'sendBinaries',
		type: 'boolean',
		default: false,
		description:
			"Whether to send each binary property of the incoming item as a file input of the same name, beside the item's JSON",
		displayOptions: { show: { ...show, inputSource: ['item'] } },
	},
	{
		displayName: 'Input (JSON)',
		name: 'inputJson',
		type: 'json',
		default: '{}',
		description: "A JSON object matching the workflow's Start node",
		displayOptions: { show: { ...show, inputSource: ['json'] } },
	},
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		default: '',
		description: 'Marks the user of this run in GPTBots logs (optional)',
		displayOptions: { show },
	},
	{
		displayName: 'Webhooks',
		name: 'webhooks',
		type: 'fixedCollection',
		placeholder: 'Add Webhook',
		typeOptions: { multipleValues: true },
		default: {},
		description:
			'Where GPTBots sends the result when the run ends (at most 5). To start another n8n workflow, use the Production URL of a GPTBots Workflow Trigger and its secret header.',
		displayOptions: { show: { ...show, mode: ASYNC_MODES } },
		options: [
			{
				name: 'webhook',
				displayName: 'Webhook',
				values: [
					{
						displayName: 'Method',
						name: 'method',
						type: 'options',
						default: 'POST',
						options: WEBHOOK_METHODS.map((method) => ({ name: method, value: method })),
					},
					{
						displayName: 'URL',
						name: 'url',
						type: 'string',
						default: '',
						placeholder: 'https://example.com/hook',
					},
					{
						displayName: 'Headers',
						name: 'headers',
						type: 'json',
						default: '{}',
						description:
							'A JSON object of headers sent with the callback, e.g. {"X-GPTBots-Secret": "…"}',
					},
				],
			},
		],
	},
];
