/**
 * scripts/e2e/lib.js (plain CommonJS), typed: the part the bench's n8n legs use.
 */
import * as path from 'path';

import type { IDataObject } from 'n8n-workflow';

import { REPO } from './paths';

export interface N8nLine {
	name: string;
	version: string;
	dir: string;
}
export interface N8nContext {
	line: N8nLine;
	userFolder: string;
}
export interface NodeRunData {
	executionTime?: number;
	startTime?: number;
	error?: { message?: string };
	data?: { main?: Array<Array<{ json: IDataObject }> | null> };
}
export interface Execution {
	status?: string;
	data?: {
		resultData?: {
			error?: { message?: string };
			runData?: Record<string, NodeRunData[]>;
		};
	};
}
export interface ExecuteResult {
	code: number | null;
	signal: string | null;
	stdout: string;
	stderr: string;
	ms: number;
	timedOut: boolean;
	execution?: Execution;
	error?: { message?: string };
}
export interface WorkflowJson {
	id: string;
	name: string;
	[key: string]: unknown;
}
export interface E2eLib {
	LINES: unknown;
	SIM_API_KEY: string;
	CREDENTIAL_TYPE: string;
	buildAndPack(dest: string): Promise<{ tarball: string; files: string[]; version: string }>;
	resolveLine(name: 'legacy' | 'current'): Promise<N8nLine>;
	makeUserFolder(root: string, tarball: string): Promise<{ userFolder: string }>;
	n8nContext(line: N8nLine, userFolder: string): N8nContext;
	importCredentials(ctx: N8nContext, credentials: object[]): Promise<unknown>;
	importWorkflows(ctx: N8nContext, workflows: WorkflowJson[]): Promise<unknown>;
	executeWorkflow(ctx: N8nContext, workflowId: string, options?: { timeoutMs?: number }): Promise<ExecuteResult>;
	workflowId(key: string): string;
	workflow(key: string, name: string, nodes: object[]): WorkflowJson;
	manualTrigger(name?: string): object;
	codeNode(name: string, jsCode: string): object;
	gptNode(name: string, parameters: object, credential: { id: string; name: string }, settings?: object): object;
	tail(text: string, lines?: number): string;
	cleanupAll(): Promise<void>;
	activateWorkflow(ctx: N8nContext, workflowId: string): Promise<unknown>;
	querySqlite<T = Record<string, unknown>>(ctx: N8nContext, sql: string, params?: unknown[]): Promise<T[]>;
	startN8n(ctx: N8nContext, options?: { port?: number; extraEnv?: Record<string, string>; readyTimeoutMs?: number }): Promise<N8nServer>;
	waitForWebhook(url: string, options?: { method?: string; headers?: Record<string, string>; body?: unknown; timeoutMs?: number }): Promise<unknown>;
	request(method: string, url: string, options?: { headers?: Record<string, string>; body?: unknown; timeoutMs?: number; agent?: unknown }): Promise<HttpAnswer>;
	triggerNode(name: string, parameters: object, webhookId: string): object;
	productionWebhookUrl(server: N8nServer, webhookId: string, pathName?: string): string;
	stableUuid(seed: string): string;
	pool(tasks: Array<() => Promise<unknown>>, width: number): Promise<void>;
}
export interface N8nServer {
	url: string;
	pid: number;
	logs(): string;
	stop(): Promise<void>;
}
export interface HttpAnswer {
	status: number;
	text: string;
	json?: unknown;
	ms: number;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const lib = require(path.join(REPO, 'scripts', 'e2e', 'lib.js')) as E2eLib;
