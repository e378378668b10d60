import type { IDataObject } from 'n8n-workflow';

import { parseJsonText, isPlainObject } from '../../shared/values';

/*
 * What the Start node expects, learned from the inputs of recent runs (GPTBots publishes no
 * schema endpoint). Pure: rows in, fields out.
 */

export type InferredType =
	| 'string'
	| 'number'
	| 'integer'
	| 'boolean'
	| 'object'
	| 'array'
	| 'file'
	| 'mixed';

export interface InferredField {
	name: string;
	type: InferredType;
	/** Every type its values had, newest first (more than one only for number+integer, file+object, or mixed). */
	seenTypes: InferredType[];
	/** How many of the runs read sent this key. */
	runs: number;
	/** Sent by every run read. */
	always: boolean;
	/** Not sent by any of the most recent runs: probably no longer used by the workflow. */
	stale: boolean;
	/** A few recent values, shortened, for descriptions. */
	examples: string[];
}

export interface RecentInputs {
	/** Runs whose input could be read. */
	runsRead: number;
	fields: InferredField[];
}

/** A key absent from this many newest runs counts as no longer used (never with fewer runs read). */
export const STALE_AFTER_RUNS = 5;

const MAX_EXAMPLES = 3;

/** GPTBots passes a file as `{format, url}` or `{format, base64_content}` (plus an optional name). */
export function isFileObject(value: unknown): boolean {
	return (
		isPlainObject(value) &&
		typeof value.format === 'string' &&
		(typeof value.url === 'string' ||
			typeof value.base64_content === 'string' ||
			// a file being sent holds its bytes until written into the body (transport/jsonBody.ts)
			(typeof value.base64_content === 'object' && value.base64_content !== null))
	);
}

/** The type of one value; undefined for null (it says nothing about the type). */
export function valueType(value: unknown): InferredType | undefined {
	if (value === null || value === undefined) return undefined;
	if (typeof value === 'boolean') return 'boolean';
	if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
	if (typeof value === 'string') return 'string';
	if (Array.isArray(value)) return 'array';
	return isFileObject(value) ? 'file' : 'object';
}

/** One type for all values of a key: integer widens to number, file to object; others clash. */
export function mergeTypes(types: InferredType[]): InferredType {
	const distinct = new Set(types);
	if (distinct.size === 0) return 'string';
	if (distinct.size === 1) return types[0];
	if ([...distinct].every((t) => t === 'number' || t === 'integer')) return 'number';
	if ([...distinct].every((t) => t === 'object' || t === 'file')) return 'object';
	return 'mixed';
}

function shorten(value: unknown): string {
	const text =
		typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
	return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** A run-log row's input as an object (the API sends it as a JSON string), or undefined. */
export function rowInput(row: IDataObject): IDataObject | undefined {
	const input = parseJsonText(row.input, { scalars: true });
	return isPlainObject(input) ? input : undefined;
}

/** The fields of the inputs in `rows` (newest first), in the order they were first seen from the newest run back. */
export function inferRecentInputs(rows: IDataObject[]): RecentInputs {
	const inputs = rows.map(rowInput).filter((input): input is IDataObject => input !== undefined);
	const recentWindow = Math.min(STALE_AFTER_RUNS, inputs.length);
	const seen = new Map<
		string,
		{ types: InferredType[]; runs: number; newestRun: number; examples: string[] }
	>();
	inputs.forEach((input, runIndex) => {
		for (const [name, value] of Object.entries(input)) {
			let entry = seen.get(name);
			if (!entry) {
				entry = { types: [], runs: 0, newestRun: runIndex, examples: [] };
				seen.set(name, entry);
			}
			entry.runs += 1;
			const type = valueType(value);
			if (type && !entry.types.includes(type)) entry.types.push(type);
			const example = type === 'file' ? undefined : value === null ? undefined : shorten(value);
			if (example && entry.examples.length < MAX_EXAMPLES && !entry.examples.includes(example))
				entry.examples.push(example);
		}
	});
	const fields = [...seen.entries()].map(([name, entry]) => ({
		name,
		type: mergeTypes(entry.types),
		seenTypes: entry.types,
		runs: entry.runs,
		always: entry.runs === inputs.length,
		stale: entry.newestRun >= recentWindow,
		examples: entry.examples,
	}));
	return { runsRead: inputs.length, fields };
}

/** What a field's values looked like, in words (for the mapper and for $fromAI descriptions). */
export function describeField(field: InferredField, runsRead: number): string {
	const type =
		field.type === 'mixed'
			? `mixed types (${field.seenTypes.join(', ')})`
			: field.type === 'file'
				? 'file object {format, name, url}'
				: field.type;
	const usage = field.always
		? `sent by all ${runsRead} recent runs`
		: `sent by ${field.runs} of ${runsRead} recent runs`;
	const examples = field.examples.length ? `; e.g. ${field.examples.join(', ')}` : '';
	return `${type}, ${usage}${examples}`;
}

/**
 * Why an input does not look like recent runs' inputs: keys every run sent that it lacks, and keys
 * no run sent. Undefined when it matches, or when there are no runs to compare with.
 */
export function inputMismatch(input: IDataObject, recent: RecentInputs): string | undefined {
	if (recent.runsRead === 0) return undefined;
	const known = new Set(recent.fields.map((field) => field.name));
	const missing = recent.fields
		.filter((field) => field.always && !(field.name in input))
		.map((field) => field.name);
	const unknown = Object.keys(input).filter((name) => !known.has(name));
	if (missing.length === 0 && unknown.length === 0) return undefined;
	const parts = [
		...(missing.length
			? [`lacks ${quoteList(missing)}, sent by every one of the last ${recent.runsRead} runs`]
			: []),
		...(unknown.length
			? [`has ${quoteList(unknown)}, sent by none of the last ${recent.runsRead} runs`]
			: []),
	];
	return `the input ${parts.join(', and ')}`;
}

function quoteList(names: string[]): string {
	return names.map((name) => `"${name}"`).join(', ');
}
