import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { handleCallback } from './actions/waitByCallback/callback';
import * as getResult from './actions/getResult.operation';
import * as getRuns from './actions/getRuns.operation';
import * as invoke from './actions/invoke.operation';
import { optionsDescription } from './actions/options.description';
import { getInputMappingFields, getToolDescriptionSuggestions } from './actions/recentRuns';
import { router } from './actions/router';
import { webhooksNeedNoRegistration } from './helpers/webhookLifecycle';

export class GptBotsWorkflow implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'GPTBots Workflow',
		name: 'gptBotsWorkflow',
		icon: { light: 'file:../../icons/gptbots.svg', dark: 'file:../../icons/gptbots.dark.svg' },
		group: ['transform'],
		version: 1,
		// In the dropdowns' words (test/unit/nodeDescription.test.ts holds them to that).
		subtitle:
			'={{ $parameter["operation"] === "getResult" ? "Get Result" : $parameter["operation"] === "getRuns" ? "Get Runs" : "Run Workflow: " + ({ sync: "Sync", async: "Async (Return Run ID)", asyncPoll: "Async, Wait by Polling", asyncWebhook: "Async, Wait by Callback" })[$parameter["mode"]] }}',
		description: 'Run GPTBots AI workflows, fetch their results and list their runs',
		defaults: { name: 'GPTBots Workflow' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'gptBotsApi', required: true }],
		// The resume URL of "wait by callback": n8n routes GPTBots' POST to the waiting execution.
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: '',
				restartWebhook: true,
			},
		],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'invoke',
				options: [
					{
						name: 'Run Workflow',
						value: 'invoke',
						action: 'Run a workflow',
						description: 'Run the workflow that the API key belongs to',
					},
					{
						name: 'Get Result',
						value: 'getResult',
						action: 'Get the result of a run',
						description: 'Fetch the status and output of a run by its ID',
					},
					{
						name: 'Get Runs',
						value: 'getRuns',
						action: 'Get runs',
						description: 'List runs in a time window from the run logs',
					},
				],
			},
			...invoke.description,
			...getResult.description,
			...getRuns.description,
			optionsDescription,
		],
	};

	methods = {
		listSearch: { getToolDescriptionSuggestions },
		resourceMapping: { getInputMappingFields },
	};

	webhookMethods = webhooksNeedNoRegistration;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleCallback.call(this);
	}
}
