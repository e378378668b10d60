import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { OPTION_LIMITS } from './runOptions';

// The options every node of the package offers alike (their Options collections hold them), with
// the bounds of the one option table (runOptions.ts); each node words what they mean for it.

const { concurrency, maxFileSize, timeout } = OPTION_LIMITS;

/** A node's Options collection ("Add Option"), holding `options`. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}

/**
 * A number parameter whose default and bounds are a row of an option table (OPTION_LIMITS,
 * AGENT_LIMITS): the parameter shows what the reader of the table fills in and accepts.
 */
export function boundedNumber(
	displayName: string,
	name: string,
	row: Readonly<{ default: number; min: number; max: number }>,
	description: string,
): INodeProperties {
	const { default: initial, min, max } = row;
	return {
		displayName,
		name,
		type: 'number',
		typeOptions: { minValue: min, maxValue: max },
		default: initial,
		description,
	};
}

export function concurrencyOption(description: string): INodeProperties {
	return boundedNumber('Concurrency', 'concurrency', concurrency, description);
}

export function maxFileSizeOption(
	description: string,
	displayOptions: IDisplayOptions,
): INodeProperties {
	const option = boundedNumber('Max File Size (MB)', 'maxFileSize', maxFileSize, description);
	return { ...option, typeOptions: { ...option.typeOptions, numberPrecision: 3 }, displayOptions };
}

export function timeoutOption(description: string): INodeProperties {
	return boundedNumber('Timeout (Seconds)', 'timeout', timeout, description);
}
