import type { INodeProperties } from 'n8n-workflow';

import {
	concurrencyOption,
	optionsCollection,
	maxFileSizeOption,
	timeoutOption,
} from '../shared/commonOptions.description';
import { maxWaitParameter, pollIntervalParameter } from './waitParameters.description';

/** Where a run's output comes back: Invoke and Get Result. */
const withRunOutput = { show: { '/operation': ['invoke', 'getResult'] } };
/** Where output files can be downloaded: there, but not in plain Async (a PENDING run has none). */
const withOutputFiles = { ...withRunOutput, hide: { '/mode': ['async'] } };

export const optionsDescription: INodeProperties = optionsCollection([
	{
		displayName: 'Allow Private File Hosts',
		name: 'allowPrivateFileHosts',
		type: 'boolean',
		default: false,
		description:
			"Whether Download Output Files may fetch from localhost or a loopback, private, link-local or unspecified address. Off, such URLs are not fetched (the item's fileErrors says why), except on the API's own host. Turn on for a private deployment that serves files from its own network.",
		displayOptions: withOutputFiles,
	},
	{
		displayName: 'Check Input Against Recent Runs',
		name: 'checkInputAgainstRuns',
		type: 'boolean',
		default: false,
		description:
			'Whether to refuse an item, before anything is sent, whose input lacks a field that every API run of the last 30 days sent or has a field that none of them sent. Catches typos in field names before they cost a failed run. Reads the run logs once per execution.',
		displayOptions: { show: { '/operation': ['invoke'] } },
	},
	concurrencyOption(
		'How many requests to GPTBots may be in flight at once across all items. When GPTBots answers 429 the node lowers this by itself and climbs back when answers are clean.',
	),
	{
		displayName: 'Download Output Files',
		name: 'downloadFiles',
		type: 'options',
		default: 'none',
		options: [
			{ name: 'No', value: 'none', description: 'Pass file URLs on as text' },
			{
				name: 'Named Fields',
				value: 'fields',
				description: 'Download the URLs in the fields of the output named below',
			},
			{
				name: 'Every File URL',
				value: 'allUrls',
				description: 'Download every http(s) URL in the output that ends in a known file extension',
			},
		],
		description:
			"Whether to download the files a run answers with (generated documents, images) into binary properties of the output item, ready for Gmail, Drive or Slack. A failed download is reported in the item's fileErrors; the rest of the item is kept.",
		displayOptions: withOutputFiles,
	},
	{
		displayName: 'Fail on Run Failure',
		name: 'failOnRunFailure',
		type: 'boolean',
		default: true,
		description:
			'Whether a run that ends with status FAILED is an error. Off: the FAILED run is passed on as data.',
		displayOptions: withRunOutput,
	},
	maxFileSizeOption(
		'Largest file sent as a file input or downloaded from the output. A larger one fails its item before anything is sent.',
		withRunOutput,
	),
	{
		...maxWaitParameter,
		// Version 1.1 shows it beside the mode (invoke.description.ts).
		displayOptions: {
			show: { '/operation': ['invoke'], '/mode': ['asyncPoll', 'asyncWebhook'], '@version': [1] },
		},
	},
	{
		displayName: 'Output',
		name: 'outputMode',
		type: 'options',
		default: 'full',
		options: [
			{
				name: 'Full Response',
				value: 'full',
				description: 'Run ID, status, input, output, cost, tokens and times',
			},
			{
				name: 'Workflow Output Only',
				value: 'outputOnly',
				description: "Only the workflow End node's output object",
			},
		],
		displayOptions: withRunOutput,
	},
	{
		displayName: 'Output File Fields',
		name: 'downloadFields',
		type: 'string',
		default: '',
		placeholder: 'file, images',
		description:
			'For Download Output Files = Named Fields: comma-separated fields of the output holding a file URL or a list of them. Each file lands in the binary property of the same name (a list: name_0, name_1, …).',
		displayOptions: withOutputFiles,
	},
	{
		...pollIntervalParameter,
		displayOptions: {
			show: { '/operation': ['invoke'], '/mode': ['asyncPoll'], '@version': [1] },
		},
	},
	{
		displayName: 'Retry Invoke When Safe',
		name: 'retryInvokeWhenSafe',
		type: 'boolean',
		default: true,
		description:
			'Whether to resend a run request that GPTBots certainly did not accept (HTTP 429, or a refused connection). Never resent after a time-out, a reset or a 5xx: that run may already be going, and a second one would cost credits.',
		displayOptions: { show: { '/operation': ['invoke'] } },
	},
	timeoutOption(
		'How long one request to GPTBots may take. A synchronous run must finish within it.',
	),
]);
