import type { IDataObject } from 'n8n-workflow';

import { InvalidParameterError } from './inputError';
import type { OutputMode } from './runResult';

/** Items in flight by default: 20× faster than one at a time, yet gentle on a rate limit. */
export const DEFAULT_CONCURRENCY = 20;

export const MAX_CONCURRENCY = 500;

export interface RunOptions {
	outputMode: OutputMode;
	failOnRunFailure: boolean;
	timeoutMs: number;
	pollIntervalMs: number;
	maxWaitMs: number;
	concurrency: number;
	retryInvokeWhenSafe: boolean;
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
	return {
		outputMode,
		failOnRunFailure: raw.failOnRunFailure !== false,
		timeoutMs: seconds(raw.timeout, 'Timeout', 120, 1, 3600),
		pollIntervalMs,
		maxWaitMs,
		concurrency,
		retryInvokeWhenSafe: raw.retryInvokeWhenSafe !== false,
		checkInputAgainstRuns: raw.checkInputAgainstRuns === true,
	};
}
