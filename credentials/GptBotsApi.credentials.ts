import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { DATA_CENTRE_BASE_URLS, resolveBaseUrl } from './baseUrl';

type DataCentre = keyof typeof DATA_CENTRE_BASE_URLS;

/** How the Data Centre list names each data centre. */
const DATA_CENTRE_NAMES: Record<DataCentre, string> = {
	sg: 'Singapore',
	jp: 'Japan',
	th: 'Thailand',
	global: 'Global',
};

/** A refused key, in the words of a node run's error (transport/apiError.ts). */
const REFUSED = (status: number) =>
	`GPTBots answered HTTP ${status}: the API key was refused. Check the API key and the data centre: a key belongs to one workflow or agent in one data centre.`;

export class GptBotsApi implements ICredentialType {
	name = 'gptBotsApi';

	displayName = 'GPTBots API';

	icon: Icon = { light: 'file:../icons/gptbots.svg', dark: 'file:../icons/gptbots.dark.svg' };

	documentationUrl = 'https://www.gptbots.ai/docs/api-reference/overview';

	properties: INodeProperties[] = [
		{
			displayName: 'Data Centre',
			name: 'endpoint',
			type: 'options',
			default: 'sg',
			description:
				'Where your GPTBots organisation lives (chosen when it was created); it decides the API host',
			// Each data centre by name and the host of its URL (baseUrl.ts), then a URL of one's own.
			options: [
				...Object.entries(DATA_CENTRE_BASE_URLS).map(([value, url]) => ({
					name: `${DATA_CENTRE_NAMES[value as DataCentre]} (${new URL(url).host})`,
					value,
				})),
				{ name: 'Custom Base URL', value: 'custom' },
			],
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://gptbots.example.com',
			description:
				'For a private deployment or a local simulator: http(s)://host[:port], without a path such as /v1',
			displayOptions: { show: { endpoint: ['custom'] } },
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The API key of the workflow or agent (GPTBots: your workflow or agent → Integration → API → API Key). A key belongs to one workflow or one agent, so it also selects which one runs; use a workflow key with the GPTBots Workflow node, an agent key with the GPTBots Agent node.',
		},
	];

	// A function rather than a generic header map so that the base URL, derived from the data
	// centre, is set for every request (the node's and the credential test's) in one place.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const apiKey = typeof credentials.apiKey === 'string' ? credentials.apiKey.trim() : '';
		return {
			...requestOptions,
			baseURL: resolveBaseUrl(credentials.endpoint, credentials.baseUrl),
			headers: { ...requestOptions.headers, Authorization: `Bearer ${apiKey}` },
		};
	}

	// The rules give the test a node run's words for a refused key (n8n 2.41 applies them; n8n 2.8
	// reaches its rules only for answers it does not word itself, so it says "Authorization failed").
	test: ICredentialTestRequest = {
		request: { method: 'GET', url: '/v1/api-key/verify' },
		rules: [
			{ type: 'responseCode', properties: { value: 401, message: REFUSED(401) } },
			{ type: 'responseCode', properties: { value: 403, message: REFUSED(403) } },
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'GPTBots answered HTTP 404: no GPTBots API at this address. Check the data centre or the Base URL.',
				},
			},
		],
	};
}
