import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { InvalidParameterError } from '../../shared/errors';
import type { FileLimits } from '../../shared/files/inputFiles';
import { fileFromUrl, readFileInput, readFilesInput } from '../../shared/files/inputFiles';
import { getItemParameter } from '../../shared/itemParameters';
import { tryParseJson, describe, isPlainObject, setInputValue } from '../../shared/values';

// Input Source "Fields": the Start node's typed fields, from the Type list to the values of the
// run's input (read, named, converted and placed here, in one file).

/** The types of an input field, listed once: the Type dropdown shows them, convertFieldValue reads them. */
export const FIELD_TYPE_OPTIONS = [
	{
		name: 'Array',
		value: 'array',
		description: 'JSON text of an array, e.g. ["a", "b"]',
	},
	{ name: 'Boolean', value: 'boolean' },
	{
		name: 'File (Binary Property)',
		value: 'file',
		description: 'Value: the binary property of the incoming item holding the file (empty: data)',
	},
	{
		name: 'File URL',
		value: 'fileUrl',
		description: 'Value: an http(s) URL of the file',
	},
	{
		name: 'Files (Binary Properties)',
		value: 'files',
		description:
			'Value: comma-separated binary properties (empty: every binary of the item), sent as an array of files',
	},
	{ name: 'Integer', value: 'integer', description: 'A whole number' },
	{ name: 'JSON', value: 'json', description: 'Any JSON value' },
	{ name: 'Number', value: 'number' },
	{
		name: 'Object',
		value: 'object',
		description: 'JSON text of an object, e.g. {"a": 1}',
	},
	{ name: 'String', value: 'string' },
] as const;

export type FieldType = (typeof FIELD_TYPE_OPTIONS)[number]['value'];

export interface InputField {
	name?: unknown;
	type?: unknown;
	value?: unknown;
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
			return fileFromUrl(value, field);
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

export interface FieldToConvert {
	name: string;
	type: FieldType;
	/** As entered (text) or as an expression made it. */
	value: unknown;
	/** How messages name the field; default its name. */
	label?: string;
}

/**
 * One Start-node field → the JSON value GPTBots receives, whatever the input source. Async: a
 * `file`/`files` value names binary properties of item `itemIndex`, read through n8n's helpers.
 * Throws InvalidParameterError naming the field.
 */
export async function convertField(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: FieldToConvert,
	limits: FileLimits,
): Promise<unknown> {
	const label = field.label ?? field.name;
	switch (field.type) {
		case 'file': {
			const property =
				typeof field.value === 'string' && field.value.trim() ? field.value.trim() : 'data';
			return await readFileInput(ctx, itemIndex, property, label, limits);
		}
		case 'files':
			return await readFilesInput(ctx, itemIndex, field.value, label, limits);
		default:
			return convertFieldValue(field.value, field.type, label);
	}
}

/** The input from Input Source "Fields": every typed field of item `itemIndex`, converted. */
export async function readTypedFields(
	ctx: IExecuteFunctions,
	itemIndex: number,
	limits: FileLimits,
): Promise<IDataObject> {
	const input: IDataObject = {};
	const fields = namedFields(
		getItemParameter(ctx, 'inputFields.field', itemIndex, []) as InputField[],
	);
	for (const field of fields)
		setInputValue(input, field.name, await convertField(ctx, itemIndex, field, limits));
	return input;
}
