import type { IDataObject } from 'n8n-workflow';

// Plain values: what a value is, and how to describe it in a message.

export function isPlainObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A value as a message shows it: its kind, and a short quote of text. */
export function describe(value: unknown): string {
	if (Array.isArray(value)) return 'an array';
	if (value === null) return 'null';
	if (typeof value === 'object') return 'an object';
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
