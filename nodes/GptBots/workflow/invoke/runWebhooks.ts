import type { IDataObject } from 'n8n-workflow';

import { InvalidParameterError } from '../../shared/errors';
import { tryParseJson, isPlainObject } from '../../shared/values';

export const MAX_WEBHOOKS = 5;

export const WEBHOOK_METHODS = ['POST', 'GET', 'PUT', 'PATCH'] as const;

export interface WebhookEntry {
	method?: unknown;
	url?: unknown;
	headers?: unknown;
}

export interface GptBotsWebhook extends IDataObject {
	method: string;
	url: string;
	headers: IDataObject;
}

function parseHeaders(value: unknown, label: string): IDataObject {
	let headers = value;
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === ''))
		return {};
	if (typeof value === 'string') {
		const parsed = tryParseJson(value);
		if (!parsed.ok)
			throw new InvalidParameterError(`${label} › Headers`, `is not valid JSON (${parsed.reason})`);
		headers = parsed.value;
	}
	if (!isPlainObject(headers)) {
		throw new InvalidParameterError(
			`${label} › Headers`,
			'must be a JSON object such as {"X-Secret": "…"}',
		);
	}
	for (const [name, headerValue] of Object.entries(headers)) {
		if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
			throw new InvalidParameterError(`${label} › Headers`, `"${name}" is not a valid header name`);
		}
		if (
			typeof headerValue !== 'string' &&
			typeof headerValue !== 'number' &&
			typeof headerValue !== 'boolean'
		) {
			throw new InvalidParameterError(`${label} › Headers`, `the value of "${name}" must be text`);
		}
		if (/[\r\n\0]/.test(String(headerValue))) {
			throw new InvalidParameterError(
				`${label} › Headers`,
				`the value of "${name}" must not contain line breaks`,
			);
		}
		headers[name] = String(headerValue);
	}
	return headers;
}

export function parseWebhookUrl(value: unknown, label: string): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === '') throw new InvalidParameterError(`${label} › URL`, 'is empty');
	const url = URL.canParse(text) ? new URL(text) : undefined;
	if (!url) throw new InvalidParameterError(`${label} › URL`, `"${text}" is not a valid URL`);
	if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
		throw new InvalidParameterError(
			`${label} › URL`,
			`"${text}" must be an http:// or https:// URL`,
		);
	}
	return text;
}

/**
 * Checks the user's webhooks before anything is sent: at most `MAX_WEBHOOKS - reserved` of them
 * (the callback mode reserves one for n8n's resume URL), known methods, http(s) URLs, headers a
 * JSON object of text values.
 */
export function buildWebhookList(entries: WebhookEntry[], reserved = 0): GptBotsWebhook[] {
	const allowed = MAX_WEBHOOKS - reserved;
	if (entries.length > allowed) {
		throw new InvalidParameterError(
			'Webhooks',
			`GPTBots accepts at most ${MAX_WEBHOOKS} webhooks per run${reserved ? ` and this mode uses ${reserved} for n8n's resume URL` : ''}: ${entries.length} given, at most ${allowed} allowed`,
		);
	}
	return entries.map((entry, index) => {
		const label = `Webhooks › webhook ${index}`;
		const method = String(entry.method ?? 'POST').toUpperCase();
		if (!(WEBHOOK_METHODS as readonly string[]).includes(method)) {
			throw new InvalidParameterError(
				`${label} › Method`,
				`"${method}" is not one of ${WEBHOOK_METHODS.join(', ')}`,
			);
		}
		return {
			method,
			url: parseWebhookUrl(entry.url, label),
			headers: parseHeaders(entry.headers, label),
		};
	});
}
