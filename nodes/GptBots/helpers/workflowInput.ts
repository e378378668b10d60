import type { IDataObject } from 'n8n-workflow';

import { InvalidParameterError } from './inputError';
import { tryParseJson } from './json';

export type FieldType = 'string' | 'number' | 'boolean' | 'json';

export interface InputField {
	name?: unknown;
	type?: unknown;
	value?: unknown;
}

export function isPlainObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(value: unknown): string {
	if (Array.isArray(value)) return 'an array';
	if (value === null) return 'null';
	const text = typeof value === 'string' ? `"${value.length > 40 ? value.slice(0, 40) + '…' : value}"` : String(value);
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
			const text = String(value ?? '').trim().toLowerCase();
			if (['true', '1', 'yes'].includes(text)) return true;
			if (['false', '0', 'no'].includes(text)) return false;
			throw new InvalidParameterError(field, `expected true or false, got ${describe(value)}`);
		}
		case 'json': {
			if (typeof value !== 'string') return value ?? null;
			const parsed = tryParseJson(value);
			if (!parsed.ok) throw new InvalidParameterError(field, `is not valid JSON (${parsed.reason})`);
			return parsed.value;
		}
		default:
			throw new InvalidParameterError(field, `unknown type "${String(type)}"`);
	}
}

/** The workflow's Start-node input from typed key/value fields; names must be unique and non-empty. */
export function buildInputFromFields(fields: InputField[]): IDataObject {
	const input: IDataObject = {};
	fields.forEach((entry, index) => {
		const name = typeof entry.name === 'string' ? entry.name.trim() : '';
		const label = `Input Fields › field ${index + 1}${name ? ` (${name})` : ''}`;
		if (name === '') throw new InvalidParameterError(label, 'the name is empty');
		if (Object.prototype.hasOwnProperty.call(input, name)) {
			throw new InvalidParameterError(label, `the name "${name}" is used twice`);
		}
		// defineProperty, not assignment: a field may be called "__proto__".
		Object.defineProperty(input, name, {
			value: convertFieldValue(entry.value, (entry.type ?? 'string') as FieldType, label),
			enumerable: true,
			writable: true,
			configurable: true,
		});
	});
	return input;
}

/** The input from the JSON parameter: text or an already-parsed value, which must be an object. */
export function parseInputJson(value: unknown): IDataObject {
	let parsed = value;
	if (typeof value === 'string') {
		if (value.trim() === '') throw new InvalidParameterError('Input (JSON)', 'is empty: enter a JSON object such as {"topic": "news"}');
		const result = tryParseJson(value);
		if (!result.ok) throw new InvalidParameterError('Input (JSON)', `is not valid JSON (${result.reason})`);
		parsed = result.value;
	}
	if (!isPlainObject(parsed)) {
		throw new InvalidParameterError('Input (JSON)', `must be a JSON object, got ${describe(parsed)}`);
	}
	return parsed;
}

export type InputSource = 'fields' | 'json' | 'item';

/** What GPTBots receives as `input` for one item, whichever source the user chose. */
export function buildWorkflowInput(
	source: InputSource,
	values: { fields?: InputField[]; json?: unknown; item?: IDataObject },
): IDataObject {
	switch (source) {
		case 'fields':
			return buildInputFromFields(values.fields ?? []);
		case 'json':
			return parseInputJson(values.json);
		case 'item':
			return { ...(values.item ?? {}) };
		default:
			throw new InvalidParameterError('Input Source', `unknown value "${String(source)}"`);
	}
}
