import type { IDataObject } from 'n8n-workflow';

import { tryParseJson, describe, isPlainObject } from './values';
import { normaliseRun, runIdOf } from './runShape';

/*
 * GPTBots does not document what it sends to a webhook. This reader finds the run in any
 * plausible delivery: the body itself, wrapped under `data` or `result` (with or without
 * `code`/`msg`), JSON sent as text or with no content type, a form body, or GET query parameters;
 * in camelCase or snake_case. It is pure: the trigger and "wait by callback" both use it.
 */

/** A delivery as the webhook received it. */
export interface ReceivedDelivery {
	method: string;
	contentType?: unknown;
	/** What n8n parsed: an object (JSON, form), a string (text/plain), or {} when it parsed nothing. */
	body: unknown;
	/** The bytes n8n kept, when it did not parse the body (another or no content type). */
	rawBody?: unknown;
	query: unknown;
}

export type DeliveryReading =
	| { ok: true; runId: string; run: IDataObject; foundIn: string; raw: IDataObject }
	| { ok: false; reason: string; raw: IDataObject };

/** Run and message ids are short; a longer one is not a GPTBots delivery (and would bloat the de-dup store). */
export const MAX_ID_LENGTH = 200;
const WRAPPERS = ['data', 'result'];
const MAX_DEPTH = 2;

export const LOOKED_FOR =
	'no run found: looked for workflowRunId (or workflow_run_id) in the body, under its "data" or "result" field, in a JSON, text or form body, and in the query parameters';

function bytesToText(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (Buffer.isBuffer(value)) return value.toString('utf8');
	return undefined;
}

/** JSON text, else form text (`a=1&b=2`), else undefined. */
function decodeText(text: string): unknown {
	const trimmed = text.trim();
	if (trimmed === '') return undefined;
	const parsed = tryParseJson(trimmed);
	if (parsed.ok) return parsed.value;
	if (/^[^=&\s]+=/.test(trimmed)) return Object.fromEntries(new URLSearchParams(trimmed));
	return undefined;
}

/** The body as data: n8n's parse when it made one, else the text it kept, decoded. */
function decodeBody(delivery: ReceivedDelivery): { value: unknown; asReceived: unknown } {
	const { body } = delivery;
	const bodyText = bytesToText(body);
	if (bodyText !== undefined) return { value: decodeText(bodyText), asReceived: bodyText };
	const parsedSomething =
		body !== undefined && body !== null && !(isPlainObject(body) && Object.keys(body).length === 0);
	if (parsedSomething) return { value: body, asReceived: body };
	const rawText = bytesToText(delivery.rawBody);
	if (rawText !== undefined && rawText.trim() !== '')
		return { value: decodeText(rawText), asReceived: rawText };
	return { value: undefined, asReceived: body ?? null };
}

/** The object itself, then what it wraps under `data`/`result` (JSON text unwrapped too). */
function candidates(
	value: unknown,
	label: string,
	depth = 0,
): Array<{ object: IDataObject; label: string }> {
	const object = typeof value === 'string' ? decodeText(value) : value;
	if (!isPlainObject(object)) return [];
	const found = [{ object, label }];
	if (depth >= MAX_DEPTH) return found;
	for (const key of WRAPPERS) {
		if (object[key] !== undefined)
			found.push(...candidates(object[key], `${label}.${key}`, depth + 1));
	}
	return found;
}

function withoutKeys(query: unknown, ignored: readonly string[]): IDataObject {
	if (!isPlainObject(query)) return {};
	return Object.fromEntries(Object.entries(query).filter(([key]) => !ignored.includes(key)));
}

/** What a delivery holds: every object that may be the payload, in order, and the delivery as received. */
export interface DeliveryContents {
	candidates: Array<{ object: IDataObject; label: string }>;
	raw: IDataObject;
	/** what came, in words, for a refusal: "received … in the body and … query parameters" */
	received: string;
}

/**
 * The objects a delivery may carry its payload in: the body (JSON, text or form; or the bytes n8n
 * kept), then what it wraps under `data`/`result`, then the query parameters. `ignoreQuery` names
 * query parameters that are not the sender's (e.g. n8n's resume signature). Both triggers read
 * their deliveries through this.
 */
export function deliveryContents(
	delivery: ReceivedDelivery,
	ignoreQuery: readonly string[] = [],
): DeliveryContents {
	const method = delivery.method.toUpperCase();
	const query = withoutKeys(delivery.query, ignoreQuery);
	const body = decodeBody(delivery);
	const raw: IDataObject = {
		method,
		contentType: typeof delivery.contentType === 'string' ? delivery.contentType : null,
		body: body.asReceived as IDataObject,
		query,
	};
	const text = typeof body.asReceived === 'string' && body.asReceived.trim() !== '';
	const inBody =
		body.value === undefined && text
			? 'text that is neither JSON nor form data'
			: describe(body.value);
	const names = Object.keys(query);
	const inQuery = names.length
		? `the query parameters ${names.slice(0, 10).join(', ')}`
		: 'no query parameters';
	return {
		candidates: [...candidates(body.value, 'body'), ...candidates(query, 'query')],
		raw,
		received: `received ${inBody} in the body and ${inQuery}`,
	};
}

/** Finds and normalises the run a delivery carries. The delivery as received is kept in `raw`. */
export function readDelivery(
	delivery: ReceivedDelivery,
	ignoreQuery: readonly string[] = [],
): DeliveryReading {
	const { candidates: inDelivery, raw, received } = deliveryContents(delivery, ignoreQuery);
	const found = inDelivery.find(({ object }) => runIdOf(object) !== '');
	if (!found) return { ok: false, reason: `${LOOKED_FOR}; ${received}`, raw };
	const runId = runIdOf(found.object);
	if (runId.length > MAX_ID_LENGTH)
		return { ok: false, reason: 'workflowRunId is too long to be a GPTBots run id', raw };
	const run = normaliseRun(found.object);
	run.workflowRunId = runId;
	if (typeof run.status === 'string' && run.status.length > MAX_ID_LENGTH) {
		return { ok: false, reason: 'status is too long to be a GPTBots status', raw };
	}
	return { ok: true, runId, run, foundIn: found.label, raw };
}
