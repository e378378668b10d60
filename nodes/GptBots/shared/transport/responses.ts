import type { IDataObject } from 'n8n-workflow';

import { tryParseJson } from '../values';

/** Why a call to GPTBots did not give usable data. Each kind is reported differently. */
export type FailureKind =
	| 'http' // non-2xx status
	| 'apiCode' // 2xx with a non-zero `code` in the body
	| 'nonJson' // a body that is not JSON
	| 'network' // no HTTP answer: refused, reset, DNS
	| 'timeout'; // no answer within the time-out

export interface GptBotsFailure {
	kind: FailureKind;
	message: string;
	httpCode?: number;
	apiCode?: string;
	/** Milliseconds the server asked us to wait (Retry-After), if it said. */
	retryAfterMs?: number;
	/** Network error code (ECONNREFUSED, ECONNRESET, ...). */
	networkCode?: string;
}

export type Interpreted = { ok: true; data: IDataObject } | { ok: false; failure: GptBotsFailure };

const SNIPPET_LENGTH = 160;

function snippet(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > SNIPPET_LENGTH ? `${flat.slice(0, SNIPPET_LENGTH)}…` : flat;
}

/** Retry-After is either delay-seconds (possibly fractional here) or an HTTP date. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string' && typeof text !== 'number') return undefined;
	const raw = String(text).trim();
	if (raw === '') return undefined;
	const seconds = Number(raw);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(raw);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function apiMessage(body: IDataObject): string | undefined {
	for (const key of ['message', 'msg', 'error_message', 'error']) {
		const value = body[key];
		if (typeof value === 'string' && value !== '') return value;
	}
	return undefined;
}

function hasErrorCode(body: IDataObject): boolean {
	const code = body.code;
	if (code === undefined || code === null) return false;
	return String(code).trim() !== '0' && String(code).trim() !== '200';
}

/** Turns a raw HTTP answer into data or one of the distinct failure kinds. */
export function interpretResponse(
	statusCode: number,
	rawBodyText: string,
	headers: Record<string, unknown> = {},
	redact: (text: string) => string = (text) => text,
): Interpreted {
	// Before anything is parsed or cut short: a secret cut in two could not be found any more.
	const bodyText = redact(rawBodyText);
	const result = bodyText.trim() === '' ? undefined : tryParseJson(bodyText);
	const parsed = result?.ok === true;
	const body = result?.ok ? result.value : undefined;
	const object = parsed && body !== null && typeof body === 'object' && !Array.isArray(body);
	const retryAfterMs = parseRetryAfter(headers['retry-after']);

	if (statusCode < 200 || statusCode > 299) {
		const fromBody = object ? apiMessage(body as IDataObject) : undefined;
		const apiCode =
			object && hasErrorCode(body as IDataObject) ? String((body as IDataObject).code) : undefined;
		const detail = fromBody ?? (bodyText.trim() ? snippet(bodyText) : 'no body');
		return {
			ok: false,
			failure: {
				kind: 'http',
				httpCode: statusCode,
				apiCode,
				retryAfterMs,
				message: `GPTBots answered HTTP ${statusCode}${apiCode ? ` (code ${apiCode})` : ''}: ${detail}`,
			},
		};
	}
	if (!object) {
		const type = String(headers['content-type'] ?? 'no content type');
		return {
			ok: false,
			failure: {
				kind: 'nonJson',
				httpCode: statusCode,
				message: `GPTBots answered HTTP ${statusCode} with a body that is not a JSON object (${type}): ${bodyText.trim() ? snippet(bodyText) : 'empty body'}`,
			},
		};
	}
	const data = body as IDataObject;
	if (hasErrorCode(data)) {
		const code = String(data.code);
		return {
			ok: false,
			failure: {
				kind: 'apiCode',
				httpCode: statusCode,
				apiCode: code,
				message: `GPTBots returned error code ${code}: ${apiMessage(data) ?? 'no message'}`,
			},
		};
	}
	return { ok: true, data };
}

const NETWORK_CODES = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'EPIPE',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'UND_ERR_SOCKET',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

function findErrorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/** Classifies an error thrown by the HTTP client before any answer arrived. */
export function interpretRequestError(
	error: unknown,
	timeoutMs: number,
	redact: (text: string) => string = (text) => text,
): GptBotsFailure {
	const code = findErrorCode(error);
	const text = redact(error instanceof Error ? error.message : String(error));
	const timedOut =
		code === 'ETIMEDOUT' ||
		code === 'ESOCKETTIMEDOUT' ||
		code === 'ECONNABORTED' ||
		/timeout|timed out/i.test(text);
	if (timedOut) {
		return {
			kind: 'timeout',
			networkCode: code ?? 'ETIMEDOUT',
			message: `GPTBots did not answer within ${Math.round(timeoutMs / 100) / 10} s`,
		};
	}
	return {
		kind: 'network',
		networkCode: code,
		message: `Could not get an answer from GPTBots (${code ?? 'network error'}): ${snippet(text)}`,
	};
}
