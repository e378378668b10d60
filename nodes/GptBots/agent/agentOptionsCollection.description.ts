import type { INodeProperties } from 'n8n-workflow';

import {
	concurrencyOption,
	optionsCollection,
	maxFileSizeOption,
	timeoutOption,
} from '../shared/commonOptions.description';

const sending = { show: { '/operation': ['sendMessage'] } };

export const agentOptionsDescription: INodeProperties = optionsCollection([
	concurrencyOption(
		'How many requests to GPTBots may be in flight at once across all items. When GPTBots answers 429 the node lowers this by itself.',
	),
	{
		displayName: 'Custom Variables',
		name: 'customVariables',
		type: 'fixedCollection',
		placeholder: 'Add Variable',
		typeOptions: { multipleValues: true },
		default: {},
		description: "Values for the agent's custom variables in this message",
		displayOptions: sending,
		options: [
			{
				name: 'variable',
				displayName: 'Variable',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Knowledge Data IDs',
		name: 'knowledgeDataIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. 66a1…, 66a2…',
		description:
			'Comma-separated IDs of knowledge documents the agent may search for this message (empty: as set for the agent in GPTBots)',
		displayOptions: sending,
	},
	{
		displayName: 'Knowledge Group IDs',
		name: 'knowledgeGroupIds',
		type: 'string',
		default: '',
		description:
			'Comma-separated IDs of knowledge groups the agent may search for this message (empty: as set for the agent in GPTBots)',
		displayOptions: sending,
	},
	{
		displayName: 'Long-Term Memory',
		name: 'longTermMemory',
		type: 'boolean',
		default: true,
		description:
			"Whether the agent uses its long-term memory for this message (not added: the agent's own setting)",
		displayOptions: sending,
	},
	maxFileSizeOption(
		'Largest file sent with a message; a larger one fails its item before anything is sent',
		sending,
	),
	{
		displayName: 'Output',
		name: 'outputMode',
		type: 'options',
		default: 'full',
		options: [
			{
				name: 'Full',
				value: 'full',
				description: 'Conversation and message IDs, text, the answer as GPTBots sent it, usage',
			},
			{
				name: 'Text Only',
				value: 'textOnly',
				description: 'Conversation and message IDs and the text',
			},
		],
		displayOptions: sending,
	},
	{
		displayName: 'Short-Term Memory',
		name: 'shortTermMemory',
		type: 'boolean',
		default: true,
		description:
			"Whether the agent uses the conversation's recent messages for this message (not added: the agent's own setting)",
		displayOptions: sending,
	},
	timeoutOption(
		'How long one request to GPTBots may take; a streamed answer may pause this long between pieces',
	),
]);
