/** Small node and credential types that exercise the harness the way the package's nodes use n8n. */
import {
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { resumeWebhook } from '../../nodes/GptBots/shared/webhookHandling';

export const API_URL = 'https://api.fixture.test';

/** A credential's secret: a masked text field. */
const secretField = (displayName: string, name: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	typeOptions: { password: true },
	default: '',
});

/** authenticate: generic — n8n resolves the header expression against $credentials. */
export class FixtureGenericApi implements ICredentialType {
	name = 'fixtureGenericApi';
	displayName = 'Fixture Generic API';
	properties: ICredentialType['properties'] = [
		secretField('API Key', 'apiKey'),
		{ displayName: 'Region', name: 'region', type: 'string', default: 'eu' },
	];
	authenticate: ICredentialType['authenticate'] = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.apiKey}}' },
			qs: { region: '={{$credentials.region}}' },
		},
	};
}

/** authenticate: a function that also points the request at the credential's base URL. */
export class FixtureFunctionApi implements ICredentialType {
	name = 'fixtureFunctionApi';
	displayName = 'Fixture Function API';
	properties: ICredentialType['properties'] = [
		secretField('Token', 'token'),
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: API_URL },
	];
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			baseURL: String(credentials.baseUrl),
			headers: { ...requestOptions.headers, 'X-Token': String(credentials.token) },
		};
	}
}

const baseDescription = (name: string): INodeTypeDescription => ({
	displayName: name,
	name,
	group: ['transform'],
	version: 1,
	description: name,
	defaults: { name },
	inputs: ['main'],
	outputs: ['main'],
	properties: [],
});

/** GETs /echo/<id> with httpRequestWithAuthentication, once per item; `auth` picks the credential. */
export class FixtureHttpNode implements INodeType {
	description: INodeTypeDescription = {
		...baseDescription('fixtureHttp'),
		credentials: [
			{
				name: 'fixtureGenericApi',
				required: true,
				displayOptions: { show: { auth: ['generic'] } },
			},
			{
				name: 'fixtureFunctionApi',
				required: true,
				displayOptions: { show: { auth: ['function'] } },
			},
		],
		properties: [
			{
				displayName: 'Auth',
				name: 'auth',
				type: 'options',
				options: [
					{ name: 'Generic', value: 'generic' },
					{ name: 'Function', value: 'function' },
				],
				default: 'generic',
			},
			{ displayName: 'ID', name: 'id', type: 'string', default: '' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		const items = this.getInputData();
		for (let i = 0; i < items.length; i++) {
			const auth = this.getNodeParameter('auth', i) as string;
			const id = this.getNodeParameter('id', i) as string;
			const credType = auth === 'generic' ? 'fixtureGenericApi' : 'fixtureFunctionApi';
			const creds = await this.getCredentials(credType);
			const response = (await this.helpers.httpRequestWithAuthentication.call(this, credType, {
				method: 'GET',
				// the function credential sets baseURL itself; the generic one does not
				url: auth === 'generic' ? `${API_URL}/echo/${id}` : `/echo/${id}`,
				json: true,
			})) as object;
			out.push({
				json: { response, credKeys: Object.keys(creds).sort() },
				pairedItem: { item: i },
			});
		}
		return [out];
	}
}

/** Throws for items whose json.fail is true; honours continueOnFail like n8n's nodes. */
export class FixtureFailNode implements INodeType {
	description = baseDescription('fixtureFail');

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		const items = this.getInputData();
		for (let i = 0; i < items.length; i++) {
			try {
				if (items[i].json.fail === true) {
					throw new NodeOperationError(this.getNode(), `item ${i} failed`, { itemIndex: i });
				}
				out.push({ json: { ok: i, ...items[i].json }, pairedItem: { item: i } });
			} catch (error) {
				if (this.continueOnFail()) {
					out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				throw error;
			}
		}
		return [out];
	}
}

/**
 * Hands $execution.resumeUrl to "the remote service" (its output before the wait), waits, and
 * outputs the callback's body when resumed through its restart webhook.
 */
export class FixtureWaitNode implements INodeType {
	description: INodeTypeDescription = {
		...baseDescription('fixtureWait'),
		webhooks: [resumeWebhook],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resumeUrl = this.evaluateExpression('{{ $execution.resumeUrl }}', 0) as string;
		await this.putExecutionToWait(new Date(Date.now() + 60 * 60 * 1000));
		return [
			this.getInputData().map((item, i) => ({
				json: { ...item.json, resumeUrl },
				pairedItem: { item: i },
			})),
		];
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const body = this.getBodyData();
		return {
			webhookResponse: { received: true },
			workflowData: [[{ json: { callback: body, query: this.getQueryData() as object } }]],
		};
	}
}
