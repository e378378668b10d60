import type { INodeProperties } from 'n8n-workflow';

const show = { operation: ['sendMessage'] };

export const CONVERSATION_MODES = ['new', 'id', 'chatSession'] as const;

export const RESPONSE_MODES = ['blocking', 'streaming', 'webhook'] as const;

/** For the model, when the node is an AI Agent's tool: what to put in the message. */
const FROM_AI_TEXT =
	"={{ $fromAI('message', 'The question or request for the GPTBots agent, in full: it does not see this conversation', 'string') }}";

export const description: INodeProperties[] = [
	{
		displayName: 'Conversation',
		name: 'conversation',
		type: 'options',
		noDataExpression: true,
		default: 'new',
		displayOptions: { show },
		options: [
			{
				name: 'New Conversation per Item',
				value: 'new',
				description: 'Start a GPTBots conversation for each item',
			},
			{
				name: 'By ID',
				value: 'id',
				description: 'Continue the conversation whose ID is given',
			},
			{
				name: 'One per Chat Session',
				value: 'chatSession',
				description:
					"One GPTBots conversation per chat session (the item's sessionId, as n8n's Chat Trigger gives it), found again on every message",
			},
		],
	},
	{
		displayName: 'Conversation ID',
		name: 'conversationId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 6a1b2c3d4e5f60718293a4b5',
		description: 'A GPTBots conversation ID, e.g. from Create Conversation or an earlier answer',
		displayOptions: { show: { ...show, conversation: ['id'] } },
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '={{ $json.chatInput }}',
		description:
			"The user's message. The default is the chat message of n8n's Chat Trigger. Can be empty when files are sent.",
		displayOptions: { show, hide: { '@tool': [true] } },
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		default: FROM_AI_TEXT,
		description: 'The message, written by the AI Agent that uses this node as a tool',
		displayOptions: { show: { ...show, '@tool': [true] } },
	},
	{
		displayName: 'Response Mode',
		name: 'responseMode',
		type: 'options',
		noDataExpression: true,
		default: 'blocking',
		displayOptions: { show },
		options: [
			{
				name: 'Blocking',
				value: 'blocking',
				description: 'Wait for the whole answer',
			},
			{
				name: 'Streaming',
				value: 'streaming',
				description:
					"Pass each piece of the answer on to n8n's chat as GPTBots writes it (Chat Trigger or Webhook with streaming response); elsewhere the pieces are collected into one answer",
			},
			{
				name: 'Webhook',
				value: 'webhook',
				description:
					"Only hand the message over: the answer is POSTed to the agent's webhook (set in GPTBots), e.g. a GPTBots Agent Trigger",
			},
		],
	},
	{
		displayName: 'Files',
		name: 'files',
		type: 'fixedCollection',
		placeholder: 'Add File',
		typeOptions: { multipleValues: true },
		default: {},
		description:
			'Files sent with the message, each as an image, audio or document part by its format',
		displayOptions: { show },
		options: [
			{
				name: 'file',
				displayName: 'File',
				values: [
					{
						displayName: 'Source',
						name: 'source',
						type: 'options',
						default: 'binary',
						options: [
							{ name: 'Binary Property', value: 'binary' },
							{ name: 'URL', value: 'url' },
						],
					},
					{
						displayName: 'Binary Properties',
						name: 'binaryProperty',
						type: 'string',
						default: 'data',
						description:
							'Binary properties of the incoming item, comma-separated (empty: every binary property)',
						displayOptions: { show: { source: ['binary'] } },
					},
					{
						displayName: 'URL',
						name: 'url',
						type: 'string',
						default: '',
						placeholder: 'https://example.com/report.pdf',
						description: 'An http(s) URL whose file name has a known format; GPTBots fetches it',
						displayOptions: { show: { source: ['url'] } },
					},
				],
			},
		],
	},
];
