import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import nock from 'nock';

import { callbackRun, json, resume, runWorkflowNode, sleepMs, useSimulator } from './fixture';

const { fileContent } = require('../../simulator/files');

const holder = useSimulator();

const invoke = (input: IDataObject, options: IDataObject, mode = 'sync') => ({
	operation: 'invoke',
	mode,
	inputSource: 'json',
	inputJson: JSON.stringify(input),
	pollInterval: 0.1,
	options,
});

async function bytesOf(item: INodeExecutionData, property: string): Promise<Buffer> {
	return Buffer.from(item.binary![property].data, 'base64');
}

describe('files out: output file URLs downloaded into binary properties', () => {
	it('named fields: one URL and a list, with the right bytes, name and MIME type', async () => {
		const input = {
			__outputFiles: {
				report: { name: 'report.pdf', bytes: 3000 },
				images: ['a.png', { name: 'b.png', bytes: 10 }],
			},
		};
		const result = await runWorkflowNode(holder.sim, {
			parameters: invoke(input, {
				downloadFiles: 'fields',
				downloadFields: 'report, images',
			}) as never,
		});
		expect(result.error).toBeUndefined();
		const [out] = result.items;
		expect(Object.keys(out.binary ?? {}).sort()).toEqual(['images_0', 'images_1', 'report']);
		expect((await bytesOf(out, 'report')).equals(fileContent('report.pdf', 3000))).toBe(true);
		expect((await bytesOf(out, 'images_1')).equals(fileContent('b.png', 10))).toBe(true);
		expect(out.binary!.report).toMatchObject({
			fileName: 'report.pdf',
			mimeType: 'application/pdf',
		});
		// the run's data stays as it was
		expect(out.json).toMatchObject({
			status: 'SUCCEED',
			output: { report: expect.stringContaining('/files/report.pdf') },
		});
		expect(out.json.fileErrors).toBeUndefined();
	});

	it('every file URL in the output, with asyncPoll and output only', async () => {
		const input = { __outputFiles: { doc: 'minutes.docx', nested: ['chart.svg'] } };
		const result = await runWorkflowNode(holder.sim, {
			parameters: invoke(
				input,
				{ downloadFiles: 'allUrls', outputMode: 'outputOnly' },
				'asyncPoll',
			) as never,
		});
		expect(result.error).toBeUndefined();
		const [out] = result.items;
		// "answer" holds no URL; the echo's __outputFiles holds names, not URLs
		expect(Object.keys(out.binary ?? {}).sort()).toEqual(['doc', 'nested_0']);
		expect((await bytesOf(out, 'doc')).equals(fileContent('minutes.docx', 1024))).toBe(true);
		expect(out.json.doc).toEqual(expect.stringContaining('/files/minutes.docx'));
	});

	it('a failed or oversized download is reported on its item; the data and other files are kept', async () => {
		const input = {
			__outputFiles: {
				good: 'ok.txt',
				gone: { name: 'gone.pdf', status: 404 },
				huge: { name: 'huge.pdf', bytes: 4096 },
			},
		};
		const result = await runWorkflowNode(holder.sim, {
			parameters: invoke(input, {
				downloadFiles: 'fields',
				downloadFields: 'good, gone, huge, absent',
				maxFileSize: 0.002,
			}) as never,
		});
		expect(result.error).toBeUndefined();
		const [out] = result.items;
		expect(Object.keys(out.binary ?? {})).toEqual(['good']);
		expect(out.json).toMatchObject({ status: 'SUCCEED', output: { good: expect.any(String) } });
		expect(out.json.fileErrors).toEqual([
			{ field: 'absent', error: 'the output has no field "absent"' },
			{
				field: 'gone',
				url: expect.stringContaining('/files/gone.pdf'),
				error: 'download failed: the server answered HTTP 404',
			},
			{
				field: 'huge',
				url: expect.stringContaining('/files/huge.pdf'),
				error: 'download failed: the file is 4.0 KB, over Max File Size (2.0 KB)',
			},
		]);
	});

	describe('wait by callback', () => {
		const callbackRunOf = (item: IDataObject) =>
			callbackRun([item], { downloadFiles: 'fields', downloadFields: 'report' });

		it('the files are fetched when the execution resumes', async () => {
			const { sim } = holder;
			// The run outlasts the node's look before waiting, so the execution waits.
			const run = callbackRunOf({ __outputFiles: { report: 'late.pdf' }, __durationMs: 400 });
			const waiting = await runWorkflowNode(sim, run);
			expect(waiting.waitTill).toBeInstanceOf(Date);
			expect(waiting.items[0].binary).toBeUndefined();
			await sleepMs(600);
			const body = { workflowRunId: json(waiting.items)[0].workflowRunId, status: 'SUCCEED' };
			const resumed = await resume(sim, waiting, run, body);
			expect(resumed.error).toBeUndefined();
			const [out] = resumed.items;
			expect((await bytesOf(out, 'report')).equals(fileContent('late.pdf', 1024))).toBe(true);
			expect(out.binary!.report).toMatchObject({
				fileName: 'late.pdf',
				mimeType: 'application/pdf',
			});
			expect(out.json).toMatchObject({ status: 'SUCCEED' });
			expect(out.pairedItem).toEqual({ item: 0 });
		});

		it('a run that ended before the execution could wait brings its files at once', async () => {
			const result = await runWorkflowNode(
				holder.sim,
				callbackRunOf({ __outputFiles: { report: 'early.pdf' }, __durationMs: 0 }),
			);
			expect(result.error).toBeUndefined();
			expect(result.waitTill).toBeUndefined();
			const [out] = result.items;
			expect((await bytesOf(out, 'report')).equals(fileContent('early.pdf', 1024))).toBe(true);
		});
	});

	it('getResult downloads too; off by default', async () => {
		const { sim } = holder;
		const started = await runWorkflowNode(sim, {
			parameters: invoke({ __outputFiles: { file: 'r.csv' } }, {}) as never,
		});
		expect(started.items[0].binary).toBeUndefined();
		const workflowRunId = started.items[0].json.workflowRunId as string;
		const fetched = await runWorkflowNode(sim, {
			parameters: {
				operation: 'getResult',
				workflowRunId,
				options: { downloadFiles: 'fields', downloadFields: 'file' },
			} as never,
		});
		expect((await bytesOf(fetched.items[0], 'file')).equals(fileContent('r.csv', 1024))).toBe(true);
		expect(json(fetched.items)[0]).toMatchObject({ workflowRunId });
	});

	it('a download without Content-Length is cut off once it passes Max File Size', async () => {
		// No length announced (as with a chunked answer): only counting the bytes as they arrive stops it.
		// badheaders: a file host never gets the API key.
		nock('https://files.example.test', { badheaders: ['authorization'] })
			.get('/out/big.pdf')
			.reply(200, () => Buffer.alloc(4096, 7), { 'Content-Type': 'application/pdf' });
		nock('https://files.example.test', { badheaders: ['authorization'] })
			.get('/out/small.pdf')
			.reply(200, () => Buffer.alloc(100, 7), { 'Content-Type': 'application/pdf' });
		try {
			// The simulator echoes the input in output.echo: `a.b` paths reach into it.
			const input = {
				big: 'https://files.example.test/out/big.pdf',
				small: 'https://files.example.test/out/small.pdf',
			};
			const result = await runWorkflowNode(holder.sim, {
				parameters: invoke(input, {
					downloadFiles: 'fields',
					downloadFields: 'echo.big, echo.small',
					maxFileSize: 0.002,
				}) as never,
			});
			const [out] = result.items;
			expect(out.json.fileErrors).toEqual([
				{
					field: 'echo.big',
					url: 'https://files.example.test/out/big.pdf',
					error: 'download failed: the file is over Max File Size (2.0 KB)',
				},
			]);
			expect((await bytesOf(out, 'echo_small')).equals(Buffer.alloc(100, 7))).toBe(true);
			expect(nock.isDone()).toBe(true);
		} finally {
			nock.cleanAll();
		}
	});
});
