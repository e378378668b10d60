import type { IDataObject } from 'n8n-workflow';

// Plain values: JSON text parsed, what a value is, and how a message describes it.

export function isPlainObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A value as a message shows it: its kind, an object's first fields, a short quote of text. */
export function describe(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'object') {
		const keys = Object.keys(value);
		if (keys.length === 0) return 'an empty object';
		return `an object with the fields ${keys.slice(0, 10).join(', ')}${keys.length > 10 ? ', …' : ''}`;
	}
	const text =
		typeof value === 'string'
			? `"${value.length > 40 ? value.slice(0, 40) + '…' : value}"`
			: String(value);
	return `${typeof value} ${text}`;
}

/** Sets a key with defineProperty, not assignment: a field may be called "__proto__". */
export function setInputValue(input: IDataObject, name: string, value: unknown): void {
	Object.defineProperty(input, name, {
		value,
		enumerable: true,
		writable: true,
		configurable: true,
	});
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; reason: string };

/** JSON.parse without throwing, so callers can word the error for the field they read. */
export function tryParseJson(text: string): JsonParse {
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch (error) {
		// Node's message may quote the text around the mistake (`…, "{"X": abc…" is not valid
		// JSON`): keep only what precedes the quote, as that text may hold a secret.
		return { ok: false, reason: (error as Error).message.replace(/,?\s*(\.\.\.)?".*$/s, '') };
	}
}

/**
 * A string that holds JSON, parsed; anything else, or text that is not JSON, as it is. With
 * `scalars` false only objects and arrays are parsed: "42" or "true" stay text.
 */
export function parseJsonText(value: unknown, { scalars }: { scalars: boolean }): unknown {
	if (typeof value !== 'string') return value;
	const text = value.trim();
	if (!scalars && !text.startsWith('{') && !text.startsWith('[')) return value;
	const parsed = tryParseJson(text);
	return parsed.ok ? parsed.value : value;
}
