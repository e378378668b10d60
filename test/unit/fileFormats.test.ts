import {
	describeFileFormats,
	extensionOf,
	formatOf,
	isFileUrl,
	mimeTypeOf,
} from '../../nodes/GptBots/shared/files/fileFormats';
import {
	findOutputFiles,
	withoutFileContents,
} from '../../nodes/GptBots/shared/files/outputFileUrls';

describe('file formats', () => {
	it('takes the format from the file name, then the MIME type', () => {
		expect(formatOf('Report.PDF', 'application/octet-stream')).toBe('pdf');
		expect(formatOf('scan', 'image/jpeg')).toBe('jpg');
		expect(
			formatOf(
				undefined,
				'application/vnd.openxmlformats-officedocument.wordprocessingml.document; charset=binary',
			),
		).toBe('docx');
		expect(formatOf('notes.bin', 'text/markdown')).toBe('md');
		expect(formatOf('data', undefined, 'csv')).toBe('csv');
		expect(formatOf('tool.exe', 'application/x-msdownload')).toBe('exe');
		expect(formatOf(undefined, undefined)).toBe('');
	});

	it('knows extensions, MIME types and file URLs', () => {
		expect(extensionOf('https://h/a/b.tar.gz?x=1')).toBe('gz');
		expect(extensionOf('.hidden')).toBe('');
		expect(mimeTypeOf('pdf')).toBe('application/pdf');
		expect(mimeTypeOf('zzz')).toBe('application/octet-stream');
		expect(isFileUrl('https://cdn.example.com/out/report.docx')).toBe(true);
		expect(isFileUrl('https://example.com/page')).toBe(false);
		expect(isFileUrl('ftp://example.com/a.pdf')).toBe(false);
		expect(isFileUrl(42)).toBe(false);
		expect(describeFileFormats()).toMatch(
			/^Doc: doc, docx, pdf, txt, md, html; Excel: xls, xlsx, csv; .*Video: mp4, avi, mov, wmv, flv, mkv$/,
		);
	});
});

describe('findOutputFiles', () => {
	const output = {
		answer: 'see https://example.com/about',
		report: 'https://files.example.com/r/report.pdf',
		images: ['https://files.example.com/i/a.png', { url: 'https://files.example.com/i/b.jpg' }],
		nested: {
			chart: 'https://files.example.com/c/chart.svg',
			again: 'https://files.example.com/r/report.pdf',
		},
		count: 2,
	};

	it('takes the named fields, lists as name_0, name_1', () => {
		const { files, problems } = findOutputFiles(output, 'fields', [
			'report',
			'images',
			'nested.chart',
			'missing',
			'count',
		]);
		expect(files).toEqual([
			{ field: 'report', url: 'https://files.example.com/r/report.pdf', property: 'report' },
			{ field: 'images[0]', url: 'https://files.example.com/i/a.png', property: 'images_0' },
			{ field: 'images[1]', url: 'https://files.example.com/i/b.jpg', property: 'images_1' },
			{
				field: 'nested.chart',
				url: 'https://files.example.com/c/chart.svg',
				property: 'nested_chart',
			},
		]);
		expect(problems).toEqual([
			{ field: 'missing', error: 'the output has no field "missing"' },
			{ field: 'count', error: 'holds no http(s) URL' },
		]);
	});

	it('finds every file URL, once each', () => {
		const { files, problems } = findOutputFiles(output, 'allUrls', []);
		expect(files.map((file) => [file.field, file.property])).toEqual([
			['report', 'report'],
			['images[0]', 'images_0'],
			['images[1].url', 'images_1_url'],
			['nested.chart', 'nested_chart'],
		]);
		expect(problems).toEqual([]);
		expect(findOutputFiles(output, 'none', ['report'])).toEqual({ files: [], problems: [] });
	});
});

describe('withoutFileContents', () => {
	it('replaces base64 in the echoed input by its size', () => {
		const run = {
			workflowRunId: 'r',
			input: {
				q: 'x',
				doc: {
					format: 'pdf',
					name: 'a.pdf',
					base64_content: Buffer.from('hello').toString('base64'),
				},
				many: [{ format: 'txt', base64_content: 'YQ==' }],
			},
		};
		expect(withoutFileContents(run)).toEqual({
			workflowRunId: 'r',
			input: {
				q: 'x',
				doc: { format: 'pdf', name: 'a.pdf', bytes: 5 },
				many: [{ format: 'txt', bytes: 1 }],
			},
		});
		expect(withoutFileContents({ status: 'PENDING' })).toEqual({ status: 'PENDING' });
	});

	it('keeps a run that sent no file as it is (no copy per item)', () => {
		const run = { workflowRunId: 'r', input: { q: 'x', list: [1, { a: 2 }], nested: { b: 3 } } };
		expect(withoutFileContents(run)).toBe(run);
		const onlyInArray = { input: { many: [{ a: 1 }, { base64_content: 'YQ==' }] } };
		expect(withoutFileContents(onlyInArray)).toEqual({ input: { many: [{ a: 1 }, { bytes: 1 }] } });
	});
});
