/** Resumes a waiting execution through the waiting node's restart webhook (callback mode). */
import { isExpression, type IDataObject, type IRunExecutionData } from 'n8n-workflow';

import { DEFAULT_WAITING_URL, WORKFLOW_ID } from './additionalData';
import { buildEngine } from './buildEngine';
import { execute } from './runNode';
import type { EngineNode, RunOptions, RunResult } from './types';
import { callWebhook } from './webhookCall';

export interface ResumeOptions {
	result: RunResult;
	nodeTypes: RunOptions['nodeTypes'];
	credentialTypes?: RunOptions['credentialTypes'];
	credentials?: RunOptions['credentials'];
	node: EngineNode;
	body?: IDataObject;
	query?: IDataObject;
	headers?: Record<string, string>;
	method?: 'POST' | 'GET';
	/** the URL the callback hit; default: the node's `$execution.resumeUrl` (with its signature) */
	url?: string;
	webhookWaitingBaseUrl?: string;
	/**
	 * What n8n does once webhook() returned workflowData: `resume` (default: runs the execution,
	 * answers 200), `fail` (answers 500 and the execution keeps waiting, as n8n 2.41 did when a
	 * resume failed during its start-up) or `lose` (answers 200, yet the execution stays waiting,
	 * as n8n 2.8.4 did for a callback that arrived while it was starting).
	 */
	n8n?: 'resume' | 'fail' | 'lose';
}

/**
 * The URL the callback hit (by default the node's $execution.resumeUrl), checked as n8n does:
 * the execution id, then the `signature` against the execution's resumeToken. Returns the URL and
 * the webhook path suffix ('' or undefined when none).
 */
function checkWaitingUrl(
	opts: ResumeOptions,
	runExecutionData: IRunExecutionData,
	waitingBase: string,
) {
	const { result } = opts;
	const url = new URL(
		opts.url ??
			`${waitingBase}/${result.executionId}` +
				(runExecutionData.resumeToken ? `?signature=${runExecutionData.resumeToken}` : ''),
	);
	const [executionId, urlSuffix] = url.pathname
		.slice(new URL(waitingBase).pathname.length)
		.split('/')
		.filter(Boolean);
	if (executionId !== result.executionId)
		throw new Error(`404: no waiting execution "${executionId}"`);
	let suffix = urlSuffix;
	if (runExecutionData.resumeToken) {
		let token = url.searchParams.get('signature') ?? '';
		// n8n's backwards compatibility: `resumeUrl + '/suffix'` puts the suffix inside the token.
		if (token.includes('/')) {
			suffix ??= token.slice(token.indexOf('/') + 1);
			token = token.slice(0, token.indexOf('/'));
		}
		if (token !== runExecutionData.resumeToken) throw new Error("401: {error: 'Invalid token'}");
	}
	return { url, suffix };
}

/**
 * What n8n 2.41.1's WaitingWebhooks + WebhookHelpers do when a request hits
 * /webhook-waiting/<executionId>[/<suffix>] (read from n8n's dist: webhooks/waiting-webhooks.js,
 * webhook-helpers.js, webhook.service.js):
 * 1. check the `signature` query parameter against the execution's `resumeToken` (n8n answers
 *    401 {error: 'Invalid token'}; here: throws). `$execution.resumeUrl` carries that token;
 * 2. disable the waiting node (stack entry 0) so the re-run passes its data through instead of
 *    starting the wait again, clear waitTill, pop the node's last run from runData;
 * 3. find the node's webhook with `restartWebhook: true`, the request's method and path = suffix
 *    ('' when none) — n8n answers 404 otherwise; here: throws;
 * 4. call the node type's webhook() in a WebhookContext over the saved runExecutionData, with the
 *    request and response on additionalData;
 * 5. if it returned workflowData: put it on the stack entry (`data.main`), mark the entry
 *    `forwardAllOutputs` (a disabled node then forwards every output, not just output 0) and
 *    continue with WorkflowExecute.processRunExecutionData. Without workflowData n8n only answers
 *    the request and the execution keeps waiting: the result is then the old one, with `webhook`.
 * Left out: send-and-wait HMAC signatures, form redirects, CORS, response modes. An error thrown
 * by webhook() is thrown here (n8n answers 500 and records it on the execution).
 */
export async function resumeWithWebhook(opts: ResumeOptions): Promise<RunResult> {
	const { result } = opts;
	const method = opts.method ?? 'POST';
	const runExecutionData = structuredClone(result.runExecutionData);
	if (!runExecutionData.waitTill) throw new Error('the execution is not waiting');
	const waitingBase = opts.webhookWaitingBaseUrl ?? DEFAULT_WAITING_URL;
	const { url, suffix } = checkWaitingUrl(opts, runExecutionData, waitingBase);

	const stackEntry = runExecutionData.executionData?.nodeExecutionStack[0];
	const lastNodeExecuted = runExecutionData.resultData.lastNodeExecuted;
	if (!stackEntry || !lastNodeExecuted)
		throw new Error('no waiting node in the saved execution data');
	stackEntry.node.disabled = true;
	runExecutionData.waitTill = undefined;
	runExecutionData.resultData.runData[lastNodeExecuted]?.pop();

	const engine = buildEngine(
		{ ...opts, webhookWaitingBaseUrl: waitingBase },
		[],
		result.executionId,
	);
	const node = engine.workflow.getNode(lastNodeExecuted);
	if (!node) throw new Error(`node "${lastNodeExecuted}" is not in the workflow`);
	const nodeType = engine.workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	if (!nodeType.webhook) throw new Error(`node type "${node.type}" has no webhook() method`);

	// As n8n's WebhookService.getNodeWebhooks: description fields may be expressions; the path is
	// trimmed of slashes; httpMethod may list several methods.
	const evaluate = (value: unknown) =>
		typeof value === 'string' && isExpression(value)
			? engine.workflow.expression.getSimpleParameterValue(node, value, 'internal', {})
			: value;
	const description = (nodeType.description.webhooks ?? []).find(
		(hook) =>
			evaluate(hook.restartWebhook) === true &&
			hook.nodeType !== 'form' &&
			String(evaluate(hook.httpMethod) ?? 'GET')
				.split(',')
				.map((m) => m.trim())
				.includes(method) &&
			String(evaluate(hook.path) ?? '')
				.trim()
				.replace(/^\/|\/$/g, '') === (suffix ?? ''),
	);
	if (!description) {
		throw new Error(
			`404: node "${node.name}" has no waiting webhook (restartWebhook: true) for ${method} with path '${suffix ?? ''}'`,
		);
	}

	const webhook = await callWebhook({
		engine,
		node,
		nodeType,
		description,
		mode: 'manual',
		method,
		path: suffix ?? '',
		workflowId: WORKFLOW_ID,
		request: {
			body: opts.body ?? {},
			// n8n leaves `signature` in the query the node sees
			query: { ...Object.fromEntries(url.searchParams), ...opts.query },
			headers: { 'content-type': 'application/json', host: url.host, ...opts.headers },
			url: url.pathname + url.search,
		},
		runExecutionData,
	});
	if (webhook.result.workflowData === undefined) {
		webhook.response.finish();
		return { ...result, webhook };
	}
	if (opts.n8n === 'fail' || opts.n8n === 'lose') {
		webhook.response.finish(opts.n8n === 'fail' ? 500 : 200);
		return { ...result, webhook };
	}

	stackEntry.data.main = webhook.result.workflowData;
	stackEntry.metadata = { ...stackEntry.metadata, forwardAllOutputs: true };
	const resumed = await execute(engine, runExecutionData);
	webhook.response.finish(); // n8n 2.x answers onReceived once the resumed run has started
	return { ...resumed, webhook };
}
