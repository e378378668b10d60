import type { INodeProperties } from 'n8n-workflow';

import { optionsDescription } from '../../nodes/GptBots/workflow/optionsCollection.description';
import {
	OPTION_DEFAULTS,
	OPTION_LIMITS,
	readRunOptions,
} from '../../nodes/GptBots/shared/runOptions';
import { parseRunLogRow, shapeRunOutput, unwrapRun } from '../../nodes/GptBots/shared/runResult';
import { checkTimeWindow, toEpochMs } from '../../nodes/GptBots/workflow/getRuns/getRuns.operation';

describe('readRunOptions', () => {
	it('fills defaults', () => {
		expect(readRunOptions({})).toEqual({
			outputMode: 'full',
			failOnRunFailure: true,
			timeoutMs: 120_000,
			pollIntervalMs: 2000,
			maxWaitMs: 600_000,
			concurrency: OPTION_LIMITS.concurrency.default,
			retryInvokeWhenSafe: true,
			maxFileBytes: 20 * 1024 * 1024,
			downloadFiles: 'none',
			downloadFields: [],
			checkInputAgainstRuns: false,
			allowPrivateFileHosts: false,
		});
	});

	it('reads seconds and switches', () => {
		const options = readRunOptions({
			outputMode: 'outputOnly',
			failOnRunFailure: false,
			timeout: 1.5,
			pollInterval: 0.2,
			maxWait: 30,
			concurrency: 3,
			retryInvokeWhenSafe: false,
			maxFileSize: 0.5,
			downloadFiles: 'fields',
			downloadFields: ' report, images ,',
			checkInputAgainstRuns: true,
			allowPrivateFileHosts: true,
		});
		expect(options).toEqual({
			outputMode: 'outputOnly',
			failOnRunFailure: false,
			timeoutMs: 1500,
			pollIntervalMs: 200,
			maxWaitMs: 30_000,
			concurrency: 3,
			retryInvokeWhenSafe: false,
			maxFileBytes: 512 * 1024,
			downloadFiles: 'fields',
			downloadFields: ['report', 'images'],
			checkInputAgainstRuns: true,
			allowPrivateFileHosts: true,
		});
	});

	it.each([
		[{ concurrency: 0 }, 'Options › Concurrency: must be a whole number from 1 to 500, got 0'],
		[{ concurrency: 2.5 }, 'Options › Concurrency'],
		[{ timeout: -1 }, 'Options › Timeout: must be a number of seconds'],
		[{ pollInterval: 'soon' }, 'Options › Poll Interval'],
		[{ maxWait: 0 }, 'Options › Max Wait'],
		[{ outputMode: 'everything' }, 'Options › Output: unknown value "everything"'],
		[{ maxFileSize: 0 }, 'Options › Max File Size (MB): must be a number of MB above 0'],
		[{ maxFileSize: 'big' }, 'Options › Max File Size (MB)'],
		[
			{ downloadFiles: 'some' },
			'Options › Download Output Files: unknown value "some"; allowed: none, fields, allUrls',
		],
		[
			{ downloadFiles: 'fields', downloadFields: ' , ' },
			'Options › Output File Fields: name at least one field',
		],
	])('refuses %p', (raw, message) => {
		expect(() => readRunOptions(raw as never)).toThrow(message);
	});

	it('takes Poll Interval and Max Wait from the node parameters (version 1.1) unless Options sets them', () => {
		const options = readRunOptions({}, { pollInterval: 0.5, maxWait: 30 });
		expect([options.pollIntervalMs, options.maxWaitMs]).toEqual([500, 30_000]);
		// Options set (version 1, or a workflow written as JSON): they win.
		const both = readRunOptions({ maxWait: 900 }, { pollInterval: 0.5, maxWait: 30 });
		expect([both.pollIntervalMs, both.maxWaitMs]).toEqual([500, 900_000]);
		// null: the node has no such parameter (version 1, or another mode): the default.
		const neither = readRunOptions({}, { pollInterval: null, maxWait: null });
		expect([neither.pollIntervalMs, neither.maxWaitMs]).toEqual([2000, 600_000]);
	});

	it('names a bad node parameter without "Options ›"', () => {
		expect(() => readRunOptions({}, { maxWait: 0 })).toThrow(
			/^Max Wait: must be a number of seconds from 1 to 2592000, got 0$/,
		);
	});
});

describe('run results', () => {
	const run = { workflowRunId: 'r1', status: 'SUCCEED', output: { answer: 42 } };

	it('shapes full and output-only', () => {
		expect(shapeRunOutput(run, 'full')).toBe(run);
		expect(shapeRunOutput(run, 'outputOnly')).toEqual({ answer: 42 });
		expect(shapeRunOutput({ output: 'text' }, 'outputOnly')).toEqual({ output: 'text' });
		expect(shapeRunOutput({}, 'outputOnly')).toEqual({});
	});

	it('unwraps a data envelope only when the run is inside it', () => {
		expect(unwrapRun({ code: 0, data: run })).toEqual(run);
		expect(unwrapRun(run)).toEqual(run);
		expect(
			unwrapRun({
				code: 0,
				msg: 'success',
				data: { workflow_run_id: 'r1', status: 'succed', output: '{"a":1}' },
			}),
		).toEqual({ workflowRunId: 'r1', status: 'SUCCEED', output: { a: 1 } });
		expect(unwrapRun({ workflowRunId: 'own', data: { workflowRunId: 'inner' } })).toEqual({
			workflowRunId: 'own',
			data: { workflowRunId: 'inner' },
		});
	});

	it('parses run-log JSON strings, keeping text that is not JSON', () => {
		expect(parseRunLogRow({ log_id: 'l', input: '{"a":1}', output: 'plain' })).toEqual({
			log_id: 'l',
			input: { a: 1 },
			output: 'plain',
		});
	});
});

describe('time window', () => {
	it('reads ISO text, epoch ms, Date and Luxon-like values', () => {
		expect(toEpochMs('2026-01-01T00:00:00.000Z', 'Start Time')).toBe(
			Date.parse('2026-01-01T00:00:00Z'),
		);
		expect(toEpochMs('1758765323024', 'Start Time')).toBe(1758765323024);
		expect(toEpochMs(1758765323024, 'Start Time')).toBe(1758765323024);
		expect(toEpochMs(new Date(5), 'Start Time')).toBe(5);
		expect(toEpochMs({ toMillis: () => 7 }, 'Start Time')).toBe(7);
	});

	it('names the field of a bad value and refuses a window that ends before it starts', () => {
		expect(() => toEpochMs('yesterday-ish', 'Start Time')).toThrow(
			'Start Time: "yesterday-ish" is not a date and time',
		);
		expect(() => toEpochMs('', 'End Time')).toThrow('End Time: is empty');
		expect(() => checkTimeWindow(2000, 1000)).toThrow(/^End Time: ends before Start Time/);
		expect(() => checkTimeWindow(1000, 1000)).not.toThrow();
	});
});

describe('the options table and the parameters', () => {
	it('the Options parameter shows the defaults and bounds the reader uses', () => {
		for (const [name, limit] of Object.entries(OPTION_LIMITS)) {
			const parameter = (optionsDescription.options as INodeProperties[]).find(
				(option) => option.name === name,
			);
			expect([
				name,
				parameter?.default,
				parameter?.typeOptions?.minValue,
				parameter?.typeOptions?.maxValue,
			]).toEqual([name, limit.default, limit.min, limit.max]);
		}
		for (const [name, value] of Object.entries(OPTION_DEFAULTS)) {
			const parameter = (optionsDescription.options as INodeProperties[]).find(
				(option) => option.name === name,
			);
			expect([name, parameter?.default]).toEqual([name, value]);
		}
	});
});
