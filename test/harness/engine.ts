/**
 * Runs one node inside n8n-core's real execution engine (WorkflowExecute), after a start node.
 *
 * Shape taken from n8n's own harness (packages/core/nodes-testing/node-test-harness.ts) and, for
 * credentials and resuming, from n8n's CLI (credentials-helper.ts, webhooks/waiting-webhooks.ts,
 * webhooks/webhook-helpers.ts). Everything below n8n-core is real: node contexts, parameter and
 * expression resolution, request helpers (so nock sees the real requests), continueOnFail/onError,
 * putExecutionToWait. Only what n8n's CLI provides (database, credentials store, HTTP server) is faked.
 *
 * This file is the harness's public face; the parts: types.ts (shapes), nodeTypes.ts (registry and
 * start node), credentials.ts (credentials helper), additionalData.ts (hooks, URLs),
 * buildEngine.ts (the workflow), runNode.ts (action nodes), webhookCall.ts (one webhook() call),
 * resume.ts (wait and resume by callback), deliver.ts (trigger deliveries).
 */
export { deliverToWebhook } from './deliver';
export { resumeWithWebhook } from './resume';
export { runNode } from './runNode';
export type { EngineNode, RunResult, StreamChunk } from './types';
