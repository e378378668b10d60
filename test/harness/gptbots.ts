/**
 * The package's own nodes and credential as the harness takes them, and the Workflow node as it
 * sits in a saved workflow. Shared by the engine tests (test/engine/fixture.ts) and the bench.
 */
import type { INodeParameters } from 'n8n-workflow';

import { GptBotsApi } from '../../credentials/GptBotsApi.credentials';
import { GptBotsAgent } from '../../nodes/GptBots/GptBotsAgent.node';
import { GptBotsWorkflow } from '../../nodes/GptBots/GptBotsWorkflow.node';
import { GptBotsWorkflowTrigger } from '../../nodes/GptBots/GptBotsWorkflowTrigger.node';
import { GptBotsAgentTrigger } from '../../nodes/GptBots/GptBotsAgentTrigger.node';
import { AGENT_TRIGGER_TYPE, AGENT_TYPE, NODE_TYPE, TRIGGER_TYPE } from '../../simulator/names';
import type { EngineNode } from './types';

export const WORKFLOW_TYPE = NODE_TYPE;
export { AGENT_TRIGGER_TYPE, AGENT_TYPE, TRIGGER_TYPE };

export const nodeTypes = {
	[WORKFLOW_TYPE]: new GptBotsWorkflow(),
	[TRIGGER_TYPE]: new GptBotsWorkflowTrigger(),
	[AGENT_TYPE]: new GptBotsAgent(),
	[AGENT_TRIGGER_TYPE]: new GptBotsAgentTrigger(),
};
export const credentialTypes = { gptBotsApi: new GptBotsApi() };

/** A GPTBots API credential pointing at `baseUrl` (e.g. the simulator's). */
export function gptBotsCredentials(baseUrl: string, apiKey: string) {
	return { gptBotsApi: { endpoint: 'custom', baseUrl, apiKey } };
}

export function workflowNode(run: {
	parameters: INodeParameters;
	typeVersion?: number;
	continueOnFail?: boolean;
	onError?: EngineNode['onError'];
}): EngineNode {
	return {
		name: 'GPTBots Workflow',
		type: WORKFLOW_TYPE,
		...(run.typeVersion !== undefined && { typeVersion: run.typeVersion }),
		parameters: run.parameters,
		continueOnFail: run.continueOnFail,
		...(run.onError && { onError: run.onError }),
		credentials: { gptBotsApi: { id: '1', name: 'GPTBots' } },
	};
}

export function agentNode(run: {
	parameters: INodeParameters;
	continueOnFail?: boolean;
	onError?: EngineNode['onError'];
}): EngineNode {
	return { ...workflowNode(run), name: 'GPTBots Agent', type: AGENT_TYPE };
}
