/**
 * What n8n's CLI hands the engine for one execution: lifecycle hooks over the saved workflow and
 * the additional data (URLs, credentials helper). Calls into what only the CLI has throw.
 */
import { ExecutionLifecycleHooks } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IConnections,
	INode,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { HarnessCredentialsHelper } from './credentials';

export const WORKFLOW_ID = 'harness-workflow';
export const DEFAULT_WAITING_URL = 'http://127.0.0.1:5678/webhook-waiting';

let executionCounter = 0;

/** A fresh execution id for this process (runs and deliveries never share one). */
export function nextExecutionId(prefix = ''): string {
	return `${prefix}${++executionCounter}`;
}

export function lifecycleHooks(
	executionId: string,
	nodes: INode[],
	connections: IConnections,
): ExecutionLifecycleHooks {
	const workflowData = {
		id: WORKFLOW_ID,
		name: 'harness',
		nodes,
		connections,
		active: false,
		settings: { executionOrder: 'v1' },
		createdAt: new Date(),
		updatedAt: new Date(),
	} as unknown as IWorkflowBase;
	return new ExecutionLifecycleHooks('manual', executionId, workflowData);
}

export interface AdditionalDataOptions {
	executionId: string;
	hooks: ExecutionLifecycleHooks;
	credentialTypes?: Record<string, ICredentialType>;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	webhookWaitingBaseUrl?: string;
}

export function additionalData(opts: AdditionalDataOptions): IWorkflowExecuteAdditionalData {
	const waitingUrl = opts.webhookWaitingBaseUrl ?? DEFAULT_WAITING_URL;
	const origin = new URL(waitingUrl).origin;
	const notInHarness = (what: string) => async () => {
		throw new Error(`${what} is not supported by the harness`);
	};
	return {
		executionId: opts.executionId,
		hooks: opts.hooks,
		credentialsHelper: new HarnessCredentialsHelper(
			opts.credentialTypes ?? {},
			opts.credentials ?? {},
		),
		variables: {},
		currentNodeExecutionIndex: 0,
		// n8n-core builds $execution.resumeUrl / signed URLs from these with `new URL`: they must be valid.
		restApiUrl: `${origin}/rest`,
		instanceBaseUrl: `${origin}/`,
		webhookBaseUrl: `${origin}/webhook`,
		webhookWaitingBaseUrl: waitingUrl,
		webhookTestBaseUrl: `${origin}/webhook-test`,
		formBaseUrl: `${origin}/form`,
		formWaitingBaseUrl: `${origin}/form-waiting`,
		formTestBaseUrl: `${origin}/form-test`,
		mcpBaseUrl: `${origin}/mcp`,
		mcpTestBaseUrl: `${origin}/mcp-test`,
		workflowId: WORKFLOW_ID,
		executeWorkflow: notInHarness('executeWorkflow'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: notInHarness('startRunnerTask (Code node runners)'),
		logAiEvent: () => {},
	} as unknown as IWorkflowExecuteAdditionalData;
}
