import type {
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { webhooksNeedNoRegistration } from './shared/webhookHandling';
import { triggerOptions } from './shared/triggerOptions.description';
import { receiveDelivery } from './workflowTrigger/receiveDelivery';

export class GptBotsWorkflowTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'GPTBots Workflow Trigger',
		name: 'gptBotsWorkflowTrigger',
		icon: { light: 'file:../../icons/gptbots.svg', dark: 'file:../../icons/gptbots.dark.svg' },
		group: ['trigger'],
		// 1.1: n8n no longer evaluates the Webhook node v1's "binaryData" expression on every delivery
		// (an isolate per delivery on n8n 2.41), and leaves bodies it does not parse for the trigger
		// to read. Otherwise the same; saved workflows keep 1.
		version: [1, 1.1],
		defaultVersion: 1.1,
		// In the dropdown's words (test/unit/nodeDescription.test.ts holds it to that).
		subtitle:
			'={{ "Run ended: " + ($parameter["statuses"] || []).map((status) => ({ SUCCEED: "Succeeded", FAILED: "Failed" })[status] || status).join(" or ") }}',
		// n8n's nodes panel lists this trigger and the GPTBots Workflow node as one entry, shown with
		// this description: so it speaks for both.
		description:
			'Run GPTBots AI workflows and get their results, or start a workflow when a GPTBots run ends',
		defaults: { name: 'GPTBots Workflow Trigger' },
		// The editor's left pane (without it: "Pull in events from GPTBots Workflow").
		triggerPanel: {
			header: 'Starts when a GPTBots run that has this trigger as its webhook ends',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		// Only used (and only asked for) when "Verify with GPTBots" is on.
		credentials: [
			{ name: 'gptBotsApi', required: true, displayOptions: { show: { verifyWithApi: [true] } } },
		],
		webhooks: [
			// responseData '': n8n then answers with the webhookResponse the trigger gives (without
			// it n8n's default, the text "firstEntryJson", would be the body).
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: '',
				path: 'gptbots',
			},
			{
				name: 'default',
				httpMethod: 'GET',
				responseMode: 'onReceived',
				responseData: '',
				path: 'gptbots',
			},
		],
		properties: [
			{
				// Not shown. n8n's nodes panel names a trigger's entry after the options of a
				// parameter called "Event" (default: "On new GPTBots Workflow event").
				displayName: 'Event',
				name: 'event',
				type: 'hidden',
				default: 'runEnded',
				options: [
					{
						name: 'Run Ended',
						value: 'runEnded',
						action: 'When a GPTBots workflow run ends',
						description: 'GPTBots calls this trigger when a run that has its URL as a webhook ends',
					},
				],
			},
			{
				displayName:
					'Copy this trigger\'s Production URL into the Webhooks of a GPTBots Workflow node (an async mode), with the header {"X-GPTBots-Secret": "your secret"} matching the secret below. Activate (in n8n 2.x: publish) this workflow so that the Production URL listens.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Secret Header Name',
				// Masked although a header's name is no secret: n8n's community lint (the verification
				// scanner's rule set, inline disables off) requires it of any parameter named "secret…",
				// and the saved name cannot change.
				name: 'secretHeaderName',
				type: 'string',
				typeOptions: { password: true },
				default: 'X-GPTBots-Secret',
				// Shown under the field: what the dots hide when the name was left as it came.
				hint: 'Left as it came, this is X-GPTBots-Secret. Type a new name to change it.',
				description:
					'The header that must carry the secret. GPTBots sends the headers you give each webhook.',
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
				displayName: 'Verify with GPTBots',
				name: 'verifyWithApi',
				type: 'boolean',
				default: false,
				description:
					"Whether to look every delivered run up with GPTBots' result API (with the API key of the run's workflow). A run GPTBots does not know is refused and starts nothing; otherwise the output is the run as the API returns it, so a delivery that carries only a run ID still gives the whole run.",
			},
			triggerOptions({
				idName: 'workflowRunId',
				holds: 'run',
				passed: 'the secret check',
				passOnNote: '. Not with Verify with GPTBots, which refuses them.',
			}),
		],
	};

	webhookMethods = webhooksNeedNoRegistration;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery(this);
	}
}
