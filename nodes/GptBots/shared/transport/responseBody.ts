import type { GptBotsFailure } from './responses';
import { interpretRequestError } from './responses';

// A response body as n8n's request helper hands it: text, a buffer or (encoding "stream") a stream.

export function isJsonContent(headers: Record<string, unknown>): boolean {
	const type = String(headers['content-type'] ?? '').toLowerCase();
	return type.includes('application/json');
}

/** A body as chunks: a stream as it is, anything else (text, a buffer) as one chunk. */
export function chunksOf(body: unknown): AsyncIterable<Uint8Array | string> {
	if (body !== null && typeof body === 'object' && Symbol.asyncIterator in body)
		return body as AsyncIterable<Uint8Array | string>;
	return (async function* () {
		yield bodyToText(body);
	})();
}

/** A streamed body read whole (an error answer); a failure if it breaks off. */
export async function readWhole(
	body: unknown,
	timeoutMs: number,
	redact: (text: string) => string,
): Promise<string | GptBotsFailure> {
	const chunks: Buffer[] = [];
	try {
		for await (const chunk of chunksOf(body)) chunks.push(Buffer.from(chunk));
	} catch (error) {
		return interpretRequestError(error, timeoutMs, redact);
	}
	return Buffer.concat(chunks).toString('utf8');
}

export function bodyToText(body: unknown): string {
	if (body === undefined || body === null) return '';
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	return typeof body === 'object' ? JSON.stringify(body) : String(body);
}
