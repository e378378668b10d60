import type { IDataObject } from 'n8n-workflow';

import { describeFileFormats, extensionOf, fileNameFromUrl, isKnownFormat } from './fileFormats';
import { InvalidParameterError } from './inputError';
import { tryParseJson } from './json';

export const FIELD_TYPES = [
	'string',
	'number',
	'integer',
	'boolean',
	'json',
	'array',
	'object',
	'file',
	'files',
	'fileUrl',
] as const;

export type FieldType = (typeof FIELD_TYPES)[number];

/** Types whose value names binary properties of the incoming item: they need n8n's binary helpers. */
export const BINARY_FIELD_TYPES: readonly FieldType[] = ['file', 'files'];

export interface InputField {
	name?: unknown;
	type?: unknown;
	value?: unknown;
}

export function isPlainObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

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

/** Converts one field's value (text in the UI, anything from an expression) to its declared type. */
export function convertFieldValue(value: unknown, type: FieldType, field: string): unknown {
	switch (type) {
		case 'string':
			if (value === undefined || value === null) return '';
			return typeof value === 'object' ? JSON.stringify(value) : String(value);
		case 'number': {
			if (typeof value === 'number' && Number.isFinite(value)) return value;
			const text = typeof value === 'string' ? value.trim() : '';
			const number = text === '' ? NaN : Number(text);
			if (!Number.isFinite(number)) {
				throw new InvalidParameterError(field, `expected a number, got ${describe(value)}`);
			}
			return number;
		}
		case 'boolean': {
			if (typeof value === 'boolean') return value;
			const text = String(value ?? '')
				.trim()
				.toLowerCase();
			if (['true', '1', 'yes'].includes(text)) return true;
			if (['false', '0', 'no'].includes(text)) return false;
			throw new InvalidParameterError(field, `expected true or false, got ${describe(value)}`);
		}
		case 'integer': {
			if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
			const text = typeof value === 'string' ? value.trim() : '';
			const number = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
			if (!Number.isSafeInteger(number)) {
				throw new InvalidParameterError(field, `expected a whole number, got ${describe(value)}`);
			}
			return number;
		}
		case 'json':
			return parseJsonValue(value, field);
		case 'array': {
			const parsed = parseJsonValue(value, field);
			if (!Array.isArray(parsed))
				throw new InvalidParameterError(
					field,
					`expected a JSON array such as ["a", "b"], got ${describe(parsed)}`,
				);
			return parsed;
		}
		case 'object': {
			const parsed = parseJsonValue(value, field);
			if (!isPlainObject(parsed))
				throw new InvalidParameterError(
					field,
					`expected a JSON object such as {"a": 1}, got ${describe(parsed)}`,
				);
			return parsed;
		}
		case 'fileUrl':
			return fileUrlInput(value, field);
		case 'file':
		case 'files':
			throw new InvalidParameterError(
				field,
				`type "${type}" needs the incoming item's binary data`,
			);
		default:
			throw new InvalidParameterError(field, `unknown type "${String(type)}"`);
	}
}

function parseJsonValue(value: unknown, field: string): unknown {
	if (typeof value !== 'string') return value ?? null;
	const parsed = tryParseJson(value);
	if (!parsed.ok) throw new InvalidParameterError(field, `is not valid JSON (${parsed.reason})`);
	return parsed.value;
}

/** A file given by its http(s) URL, as GPTBots' file objects carry it: `{format, name, url}`. */
export function fileUrlInput(value: unknown, field: string): IDataObject {
	const url = typeof value === 'string' ? value.trim() : '';
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
		throw new InvalidParameterError(
			field,
			`expected an http(s) URL of a file, got ${describe(value)}`,
		);
	}
	const name = fileNameFromUrl(url);
	const format = extensionOf(name);
	if (!isKnownFormat(format)) {
		throw new InvalidParameterError(
			field,
			`the URL's file name "${name}" has ${format ? `format "${format}"` : 'no extension'}; GPTBots accepts ${describeFileFormats()}`,
		);
	}
	return { format, name, url };
}

export interface NamedField {
	name: string;
	type: FieldType;
	value: unknown;
	/** How messages name it, e.g. "Input Fields › field 1 (doc), counted from 0 like items". */
	label: string;
}

/** Checks the fields' names (non-empty, unique) and gives each its label; values are not touched. */
export function namedFields(fields: InputField[]): NamedField[] {
	const seen = new Set<string>();
	return fields.map((entry, index) => {
		const name = typeof entry.name === 'string' ? entry.name.trim() : '';
		const label = `Input Fields › field ${index}${name ? ` (${name})` : ''}`;
		if (name === '') throw new InvalidParameterError(label, 'the name is empty');
		if (seen.has(name)) throw new InvalidParameterError(label, `the name "${name}" is used twice`);
		seen.add(name);
		return { name, type: (entry.type ?? 'string') as FieldType, value: entry.value, label };
	});
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

/** The workflow's Start-node input from typed key/value fields without files (see fieldValue.ts for files). */
export function buildInputFromFields(fields: InputField[]): IDataObject {
	const input: IDataObject = {};
	for (const field of namedFields(fields))
		setInputValue(input, field.name, convertFieldValue(field.value, field.type, field.label));
	return input;
}

/** The input from the JSON parameter: text or an already-parsed value, which must be an object. */
export function parseInputJson(value: unknown): IDataObject {
	let parsed = value;
	if (typeof value === 'string') {
		if (value.trim() === '')
			throw new InvalidParameterError(
				'Input (JSON)',
				'is empty: enter a JSON object such as {"topic": "news"}',
			);
		const result = tryParseJson(value);
		if (!result.ok)
			throw new InvalidParameterError('Input (JSON)', `is not valid JSON (${result.reason})`);
		parsed = result.value;
	}
	if (!isPlainObject(parsed)) {
		throw new InvalidParameterError(
			'Input (JSON)',
			`must be a JSON object, got ${describe(parsed)}`,
		);
	}
	return parsed;
}
