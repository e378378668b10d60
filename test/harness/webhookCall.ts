/**
 * One request to a node's webhook(): the request and a recording response go on additionalData,
 * and webhook() runs in n8n-core's real WebhookContext, as n8n's WebhookService.runWebhook does.
 */
import { WebhookContext } from 'n8n-core';
import {
	isNodeClassInstance,
	type IHttpRequestMethods,
	type INode,
	type INodeType,
	type IRunExecutionData,
	type IWebhookData,
	type IWebhookDescription,
	type IWebhookResponseData,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import type { Engine } from './buildEngine';
import type { FakeResponse } from './types';

function fakeResponse(): FakeResponse {
	const listeners: Array<[string, () => void]> = [];
	let finished = false;
	const res: FakeResponse = {
		statusCode: 200,
		headers: {},
		headersSent: false,
		status: (code) => ((res.statusCode = code), res),
		setHeader: (name, value) => ((res.headers[name.toLowerCase()] = value), res),
		header: (name, value) => res.setHeader(name, value),
		json: (body) => ((res.body = body), (res.headersSent = true), res),
		send: (body) => ((res.body = body), (res.headersSent = true), res),
		end: (body) => {
			if (body !== undefined) res.body = body;
			res.headersSent = true;
			return res;
		},
		once: (event, listener) => (listeners.push([event, listener]), res),
		finish: (statusCode) => {
			if (finished) return;
			finished = true;
			if (statusCode !== undefined) res.statusCode = statusCode;
			res.headersSent = true;
			for (const event of ['finish', 'close'])
				for (const [name, listener] of listeners) if (name === event) listener();
		},
	};
	return res;
}

export interface WebhookCall {
	engine: Engine;
	node: INode;
	nodeType: INodeType;
	description: IWebhookDescription;
	mode: WorkflowExecuteMode;
	method: 'POST' | 'GET';
	path: string;
	workflowId: string;
	/** what n8n's body parser and router made of the request (body, query, headers, ...) */
	request: Record<string, unknown>;
	/** the waiting execution's data when resuming; null for a delivery that starts nothing yet */
	runExecutionData: IRunExecutionData | null;
}

export async function callWebhook(
	call: WebhookCall,
): Promise<{ result: IWebhookResponseData; response: FakeResponse }> {
	const { engine, node, nodeType } = call;
	if (!nodeType.webhook) throw new Error(`node type "${node.type}" has no webhook() method`);
	const res = fakeResponse();
	engine.additionalData.httpRequest = {
		...call.request,
		method: call.method,
		params: {},
	} as unknown as IWorkflowExecuteAdditionalData['httpRequest'];
	engine.additionalData.httpResponse =
		res as unknown as IWorkflowExecuteAdditionalData['httpResponse'];
	const webhookData: IWebhookData = {
		httpMethod: call.method as IHttpRequestMethods,
		node: node.name,
		path: call.path,
		webhookDescription: call.description,
		workflowId: call.workflowId,
		workflowExecuteAdditionalData: engine.additionalData,
	};
	const context = new WebhookContext(
		engine.workflow,
		node,
		engine.additionalData,
		call.mode,
		webhookData,
		[],
		call.runExecutionData,
	);
	await engine.workflow.expression.acquireIsolate();
	try {
		// as n8n's WebhookService.runWebhook: class-style nodes get the context as an argument
		const result = isNodeClassInstance(nodeType)
			? await nodeType.webhook(context)
			: await nodeType.webhook.call(context);
		return { result, response: res };
	} finally {
		await engine.workflow.expression.releaseIsolate();
	}
}
