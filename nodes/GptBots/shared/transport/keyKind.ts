import type { IDataObject, INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { GptBotsRequest } from './apiError';
import type { GptBotsFailure } from './responses';

// Which product an API key belongs to. A key belongs to one agent or one workflow, and each
// product's endpoints refuse the other's keys; GET /v1/api-key/verify says which it is. The
// client asks only after a refusal (client.ts: wrongKeyError), so a right key costs nothing.

export type KeyKind = 'agent' | 'workflow';

export const VERIFY_PATH = '/v1/api-key/verify';

const NAMES: Record<KeyKind, { node: string; where: string }> = {
	agent: { node: 'GPTBots Agent', where: 'your agent → Integration → API → API Key' },
	workflow: { node: 'GPTBots Workflow', where: 'your workflow → Integration → API → API Key' },
};

/** A call refused for its key: HTTP 401/403, or an error code of that family in the body. */
export function isRefusal(failure: GptBotsFailure): boolean {
	if (failure.httpCode === 401 || failure.httpCode === 403) return true;
	return /^40[13]\d*$/.test(failure.apiCode ?? '') && (failure.apiCode ?? '').length > 3;
}

/**
 * The kind of key a verify answer names, wherever it puts it (plain or under `data`; `type`,
 * `entity_type`, `key_type` or `kind`; any case). Undefined when it names neither.
 */
export function keyKindOf(body: IDataObject): KeyKind | undefined {
	const places = [body, body.data].filter(
		(value): value is IDataObject => value !== null && typeof value === 'object',
	);
	for (const place of places) {
		for (const key of ['type', 'entity_type', 'entityType', 'key_type', 'keyType', 'kind']) {
			const value = place[key];
			if (typeof value !== 'string') continue;
			if (/agent|bot/i.test(value)) return 'agent';
			if (/workflow|flow/i.test(value)) return 'workflow';
		}
	}
	return undefined;
}

/** GET /v1/api-key/verify: which agent or workflow the key belongs to (no side effects). */
export async function verifyKey(
	client: { request(req: GptBotsRequest, itemIndex: number): Promise<IDataObject> },
	itemIndex: number,
	timeoutMs = 30_000,
): Promise<IDataObject> {
	return await client.request(
		{ method: 'GET', path: VERIFY_PATH, timeoutMs, idempotent: true },
		itemIndex,
	);
}

/** The error for a key of the other product: which node it serves, and where the right key is. */
export function wrongKeyError(
	node: INode,
	needed: KeyKind,
	actual: KeyKind,
	itemIndex: number,
): NodeApiError {
	const message = `The API key in the GPTBots API credential belongs to ${actual === 'agent' ? 'an agent' : 'a workflow'}, not ${needed === 'agent' ? 'an agent' : 'a workflow'}`;
	const error = new NodeApiError(
		node,
		{ message, kind: 'wrongKey', httpCode: '403' },
		{
			message,
			description: `The ${NAMES[needed].node} node needs the API key of ${needed === 'agent' ? 'an agent' : 'a workflow'} (GPTBots: ${NAMES[needed].where}). A ${actual} key works with the ${NAMES[actual].node} node.`,
			httpCode: '403',
			itemIndex,
		},
	);
	error.message = message;
	return error;
}
