import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { handleCallback } from './workflow/invoke/resumeOnCallback/receiveCallback';
import * as getResult from './workflow/getResult/getResult.operation';
import * as getRuns from './workflow/getRuns/getRuns.operation';
import * as invoke from './workflow/invoke/invoke.operation';
import { optionsDescription } from './workflow/optionsCollection.description';
import { getToolDescriptionSuggestions } from './workflow/methods/listSearch';
import { getInputMappingFields } from './workflow/methods/resourceMapping';
import { router } from './workflow/router';
import { resumeWebhook, webhooksNeedNoRegistration } from './shared/webhookHandling';

export class GptBotsWorkflow implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'GPTBots Workflow',
		name: 'gptBotsWorkflow',
		icon: { light: 'file:../../icons/gptbots.svg', dark: 'file:../../icons/gptbots.dark.svg' },
		group: ['transform'],
		// 1.1: Poll Interval and Max Wait sit beside the mode that uses them, not in Options.
		// Otherwise the same; saved workflows keep 1 and read them from Options.
		version: [1, 1.1],
		defaultVersion: 1.1,
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
		webhooks: [resumeWebhook],
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
