import type { IDataObject } from 'n8n-workflow';

import { InvalidParameterError } from './inputError';
import type { OutputMode } from './runResult';

/** Items in flight by default: 20× faster than one at a time, yet gentle on a rate limit. */
export const DEFAULT_CONCURRENCY = 20;

export const MAX_CONCURRENCY = 500;

/** Max File Size by default, in MB: a file input or a downloaded output file. */
export const DEFAULT_MAX_FILE_MB = 20;

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
}

function seconds(value: unknown, field: string, fallback: number, min: number, max: number): number {
	if (value === undefined || value === '' || value === null) return fallback * 1000;
	const number = typeof value === 'number' ? value : Number(String(value).trim());
	if (!Number.isFinite(number) || number < min || number > max) {
		throw new InvalidParameterError(`Options › ${field}`, `must be a number of seconds from ${min} to ${max}, got ${JSON.stringify(value)}`);
	}
	return Math.round(number * 1000);
}

/** Reads and checks the Options collection; defaults fill what the user left out. */
export function readRunOptions(raw: IDataObject): RunOptions {
	const outputMode = (raw.outputMode ?? 'full') as OutputMode;
	if (outputMode !== 'full' && outputMode !== 'outputOnly') {
		throw new InvalidParameterError('Options › Output', `unknown value "${String(outputMode)}"`);
	}
	const concurrency = raw.concurrency === undefined || raw.concurrency === '' ? DEFAULT_CONCURRENCY : Number(raw.concurrency);
	if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
		throw new InvalidParameterError('Options › Concurrency', `must be a whole number from 1 to ${MAX_CONCURRENCY}, got ${JSON.stringify(raw.concurrency)}`);
	}
	const pollIntervalMs = seconds(raw.pollInterval, 'Poll Interval', 2, 0.1, 3600);
	const maxWaitMs = seconds(raw.maxWait, 'Max Wait', 600, 1, 30 * 24 * 3600);
	const maxFileMb = raw.maxFileSize === undefined || raw.maxFileSize === '' ? DEFAULT_MAX_FILE_MB : Number(raw.maxFileSize);
	if (!Number.isFinite(maxFileMb) || maxFileMb <= 0 || maxFileMb > 1024) {
		throw new InvalidParameterError('Options › Max File Size (MB)', `must be a number of MB above 0 and at most 1024, got ${JSON.stringify(raw.maxFileSize)}`);
	}
	const downloadFiles = (raw.downloadFiles ?? 'none') as DownloadMode;
	if (!DOWNLOAD_MODES.includes(downloadFiles)) {
		throw new InvalidParameterError('Options › Download Output Files', `unknown value "${String(downloadFiles)}"; allowed: ${DOWNLOAD_MODES.join(', ')}`);
	}
	const downloadFields = String(raw.downloadFields ?? '')
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
	if (downloadFiles === 'fields' && downloadFields.length === 0) {
		throw new InvalidParameterError('Options › Output File Fields', 'name at least one field of the output, e.g. "file" or "report, images"');
	}
	return {
		outputMode,
		failOnRunFailure: raw.failOnRunFailure !== false,
		timeoutMs: seconds(raw.timeout, 'Timeout', 120, 1, 3600),
		pollIntervalMs,
		maxWaitMs,
		concurrency,
		retryInvokeWhenSafe: raw.retryInvokeWhenSafe !== false,
		maxFileBytes: Math.round(maxFileMb * 1024 * 1024),
		downloadFiles,
		downloadFields,
		checkInputAgainstRuns: raw.checkInputAgainstRuns === true,
	};
}
