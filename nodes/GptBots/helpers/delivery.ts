import { createHash, timingSafeEqual } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { tryParseJson } from './json';
import { isPlainObject } from './workflowInput';

/** Compares a received secret with the expected one in constant time, whatever their lengths. */
export function secretMatches(received: unknown, expected: string): boolean {
	const value = Array.isArray(received) ? received[0] : received;
	if (typeof value !== 'string') return false;
	const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
	return timingSafeEqual(digest(value), digest(expected));
}

/** Run ids and statuses are short; a longer one is not a GPTBots delivery (and would bloat the de-dup store). */
const MAX_ID_LENGTH = 200;

const NUMERIC_FIELDS = ['totalCost', 'totalTokens', 'startTime', 'endTime', 'workflowExecutionTime'];
const JSON_FIELDS = ['input', 'output'];

export type Delivery = { ok: true; run: IDataObject } | { ok: false; reason: string };

/**
 * The run a webhook delivery carries: the JSON body of a POST, or the query parameters of a GET
 * (numbers and the JSON-encoded `input`/`output` restored). It must name a run and a status.
 */
export function readDelivery(method: string, body: unknown, query: unknown): Delivery {
	let run: IDataObject;
	if (method === 'GET') {
		if (!isPlainObject(query)) return { ok: false, reason: 'no query parameters' };
		run = { ...query };
		for (const field of NUMERIC_FIELDS) {
			if (typeof run[field] === 'string' && run[field] !== '' && Number.isFinite(Number(run[field]))) run[field] = Number(run[field]);
		}
		for (const field of JSON_FIELDS) {
			if (typeof run[field] !== 'string') continue;
			const parsed = tryParseJson(run[field] as string);
			if (parsed.ok) run[field] = parsed.value as IDataObject;
		}
	} else {
		if (!isPlainObject(body)) return { ok: false, reason: 'the body is not a JSON object' };
		run = body;
	}
	if (typeof run.workflowRunId !== 'string' || run.workflowRunId.trim() === '') {
		return { ok: false, reason: 'workflowRunId is missing' };
	}
	if (run.workflowRunId.length > MAX_ID_LENGTH) return { ok: false, reason: 'workflowRunId is too long' };
	if (typeof run.status !== 'string' || run.status === '') return { ok: false, reason: 'status is missing' };
	if (run.status.length > MAX_ID_LENGTH) return { ok: false, reason: 'status is too long' };
	return { ok: true, run };
}
