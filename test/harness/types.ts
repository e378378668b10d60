/** The harness's shapes: the node under test, what a run is given, and what it returns. */
import type {
	ExecutionBaseError,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	INodeCredentials,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IRun,
	IRunExecutionData,
	IVersionedNodeType,
	IWebhookResponseData,
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
	/** the workflow's static data (kept in this object: pass the same one to later runs) */
	staticData?: IDataObject;
	/**
	 * Makes the execution a streaming one, as n8n's Chat Trigger (or a Webhook with a streaming
	 * response) does: n8n's sendChunk hook gets a handler and streaming is enabled.
	 */
	onChunk?: (chunk: StreamChunk) => void;
}

/** What a node's sendChunk() hands n8n's hook. */
export interface StreamChunk {
	type: string;
	content?: string;
	metadata: { nodeName: string; itemIndex: number; runIndex: number; timestamp?: number };
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
	/** as Node's http.ServerResponse: 'finish' once the answer is sent, 'close' after */
	once(event: 'finish' | 'close', listener: () => void): FakeResponse;
	/** sends the answer: `statusCode`, then 'finish' and 'close' (what n8n does after webhook()) */
	finish(statusCode?: number): void;
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
