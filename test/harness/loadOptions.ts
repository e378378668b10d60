/**
 * Calls a node's load-options / resource-mapper / list-search method as n8n's REST route for
 * dynamic node parameters does (cli: DynamicNodeParametersService): a Workflow holding only the
 * node, the node's current parameters on additionalData, and n8n-core's real LoadOptionsContext
 * (so requests go through the real helpers and the credentials helper).
 */
import { LoadOptionsContext } from 'n8n-core';
import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { buildEngine } from './buildEngine';
import type { RunOptions } from './types';

export async function callNodeMethod<T>(
	options: Pick<RunOptions, 'nodeTypes' | 'credentialTypes' | 'credentials' | 'node'>,
	method: (this: ILoadOptionsFunctions) => Promise<T>,
	path: string,
): Promise<T> {
	const engine = buildEngine(options, [], 'load-options');
	engine.additionalData.currentNodeParameters = engine.workflowNode.parameters;
	const context = new LoadOptionsContext(
		engine.workflow,
		engine.workflowNode,
		engine.additionalData,
		path,
	);
	return await method.call(context);
}
