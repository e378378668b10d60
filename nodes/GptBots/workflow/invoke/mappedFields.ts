import type { FieldType as MapperType, IDataObject, ResourceMapperField } from 'n8n-workflow';

import { InvalidParameterError } from '../../shared/errors';
import type { InferredField, InferredType, RecentInputs } from '../methods/inputInference';
import { STALE_AFTER_RUNS, describeField } from '../methods/inputInference';
import { fileFromUrl } from '../../shared/files/inputFiles';
import type { FieldType } from './fieldTypes';
import { convertFieldValue } from './fieldTypes';
import { describe, isPlainObject } from '../../shared/values';

/*
 * Input source "Fields from Recent Runs": n8n's resource mapper shows the fields learned from the
 * run logs; each mapped value is converted by the field's type, as in Fields mode.
 */

/**
 * The mapper's widget per inferred type. The type is saved with the workflow in the mapper's
 * schema, so it also decides the conversion at run time. A file field is shown as a URL.
 */
const MAPPER_TYPES: Record<InferredType, MapperType | undefined> = {
	string: 'string',
	number: 'number',
	integer: 'number',
	boolean: 'boolean',
	object: 'object',
	array: 'array',
	file: 'url',
	mixed: undefined,
};

/** The type $fromAI asks the model for (it knows string, number, boolean, json). */
const FROM_AI_TYPES: Record<InferredType, string> = {
	string: 'string',
	number: 'number',
	integer: 'number',
	boolean: 'boolean',
	object: 'json',
	array: 'json',
	file: 'string',
	mixed: 'string',
};

/** A `$fromAI` key may hold letters, digits, `_` and `-` (at most 64). */
export function fromAiKey(name: string): string {
	return name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64) || 'field';
}

/** `={{ $fromAI(key, description, type) }}` for a field, the description inferred from recent values. */
export function fromAiExpression(field: InferredField, runsRead: number): string {
	const description = describeField(field, runsRead).replace(/[`\\]/g, "'");
	return `={{ $fromAI('${fromAiKey(field.name)}', \`${description}\`, '${FROM_AI_TYPES[field.type]}') }}`;
}

/** The resource mapper's fields; with `forTool`, each field's default value leaves it to the model. */
export function toMapperFields(recent: RecentInputs, forTool = false): ResourceMapperField[] {
	return recent.fields.map((field) => ({
		id: field.name,
		// The editor names a field's $fromAI key after its display name: keep it the key itself.
		displayName: field.stale
			? `${field.name} (not sent in the last ${STALE_AFTER_RUNS} runs)`
			: field.name,
		required: field.always && !field.stale,
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: true,
		type: MAPPER_TYPES[field.type],
		removed: field.stale,
		// Without a default value n8n's editor fills an untouched boolean with false, which would
		// then be sent; null leaves it empty. As a tool, the model fills every field.
		defaultValue: forTool ? fromAiExpression(field, recent.runsRead) : null,
	}));
}

export const NO_RUNS_NOTICE =
	'No API runs of this workflow in the last 30 days, so there are no fields to propose. Run it once with Input Source "Fields" or "JSON" (names exactly as in the Start node), then refresh this list.';

/** How a value of a mapper type is converted: by Fields mode's conversion where one fits. */
const FIELD_TYPES: Partial<Record<MapperType, FieldType>> = {
	string: 'string',
	number: 'number',
	boolean: 'boolean',
	object: 'json',
	array: 'json',
};

/** One mapped value converted by its field's mapper type; undefined when the value is left empty. */
export function convertMappedValue(
	value: unknown,
	type: MapperType | undefined,
	label: string,
): unknown {
	if (value === undefined || value === null) return undefined;
	if (value === '' && type !== 'string') return undefined;
	// A file field: a file object as GPTBots takes it, or an http(s) URL made into one.
	if (type === 'url') return isPlainObject(value) ? value : fileFromUrl(value, label);
	const fieldType = type === undefined ? undefined : FIELD_TYPES[type];
	if (fieldType === undefined) return value;
	const converted = convertFieldValue(value, fieldType, label);
	if (type === 'object' && !isPlainObject(converted))
		throw new InvalidParameterError(label, `expected a JSON object, got ${describe(converted)}`);
	if (type === 'array' && !Array.isArray(converted))
		throw new InvalidParameterError(label, `expected a JSON array, got ${describe(converted)}`);
	return converted;
}

export interface MappingValue {
	value?: IDataObject | null;
	schema?: Array<Pick<ResourceMapperField, 'id' | 'type' | 'removed'>>;
}

export interface MappedField {
	name: string;
	value: unknown;
	/** The mapper type saved with the workflow: it decides the conversion. */
	type: MapperType | undefined;
	label: string;
}

/** The mapper's set fields, each with its saved type. */
export function mappedFields(mapping: MappingValue | undefined): MappedField[] {
	const types = new Map((mapping?.schema ?? []).map((field) => [field.id, field.type]));
	return Object.entries(mapping?.value ?? {}).map(([name, value]) => ({
		name,
		value,
		type: types.get(name),
		label: `Fields from Recent Runs › ${name}`,
	}));
}

/** A file field whose value is neither a URL nor a file object: a binary property of the item. */
export function isBinaryReference(field: MappedField): boolean {
	if (field.type !== 'url' || typeof field.value !== 'string') return false;
	const text = field.value.trim();
	return text !== '' && !/^https?:\/\//i.test(text) && !text.startsWith('{');
}
