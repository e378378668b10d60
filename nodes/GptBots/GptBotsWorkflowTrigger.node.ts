import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { readDelivery, secretMatches } from './helpers/delivery';
import { seenRunIdsOf } from './helpers/seenRunIds';
import { webhooksNeedNoRegistration } from './helpers/webhookLifecycle';

/** Run ids remembered per trigger for de-duplication (kept in memory and in n8n's static data). */
export const SEEN_RUN_IDS_CAPACITY = 2000;

function answer(ctx: IWebhookFunctions, status: number, json: IDataObject): IWebhookResponseData {
	ctx.getResponseObject().status(status).json(json);
	return { noWebhookResponse: true };
}

export class GptBotsWorkflowTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'GPTBots Workflow Trigger',
		name: 'gptBotsWorkflowTrigger',
		icon: { light: 'file:gptbots.svg', dark: 'file:gptbots.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "On run " + ($parameter["statuses"] || []).join(" or ") }}',
		description: 'Starts the workflow when a GPTBots workflow run ends and GPTBots calls its webhook',
		defaults: { name: 'GPTBots Workflow Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'gptbots' },
			{ name: 'default', httpMethod: 'GET', responseMode: 'onReceived', path: 'gptbots' },
		],
		properties: [
			{
				displayName:
					'Copy this trigger\'s Production URL into the Webhooks of a GPTBots Workflow node (an async mode), with the header {"X-GPTBots-Secret": "your secret"} matching the secret below. Activate (in n8n 2.x: publish) this workflow so that the Production URL listens.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Secret Header Name',
				name: 'secretHeaderName',
				type: 'string',
				// n8n's verification rules ask for any parameter named like a secret to be masked.
				typeOptions: { password: true },
				default: 'X-GPTBots-Secret',
				description: 'The header that must carry the secret. GPTBots sends the headers you give each webhook.',
			},
			{
				displayName: 'Secret Header Value',
				name: 'secretHeaderValue',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description:
					'When set, a delivery without exactly this value in the secret header is answered 401 and starts nothing. GPTBots does not sign its calls, so set one.',
			},
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				default: ['SUCCEED', 'FAILED'],
				options: [
					{ name: 'Failed', value: 'FAILED' },
					{ name: 'Succeeded', value: 'SUCCEED' },
				],
				description: 'Runs ending with another status are acknowledged and start nothing',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Ignore Repeated Deliveries',
						name: 'dedupe',
						type: 'boolean',
						default: true,
						description:
							'Whether a second delivery of the same workflowRunId starts nothing (GPTBots may deliver more than once). Guaranteed within one n8n process; see the README on queue mode with several webhook processes.',
					},
				],
			},
		],
	};

	webhookMethods = webhooksNeedNoRegistration;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const secret = String(this.getNodeParameter('secretHeaderValue', '') ?? '');
		if (secret !== '') {
			const headerName = String(this.getNodeParameter('secretHeaderName', 'X-GPTBots-Secret')).toLowerCase();
			if (!secretMatches(this.getHeaderData()[headerName], secret)) {
				return answer(this, 401, { error: 'Missing or wrong secret header' });
			}
		}
		const method = this.getRequestObject().method.toUpperCase();
		const delivery = readDelivery(method, this.getBodyData(), this.getQueryData());
		if (!delivery.ok) return answer(this, 400, { error: `Not a GPTBots run result: ${delivery.reason}` });
		const run = delivery.run;

		const statuses = this.getNodeParameter('statuses', []) as string[];
		if (!statuses.includes(String(run.status))) {
			return answer(this, 200, { received: true, started: false, reason: `status ${String(run.status)} is filtered out` });
		}

		const options = this.getNodeParameter('options', {}) as IDataObject;
		if (options.dedupe !== false) {
			const staticData = this.getWorkflowStaticData('node');
			const store = seenRunIdsOf(`${this.getWorkflow().id ?? ''}:${this.getNode().id}`, SEEN_RUN_IDS_CAPACITY);
			store.load(staticData);
			if (!store.recordIfNew(String(run.workflowRunId))) {
				return answer(this, 200, { received: true, started: false, reason: 'duplicate delivery' });
			}
			store.save(staticData);
		}

		return { workflowData: [this.helpers.returnJsonArray([{ ...run, deliveryMethod: method }])] };
	}
}
