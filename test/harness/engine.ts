/**
 * Runs one node inside n8n-core's real execution engine (WorkflowExecute), after a start node.
 *
 * Shape taken from n8n's own harness (packages/core/nodes-testing/node-test-harness.ts) and, for
 * credentials and resuming, from n8n's CLI (credentials-helper.ts, webhooks/waiting-webhooks.ts,
 * webhooks/webhook-helpers.ts). Everything below n8n-core is real: node contexts, parameter and
 * expression resolution, request helpers (so nock sees the real requests), continueOnFail/onError,
 * putExecutionToWait. Only what n8n's CLI provides (database, credentials store, HTTP server) is faked.
 */
import {
	ExecutionLifecycleHooks,
	WebhookContext,
	WorkflowExecute,
	getAdditionalKeys,
} from 'n8n-core';
import {
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	createRunExecutionData,
	type ExecutionBaseError,
	isExpression,
	isNodeClassInstance,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type ICredentials,
	type ICredentialsExpressionResolveValues,
	type IDataObject,
	type IExecuteData,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentials,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeParameters,
	type INodeProperties,
	type INodeType,
	type INodeTypes,
	type IRequestOptionsSimplified,
	type IRun,
	type IRunExecutionData,
	type ITriggerFunctions,
	type ITriggerResponse,
	type IVersionedNodeType,
	type IWebhookData,
	type IWebhookResponseData,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

export interface EngineNode {
	name: string;
	type: string;
	typeVersion?: number;
	parameters?: INodeParameters;
	credentials?: INodeCredentials;
	continueOnFail?: boolean;
	onError?: 'continueRegularOutput' | 'continueErrorOutput' | 'stopWorkflow';
	position?: [number, number];
}

export interface RunOptions {
	/** type name -> instance, e.g. { 'n8n-nodes-gptbots.gptBotsWorkflow': new GptBotsWorkflow() } */
	nodeTypes: Record<string, INodeType | IVersionedNodeType>;
	/** e.g. { gptBotsApi: new GptBotsApi() } */
	credentialTypes?: Record<string, ICredentialType>;
	/** credential data by credential TYPE name */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** the node under test; it is connected after a start node */
	node: EngineNode;
	/** what the start node emits (plain objects are wrapped as {json}) */
	inputItems: INodeExecutionData[] | IDataObject[];
	/** default 'http://127.0.0.1:5678/webhook-waiting' */
	webhookWaitingBaseUrl?: string;
}

export interface RunResult {
	/** output of the node under test, main output 0 (empty if none) */
	items: INodeExecutionData[];
	/** all outputs of the node under test (for continueErrorOutput) */
	outputs: INodeExecutionData[][];
	/** the execution's error, if it failed (resultData.error) */
	error?: ExecutionBaseError | Error;
	/** the error recorded on the node's task data, if any */
	nodeError?: unknown;
	/** the whole run */
	run: IRun;
	/** set if the node put the execution to wait */
	waitTill?: Date;
	/** to resume later (a copy: what n8n would have saved to its database) */
	runExecutionData: IRunExecutionData;
	/** the execution id the run used; `$execution.resumeUrl` ends with it (addition to the brief) */
	executionId: string;
	/** only after resumeWithWebhook: what the node's webhook() answered and what it wrote to res */
	webhook?: { result: IWebhookResponseData; response: FakeResponse };
}

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
}

export const START_NODE_NAME = 'Start';
export const START_NODE_TYPE = 'harness.start';
const WORKFLOW_ID = 'harness-workflow';
const DEFAULT_WAITING_URL = 'http://127.0.0.1:5678/webhook-waiting';
let executionCounter = 0;

/**
 * A manual-trigger-like node: n8n-nodes-base (and its ManualTrigger) is not installed. It has a
 * `trigger`, so `workflow.getStartNode()` picks it and WorkflowExecute runs it through
 * TriggersAndPollers in manual mode (emit -> manualTriggerResponse), as n8n does for triggers.
 * The items are closed over: a fresh type is made per run.
 */
function startNodeType(items: INodeExecutionData[]): INodeType {
	return {
		description: {
			displayName: 'Harness Start',
			name: START_NODE_TYPE,
			group: ['trigger'],
			version: 1,
			description: 'Emits the test input items',
			defaults: { name: START_NODE_NAME },
			inputs: [],
			outputs: ['main'],
			properties: [],
		},
		async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
			// `this.emit` is replaced by the engine after trigger() returns: look it up late.
			return { manualTriggerFunction: async () => this.emit([items]) };
		},
	} as INodeType;
}

function toItems(input: INodeExecutionData[] | IDataObject[]): INodeExecutionData[] {
	// An element counts as INodeExecutionData when it has an object `json`; anything else is wrapped.
	return (input as Array<INodeExecutionData | IDataObject>).map((entry) =>
		entry && typeof entry.json === 'object' && entry.json !== null && !Array.isArray(entry.json)
			? (entry as INodeExecutionData)
			: { json: entry as IDataObject },
	);
}

/** Our NodeTypes: n8n-core asks for getByNameAndVersion and resolves versioned types through it. */
class HarnessNodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType | IVersionedNodeType>) {}

	getByName(nodeType: string) {
		const type = this.types[nodeType];
		if (!type) throw new Error(`Unknown node type "${nodeType}" (not given to the harness)`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

/**
 * Stand-in for n8n CLI's CredentialsHelper: data comes from the test instead of the database; the
 * rest mirrors packages/cli/src/credentials-helper.ts (authenticate, defaults).
 */
class HarnessCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly types: Record<string, ICredentialType>,
		private readonly data: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	private type(name: string): ICredentialType {
		const type = this.types[name];
		if (!type) throw new Error(`Unknown credential type "${name}" (not given to the harness)`);
		return type;
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions as IHttpRequestOptions;
		const { authenticate } = this.type(typeName);
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (authenticate?.type === 'generic') {
			// As n8n: every key and value of headers/qs/body/auth may be an expression over $credentials.
			requestOptions.headers ??= {};
			const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(outerValue as Record<string, string>)) {
					const resolve = (v: string) => {
						if (!isExpression(v)) return v;
						const resolved = workflow.expression.getSimpleParameterValue(
							node,
							v,
							'internal',
							{ $credentials: credentials },
							undefined,
							'',
						);
						return resolved ? String(resolved) : '';
					};
					target[outerKey] ??= {};
					target[outerKey][resolve(key)] = resolve(value);
				}
			}
		}
		return requestOptions;
	}

	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(_nodeCredentials: INodeCredentialsDetails, _type: string): Promise<ICredentials> {
		throw new Error('getCredentials (encrypted) is not supported by the harness');
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		_mode: WorkflowExecuteMode,
		_executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const original = this.data[type];
		if (!original) throw new Error(`No credentials of type "${type}" given to the harness`);
		if (raw === true) return { ...original };
		// As n8n: fill in the credential type's defaults, then resolve expressions in the values.
		let data = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			original as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		if (expressionResolveValues) {
			const { workflow, runExecutionData, runIndex, itemIndex, node, connectionInputData } =
				expressionResolveValues;
			data = workflow.expression.getParameterValue(
				data as INodeParameters,
				runExecutionData,
				runIndex,
				itemIndex,
				node.name,
				connectionInputData,
				'internal',
				getAdditionalKeys(additionalData, 'internal', runExecutionData),
				undefined,
				false,
				data,
			) as ICredentialDataDecryptedObject;
		}
		return data;
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.type(type).properties;
	}
}

/** An express-like response that records what a webhook() wrote to it. */
export interface FakeResponse {
	statusCode: number;
	headers: Record<string, string>;
	body?: unknown;
	headersSent: boolean;
	status(code: number): FakeResponse;
	setHeader(name: string, value: string): FakeResponse;
	header(name: string, value: string): FakeResponse;
	json(body: unknown): FakeResponse;
	send(body?: unknown): FakeResponse;
	end(body?: unknown): FakeResponse;
}

function fakeResponse(): FakeResponse {
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
	};
	return res;
}

interface Engine {
	workflow: Workflow;
	workflowNode: INode;
	additionalData: IWorkflowExecuteAdditionalData;
	hooks: ExecutionLifecycleHooks;
	executionId: string;
}

/** The version a new node gets in the editor: a versioned type's currentVersion, else the highest. */
function latestVersion(type: INodeType | IVersionedNodeType): number {
	if ('nodeVersions' in type) return type.currentVersion;
	const { version } = type.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

/** Credentials the node declares and the test supplies are put on the node, as if selected in the UI. */
function nodeCredentials(
	node: EngineNode,
	nodeTypes: HarnessNodeTypes,
	credentials: Record<string, ICredentialDataDecryptedObject>,
): INodeCredentials | undefined {
	const declared = nodeTypes.getByNameAndVersion(node.type, node.typeVersion).description.credentials ?? [];
	const result: INodeCredentials = { ...node.credentials };
	for (const { name } of declared) {
		if (credentials[name] && !result[name]) result[name] = { id: `${name}-id`, name };
	}
	return Object.keys(result).length ? result : undefined;
}

export function buildEngine(
	opts: Pick<RunOptions, 'nodeTypes' | 'credentialTypes' | 'credentials' | 'node' | 'webhookWaitingBaseUrl'> & {
		staticData?: IDataObject;
	},
	items: INodeExecutionData[],
	executionId: string,
): Engine {
	const nodeTypes = new HarnessNodeTypes({ ...opts.nodeTypes, [START_NODE_TYPE]: startNodeType(items) });
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
	const hooks = new ExecutionLifecycleHooks('manual', executionId, workflowData);

	const waitingUrl = opts.webhookWaitingBaseUrl ?? DEFAULT_WAITING_URL;
	const origin = new URL(waitingUrl).origin;
	const notInHarness = (what: string) => async () => {
		throw new Error(`${what} is not supported by the harness`);
	};
	const additionalData = {
		executionId,
		hooks,
		credentialsHelper: new HarnessCredentialsHelper(opts.credentialTypes ?? {}, opts.credentials ?? {}),
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

	return { workflow, workflowNode, additionalData, hooks, executionId };
}

/** Runs the engine to completion (or to a wait) and collects the run from `workflowExecuteAfter`. */
async function execute(engine: Engine, runExecutionData: IRunExecutionData): Promise<RunResult> {
	let collected: IRun | undefined;
	engine.hooks.addHandler('workflowExecuteAfter', (run) => {
		collected = run;
	});
	const returned = await new WorkflowExecute(
		engine.additionalData,
		'manual',
		runExecutionData,
	).processRunExecutionData(engine.workflow);
	const run = collected ?? returned;

	const nodeName = engine.workflowNode.name;
	const task = run.data.resultData.runData[nodeName]?.at(-1);
	const outputs = (task?.data?.main ?? []).map((output) => output ?? []);
	return {
		items: outputs[0] ?? [],
		outputs,
		error: run.data.resultData.error,
		nodeError: task?.error,
		run,
		waitTill: run.waitTill ?? run.data.waitTill ?? undefined,
		// n8n saves the data to its database and reads it back on resume: keep our own copy.
		runExecutionData: structuredClone(run.data),
		executionId: engine.executionId,
	};
}

export async function runNode(options: RunOptions): Promise<RunResult> {
	const items = toItems(options.inputItems);
	const engine = buildEngine(options, items, String(++executionCounter));
	const startNode = engine.workflow.getStartNode();
	if (startNode?.name !== START_NODE_NAME) throw new Error('the harness start node was not picked');
	const runExecutionData = createRunExecutionData({
		executionData: {
			// As n8n's manual run: the trigger sits on the stack with one empty item as its input.
			nodeExecutionStack: [{ node: startNode, data: { main: [[{ json: {} }]] }, source: null }],
		},
	});
	return await execute(engine, runExecutionData);
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

	// The URL the callback hit; by default the node's $execution.resumeUrl.
	const waitingBase = opts.webhookWaitingBaseUrl ?? DEFAULT_WAITING_URL;
	const url = new URL(
		opts.url ??
			`${waitingBase}/${result.executionId}` +
				(runExecutionData.resumeToken ? `?signature=${runExecutionData.resumeToken}` : ''),
	);
	const [executionId, urlSuffix] = url.pathname
		.slice(new URL(waitingBase).pathname.length)
		.split('/')
		.filter(Boolean);
	if (executionId !== result.executionId) throw new Error(`404: no waiting execution "${executionId}"`);
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

	const stackEntry = runExecutionData.executionData?.nodeExecutionStack[0];
	const lastNodeExecuted = runExecutionData.resultData.lastNodeExecuted;
	if (!stackEntry || !lastNodeExecuted) throw new Error('no waiting node in the saved execution data');
	stackEntry.node.disabled = true;
	runExecutionData.waitTill = undefined;
	runExecutionData.resultData.runData[lastNodeExecuted]?.pop();

	const engine = buildEngine({ ...opts, webhookWaitingBaseUrl: waitingBase }, [], result.executionId);
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
			String(evaluate(hook.path) ?? '').trim().replace(/^\/|\/$/g, '') === (suffix ?? ''),
	);
	if (!description) {
		throw new Error(
			`404: node "${node.name}" has no waiting webhook (restartWebhook: true) for ${method} with path '${suffix ?? ''}'`,
		);
	}
	const webhookData: IWebhookData = {
		httpMethod: method as IHttpRequestMethods,
		node: node.name,
		path: suffix ?? '',
		webhookDescription: description,
		workflowId: WORKFLOW_ID,
		workflowExecuteAdditionalData: engine.additionalData,
	};

	const res = fakeResponse();
	engine.additionalData.httpRequest = {
		body: opts.body ?? {},
		// n8n leaves `signature` in the query the node sees
		query: { ...Object.fromEntries(url.searchParams), ...opts.query },
		headers: { 'content-type': 'application/json', host: url.host, ...opts.headers },
		method,
		params: {},
		url: url.pathname + url.search,
	} as unknown as IWorkflowExecuteAdditionalData['httpRequest'];
	engine.additionalData.httpResponse =
		res as unknown as IWorkflowExecuteAdditionalData['httpResponse'];

	const context = new WebhookContext(
		engine.workflow,
		node,
		engine.additionalData,
		'manual',
		webhookData,
		[],
		runExecutionData,
	);
	await engine.workflow.expression.acquireIsolate();
	let webhookResult: IWebhookResponseData;
	try {
		// as n8n's WebhookService.runWebhook: class-style nodes get the context as an argument
		webhookResult = isNodeClassInstance(nodeType)
			? await nodeType.webhook(context)
			: await nodeType.webhook.call(context);
	} finally {
		await engine.workflow.expression.releaseIsolate();
	}
	if (webhookResult.workflowData === undefined) {
		return { ...result, webhook: { result: webhookResult, response: res } };
	}

	stackEntry.data.main = webhookResult.workflowData;
	stackEntry.metadata = { ...stackEntry.metadata, forwardAllOutputs: true };
	const resumed = await execute(engine, runExecutionData);
	return { ...resumed, webhook: { result: webhookResult, response: res } };
}

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
	const engine = buildEngine({ ...opts, credentials: opts.credentials ?? {} }, [], `delivery-${++executionCounter}`);
	if (opts.workflowId) engine.workflow.id = opts.workflowId;
	const node = engine.workflow.getNode(opts.node.name)!;
	const nodeType = engine.workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const description = (nodeType.description.webhooks ?? []).find((hook) => hook.httpMethod === opts.method);
	if (!description || !nodeType.webhook) throw new Error(`404: the trigger has no ${opts.method} webhook`);
	const res = fakeResponse();
	engine.additionalData.httpRequest = {
		body: opts.body ?? {},
		query: opts.query ?? {},
		headers: Object.fromEntries(Object.entries(opts.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
		method: opts.method,
		params: {},
		rawBody: opts.rawBody,
	} as unknown as IWorkflowExecuteAdditionalData['httpRequest'];
	engine.additionalData.httpResponse = res as unknown as IWorkflowExecuteAdditionalData['httpResponse'];
	const webhookData: IWebhookData = {
		httpMethod: opts.method as IHttpRequestMethods,
		node: node.name,
		path: String(description.path),
		webhookDescription: description,
		workflowId: engine.workflow.id,
		workflowExecuteAdditionalData: engine.additionalData,
	};
	const context = new WebhookContext(engine.workflow, node, engine.additionalData, 'webhook', webhookData, [], null);
	const result = await nodeType.webhook.call(context);
	return { result, response: res, started: result.workflowData?.[0] ?? [] };
}
