/**
 * A two-node workflow (start node -> node under test) with the hooks and additional data to run it
 * in n8n-core. Runs, resumes, deliveries and load-options calls all start from here.
 */
import type { ExecutionLifecycleHooks } from 'n8n-core';
import {
	Workflow,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { WORKFLOW_ID, additionalData, lifecycleHooks } from './additionalData';
import { nodeCredentials } from './credentials';
import {
	HarnessNodeTypes,
	START_NODE_NAME,
	START_NODE_TYPE,
	latestVersion,
	startNodeType,
} from './nodeTypes';
import type { RunOptions } from './types';

export interface Engine {
	workflow: Workflow;
	workflowNode: INode;
	additionalData: IWorkflowExecuteAdditionalData;
	hooks: ExecutionLifecycleHooks;
	executionId: string;
}

export type EngineOptions = Pick<
	RunOptions,
	'nodeTypes' | 'credentialTypes' | 'credentials' | 'node' | 'webhookWaitingBaseUrl'
> & {
	staticData?: IDataObject;
};

export function buildEngine(
	opts: EngineOptions,
	items: INodeExecutionData[],
	executionId: string,
): Engine {
	const nodeTypes = new HarnessNodeTypes({
		...opts.nodeTypes,
		[START_NODE_TYPE]: startNodeType(items),
	});
	const { node } = opts;
	const workflowNode: INode = {
		id: `${node.name}-id`,
		name: node.name,
		type: node.type,
		typeVersion: node.typeVersion ?? latestVersion(nodeTypes.getByName(node.type)),
		position: node.position ?? [200, 0],
		parameters: node.parameters ?? {},
		credentials: nodeCredentials(node, nodeTypes, opts.credentials ?? {}),
		...(node.continueOnFail !== undefined && { continueOnFail: node.continueOnFail }),
		...(node.onError !== undefined && { onError: node.onError }),
	};
	const startNode: INode = {
		id: 'start-id',
		name: START_NODE_NAME,
		type: START_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const nodes = [startNode, workflowNode];
	const connections = {
		[START_NODE_NAME]: { main: [[{ node: node.name, type: 'main' as const, index: 0 }]] },
	};
	const workflow = new Workflow({
		id: WORKFLOW_ID,
		name: 'harness',
		nodes,
		connections,
		active: false,
		nodeTypes,
		settings: { executionOrder: 'v1' },
		staticData: opts.staticData,
	});
	const hooks = lifecycleHooks(executionId, nodes, connections);
	return {
		workflow,
		workflowNode,
		additionalData: additionalData({ ...opts, executionId, hooks }),
		hooks,
		executionId,
	};
}
