/** Deliveries to a trigger node's production webhook (no execution yet). */
import type { IDataObject, INodeExecutionData, IWebhookResponseData } from 'n8n-workflow';

import { nextExecutionId } from './additionalData';
import { buildEngine } from './buildEngine';
import type { EngineNode, FakeResponse, RunOptions } from './types';
import { callWebhook } from './webhookCall';

export interface DeliveryOptions {
	nodeTypes: RunOptions['nodeTypes'];
	/** the trigger node that receives the delivery */
	node: EngineNode;
	method: 'POST' | 'GET';
	body?: unknown;
	query?: IDataObject;
	headers?: Record<string, string>;
	/** the workflow's static data: pass the same object again to model n8n saving and loading it */
	staticData?: IDataObject;
	/** the workflow id the trigger sees; triggers of different workflows keep separate state */
	workflowId?: string;
	/** the bytes n8n keeps when it does not parse the body (another or no content type) */
	rawBody?: Buffer;
	credentialTypes?: RunOptions['credentialTypes'];
	credentials?: RunOptions['credentials'];
}

/**
 * One HTTP delivery to a trigger node's production webhook, as n8n's LiveWebhooks does it: the
 * node's webhook() runs with a real WebhookContext (mode 'webhook', no execution yet). Returns
 * what it answered and the items it would start an execution with (none if it started nothing).
 */
export async function deliverToWebhook(opts: DeliveryOptions): Promise<{
	result: IWebhookResponseData;
	response: FakeResponse;
	started: INodeExecutionData[];
}> {
	const engine = buildEngine(
		{ ...opts, credentials: opts.credentials ?? {} },
		[],
		nextExecutionId('delivery-'),
	);
	if (opts.workflowId) engine.workflow.id = opts.workflowId;
	const node = engine.workflow.getNode(opts.node.name)!;
	const nodeType = engine.workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const description = (nodeType.description.webhooks ?? []).find(
		(hook) => hook.httpMethod === opts.method,
	);
	if (!description || !nodeType.webhook)
		throw new Error(`404: the trigger has no ${opts.method} webhook`);
	const { result, response } = await callWebhook({
		engine,
		node,
		nodeType,
		description,
		mode: 'webhook',
		method: opts.method,
		path: String(description.path),
		workflowId: engine.workflow.id,
		request: {
			body: opts.body ?? {},
			query: opts.query ?? {},
			headers: Object.fromEntries(
				Object.entries(opts.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
			),
			rawBody: opts.rawBody,
		},
		runExecutionData: null,
	});
	return { result, response, started: result.workflowData?.[0] ?? [] };
}
