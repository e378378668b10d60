import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { OPTION_LIMITS } from './runOptions';

// The options every node of the package offers alike (their Options collections hold them), with
// the bounds of the one option table (runOptions.ts); each node words what they mean for it.

const { concurrency, maxFileSize, timeout } = OPTION_LIMITS;

export function concurrencyOption(description: string): INodeProperties {
	return {
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: concurrency.min, maxValue: concurrency.max },
		default: 20, // = OPTION_LIMITS.concurrency.default (n8n's lint wants a literal; a unit test holds them equal)
		description,
	};
}

export function maxFileSizeOption(
	description: string,
	displayOptions: IDisplayOptions,
): INodeProperties {
	return {
		displayName: 'Max File Size (MB)',
		name: 'maxFileSize',
		type: 'number',
		typeOptions: { minValue: maxFileSize.min, maxValue: maxFileSize.max, numberPrecision: 3 },
		default: 20, // = OPTION_LIMITS.maxFileSize.default (n8n's lint wants a literal; a unit test holds them equal)
		description,
		displayOptions,
	};
}

export function timeoutOption(description: string): INodeProperties {
	return {
		displayName: 'Timeout (Seconds)',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: timeout.min, maxValue: timeout.max },
		default: 120, // = OPTION_LIMITS.timeout.default (n8n's lint wants a literal; a unit test holds them equal)
		description,
	};
}
