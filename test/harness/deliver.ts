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
	/** the bytes of the body as sent (n8n keeps them as rawBody once it has read the body) */
	rawBody?: Buffer;
	credentialTypes?: RunOptions['credentialTypes'];
	credentials?: RunOptions['credentials'];
}

/** Content types n8n parses for a start node above typeVersion 1 (`isParsableContentType`). */
function isParsable(contentType: string | undefined): boolean {
	if (!contentType) return false;
	return (
		/^(application\/json|text\/plain|application\/x-www-form-urlencoded)/.test(contentType) ||
		/[/+]xml$/.test(contentType)
	);
}

/** A body given as an object, with no bytes and no content type, is JSON, as a client sends it. */
function impliedContentType(opts: DeliveryOptions): string | undefined {
	const isObjectBody = typeof opts.body === 'object' && opts.body !== null;
	return isObjectBody && opts.rawBody === undefined ? 'application/json' : undefined;
}

/**
 * The body as n8n's `parseRequestBody` leaves it: for a start node of typeVersion 1 every body is
 * read (rawBody) and parsed; above 1, a body of another or no content type is not read at all, and
 * the node has to call `readRawBody()` to get its bytes.
 */
function bodyAsN8nParsesIt(
	typeVersion: number,
	contentType: string | undefined,
	opts: DeliveryOptions,
): Record<string, unknown> {
	if (typeVersion === 1 || isParsable(contentType))
		return { body: opts.body ?? {}, rawBody: opts.rawBody };
	const bytes =
		opts.rawBody ?? (typeof opts.body === 'string' ? Buffer.from(opts.body) : undefined);
	return {
		body: {},
		rawBody: undefined,
		async readRawBody(this: { rawBody?: Buffer }) {
			this.rawBody ??= bytes ?? Buffer.alloc(0);
		},
	};
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
	const headers: Record<string, string> = Object.fromEntries(
		Object.entries(opts.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
	);
	const contentType = headers['content-type'] ?? impliedContentType(opts);
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
			...bodyAsN8nParsesIt(node.typeVersion, contentType, opts),
			query: opts.query ?? {},
			headers: { ...headers, ...(contentType && { 'content-type': contentType }) },
		},
		runExecutionData: null,
	});
	return { result, response, started: result.workflowData?.[0] ?? [] };
}
