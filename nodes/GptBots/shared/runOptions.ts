import type { IDataObject } from 'n8n-workflow';

import { InvalidParameterError } from './errors';
import type { OutputMode } from './runResult';

/**
 * Every numeric option's default and bounds, in the unit the user enters: one table for the
 * parameters' descriptions and for reading them.
 */
export const OPTION_LIMITS = {
	/** Items in flight: 20× faster than one at a time, yet gentle on a rate limit. */
	concurrency: { default: 20, min: 1, max: 500 },
	/** MB: a file input or a downloaded output file. */
	maxFileSize: { default: 20, min: 0.001, max: 1024 },
	/** Seconds, for one request. */
	timeout: { default: 120, min: 1, max: 3600 },
	pollInterval: { default: 2, min: 0.1, max: 3600 },
	maxWait: { default: 600, min: 1, max: 30 * 24 * 3600 },
} as const;

/** The other options' defaults: the reader fills them in, the parameters show the same (a unit test holds them equal). */
export const OPTION_DEFAULTS = {
	outputMode: 'full',
	failOnRunFailure: true,
	retryInvokeWhenSafe: true,
	downloadFiles: 'none',
	downloadFields: '',
	checkInputAgainstRuns: false,
} as const;

export const DOWNLOAD_MODES = ['none', 'fields', 'allUrls'] as const;

export type DownloadMode = (typeof DOWNLOAD_MODES)[number];

export interface RunOptions {
	outputMode: OutputMode;
	failOnRunFailure: boolean;
	timeoutMs: number;
	pollIntervalMs: number;
	maxWaitMs: number;
	concurrency: number;
	retryInvokeWhenSafe: boolean;
	maxFileBytes: number;
	/** Output files to fetch into binary properties: none, the named fields, or every file URL. */
	downloadFiles: DownloadMode;
	/** The `output` fields named for downloadFiles = 'fields'. */
	downloadFields: string[];
	/** Refuse an input that does not look like recent runs' inputs (before sending it). */
	checkInputAgainstRuns: boolean;
	/** Download output files from localhost and private addresses too (helpers/fileHosts.ts). */
	allowPrivateFileHosts: boolean;
}

/**
 * Poll Interval and Max Wait as node parameters of their own (GPTBots Workflow from version 1.1
 * shows them beside the mode that uses them); null where the node has none, as version 1 keeps
 * them in Options.
 */
export interface WaitParameters {
	pollInterval?: unknown;
	maxWait?: unknown;
}

const absent = (value: unknown) => value === undefined || value === '' || value === null;

export function seconds(
	value: unknown,
	field: string,
	{ default: fallback, min, max }: { default: number; min: number; max: number },
): number {
	if (absent(value)) return fallback * 1000;
	const number = typeof value === 'number' ? value : Number(String(value).trim());
	if (!Number.isFinite(number) || number < min || number > max) {
		throw new InvalidParameterError(
			field,
			`must be a number of seconds from ${min} to ${max}, got ${JSON.stringify(value)}`,
		);
	}
	return Math.round(number * 1000);
}

export function readConcurrency(raw: IDataObject): number {
	const limits = OPTION_LIMITS.concurrency;
	const concurrency =
		raw.concurrency === undefined || raw.concurrency === ''
			? limits.default
			: Number(raw.concurrency);
	if (!Number.isInteger(concurrency) || concurrency < limits.min || concurrency > limits.max) {
		throw new InvalidParameterError(
			'Options › Concurrency',
			`must be a whole number from 1 to ${limits.max}, got ${JSON.stringify(raw.concurrency)}`,
		);
	}
	return concurrency;
}

export function readMaxFileBytes(raw: IDataObject): number {
	const limits = OPTION_LIMITS.maxFileSize;
	const maxFileMb =
		raw.maxFileSize === undefined || raw.maxFileSize === ''
			? limits.default
			: Number(raw.maxFileSize);
	if (!Number.isFinite(maxFileMb) || maxFileMb <= 0 || maxFileMb > limits.max) {
		throw new InvalidParameterError(
			'Options › Max File Size (MB)',
			`must be a number of MB above 0 and at most ${limits.max}, got ${JSON.stringify(raw.maxFileSize)}`,
		);
	}
	return Math.round(maxFileMb * 1024 * 1024);
}

/**
 * A wait setting: the option of that name when set (version 1's place, and workflows written as
 * JSON), else the node parameter (version 1.1 shows it beside the mode), else the default.
 */
function waitSeconds(
	name: keyof WaitParameters,
	label: string,
	raw: IDataObject,
	waitParameters: WaitParameters,
): number {
	return absent(raw[name])
		? seconds(waitParameters[name], label, OPTION_LIMITS[name])
		: seconds(raw[name], `Options › ${label}`, OPTION_LIMITS[name]);
}

/** Reads and checks the Options collection; defaults fill what the user left out. */
export function readRunOptions(raw: IDataObject, waitParameters: WaitParameters = {}): RunOptions {
	const outputMode = (raw.outputMode ?? OPTION_DEFAULTS.outputMode) as OutputMode;
	if (outputMode !== 'full' && outputMode !== 'outputOnly') {
		throw new InvalidParameterError('Options › Output', `unknown value "${String(outputMode)}"`);
	}
	const concurrency = readConcurrency(raw);
	const pollIntervalMs = waitSeconds('pollInterval', 'Poll Interval', raw, waitParameters);
	const maxWaitMs = waitSeconds('maxWait', 'Max Wait', raw, waitParameters);
	const maxFileBytes = readMaxFileBytes(raw);
	const downloadFiles = (raw.downloadFiles ?? OPTION_DEFAULTS.downloadFiles) as DownloadMode;
	if (!DOWNLOAD_MODES.includes(downloadFiles)) {
		throw new InvalidParameterError(
			'Options › Download Output Files',
			`unknown value "${String(downloadFiles)}"; allowed: ${DOWNLOAD_MODES.join(', ')}`,
		);
	}
	const downloadFields = String(raw.downloadFields ?? OPTION_DEFAULTS.downloadFields)
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
	if (downloadFiles === 'fields' && downloadFields.length === 0) {
		throw new InvalidParameterError(
			'Options › Output File Fields',
			'name at least one field of the output, e.g. "file" or "report, images"',
		);
	}
	return {
		outputMode,
		failOnRunFailure:
			typeof raw.failOnRunFailure === 'boolean'
				? raw.failOnRunFailure
				: OPTION_DEFAULTS.failOnRunFailure,
		timeoutMs: seconds(raw.timeout, 'Options › Timeout', OPTION_LIMITS.timeout),
		pollIntervalMs,
		maxWaitMs,
		concurrency,
		retryInvokeWhenSafe:
			typeof raw.retryInvokeWhenSafe === 'boolean'
				? raw.retryInvokeWhenSafe
				: OPTION_DEFAULTS.retryInvokeWhenSafe,
		maxFileBytes,
		downloadFiles,
		downloadFields,
		checkInputAgainstRuns:
			typeof raw.checkInputAgainstRuns === 'boolean'
				? raw.checkInputAgainstRuns
				: OPTION_DEFAULTS.checkInputAgainstRuns,
		allowPrivateFileHosts: raw.allowPrivateFileHosts === true,
	};
}
