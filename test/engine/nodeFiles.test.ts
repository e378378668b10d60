import { createHash } from 'crypto';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { json, paired, runWorkflowNode, syncFields, useSimulator } from './fixture';

const holder = useSimulator({ maxFileBytes: 64 * 1024 * 1024 });

const sha256 = (buffer: Buffer) => createHash('sha256').update(buffer).digest('hex');
const PDF = Buffer.from('%PDF-1.4\nsummarise me\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

function binary(content: Buffer, fileName: string | undefined, mimeType: string) {
	return { data: content.toString('base64'), mimeType, ...(fileName && { fileName }) };
}

/** An incoming item with JSON and binary properties. */
function item(
	binaries: Record<string, ReturnType<typeof binary>>,
	itemJson: IDataObject = {},
): INodeExecutionData {
	return { json: itemJson, binary: binaries };
}

async function run(parameters: IDataObject, items: INodeExecutionData[], continueOnFail = false) {
	return await runWorkflowNode(holder.sim, {
		parameters: parameters as never,
		items: items as unknown as IDataObject[],
		continueOnFail,
	});
}

const sentInputs = () =>
	holder.sim.state.requests
		.filter((r) => r.path === '/v1/workflow/invoke')
		.map((r) => (r.body as IDataObject).input);

describe('Start-node types, inside the engine', () => {
	it('file: a binary property goes out as {format, name, base64_content}; format from the name or the MIME type', async () => {
		const result = await run(
			syncFields(
				{ name: 'doc', type: 'file', value: '' },
				{ name: 'pic', type: 'file', value: 'scan' },
			),
			[
				item({
					data: binary(PDF, 'Q3 Report.PDF', 'application/octet-stream'),
					scan: binary(PNG, undefined, 'image/png'),
				}),
			],
		);
		expect(result.error).toBeUndefined();
		// The simulator records the files it received as format, name, size and hash of the bytes.
		expect(sentInputs()).toEqual([
			{
				doc: { format: 'pdf', name: 'Q3 Report.PDF', bytes: PDF.length, sha256: sha256(PDF) },
				pic: { format: 'png', name: 'scan', bytes: PNG.length, sha256: sha256(PNG) },
			},
		]);
		// The echoed input in the output holds no base64.
		expect(JSON.stringify(result.items[0].json)).not.toContain(PDF.toString('base64'));
	});

	it('mapped (Fields from Recent Runs): a file field naming a binary property sends that file', async () => {
		const schema = [
			{
				id: 'doc',
				displayName: 'doc',
				type: 'url',
				required: false,
				defaultMatch: false,
				display: true,
			},
		];
		const result = await run(
			{
				operation: 'invoke',
				mode: 'sync',
				inputSource: 'mapped',
				inputMapping: { mappingMode: 'defineBelow', value: { doc: 'scan' }, schema },
			},
			[item({ scan: binary(PDF, 'scan.pdf', 'application/pdf') })],
		);
		expect(result.error).toBeUndefined();
		expect(sentInputs()).toEqual([
			{ doc: { format: 'pdf', name: 'scan.pdf', bytes: PDF.length, sha256: sha256(PDF) } },
		]);
		const missing = await run(
			{
				operation: 'invoke',
				mode: 'sync',
				inputSource: 'mapped',
				inputMapping: { mappingMode: 'defineBelow', value: { doc: 'nope' }, schema },
			},
			[item({ scan: binary(PDF, 'scan.pdf', 'application/pdf') })],
		);
		expect(missing.error?.message).toMatch(/Fields from Recent Runs › doc.*nope.*\[item 0\]/);
	});

	it('files: listed properties, or every binary when empty, as an array', async () => {
		const binaries = {
			a: binary(PDF, 'a.pdf', 'application/pdf'),
			b: binary(PNG, 'b.png', 'image/png'),
		};
		const result = await run(
			syncFields(
				{ name: 'some', type: 'files', value: 'b' },
				{ name: 'all', type: 'files', value: '' },
			),
			[item(binaries)],
		);
		expect(result.error).toBeUndefined();
		const [input] = sentInputs() as IDataObject[];
		expect(input.some).toEqual([
			{ format: 'png', name: 'b.png', bytes: PNG.length, sha256: sha256(PNG) },
		]);
		expect((input.all as IDataObject[]).map((f) => f.name)).toEqual(['a.pdf', 'b.png']);
	});

	it('integer, array, object and fileUrl are converted and sent', async () => {
		const result = await run(
			syncFields(
				{ name: 'count', type: 'integer', value: ' 42 ' },
				{ name: 'tags', type: 'array', value: '["a", 2]' },
				{ name: 'meta', type: 'object', value: '{"lang":"en"}' },
				{ name: 'link', type: 'fileUrl', value: 'https://files.example.com/in/brief.docx' },
			),
			[item({})],
		);
		expect(result.error).toBeUndefined();
		expect(sentInputs()).toEqual([
			{
				count: 42,
				tags: ['a', 2],
				meta: { lang: 'en' },
				link: {
					format: 'docx',
					name: 'brief.docx',
					url: 'https://files.example.com/in/brief.docx',
				},
			},
		]);
	});

	it('Incoming Item with Send Binary Files: the JSON plus each binary under its property name', async () => {
		const parameters = {
			operation: 'invoke',
			mode: 'sync',
			inputSource: 'item',
			sendBinaries: true,
		};
		const result = await run(parameters, [
			item({ attachment_0: binary(PDF, 'mail.pdf', 'application/pdf') }, { subject: 'Invoice' }),
		]);
		expect(result.error).toBeUndefined();
		expect(sentInputs()).toEqual([
			{
				subject: 'Invoice',
				attachment_0: { format: 'pdf', name: 'mail.pdf', bytes: PDF.length, sha256: sha256(PDF) },
			},
		]);

		const clash = await run(parameters, [
			item({ subject: binary(PDF, 'a.pdf', 'application/pdf') }, { subject: 'x' }),
		]);
		expect(clash.error?.message).toBe(
			'Incoming Item › binary "subject": the item\'s JSON has a field "subject" too; rename one of them (e.g. with an Edit Fields node) [item 0]',
		);
		// Without the option the binaries stay home.
		await run({ ...parameters, sendBinaries: false }, [
			item({ f: binary(PDF, 'a.pdf', 'application/pdf') }, { q: 1 }),
		]);
		expect(sentInputs().pop()).toEqual({ q: 1 });
	});
});

describe('bad values fail their item, name field, item and what is allowed, and send nothing', () => {
	const cases: Array<[string, IDataObject, INodeExecutionData, string]> = [
		[
			'integer "3.5"',
			syncFields({ name: 'count', type: 'integer', value: '3.5' }),
			item({}),
			'Input Fields › field 0 (count): expected a whole number, got string "3.5" [item 0]',
		],
		[
			'integer "3e2x"',
			syncFields({ name: 'count', type: 'integer', value: '3e2x' }),
			item({}),
			'Input Fields › field 0 (count): expected a whole number, got string "3e2x" [item 0]',
		],
		[
			'array',
			syncFields({ name: 'tags', type: 'array', value: '{"a":1}' }),
			item({}),
			'Input Fields › field 0 (tags): expected a JSON array such as ["a", "b"], got an object with the fields a [item 0]',
		],
		[
			'object',
			syncFields({ name: 'meta', type: 'object', value: '[1]' }),
			item({}),
			'Input Fields › field 0 (meta): expected a JSON object such as {"a": 1}, got an array [item 0]',
		],
		[
			'fileUrl',
			syncFields({ name: 'link', type: 'fileUrl', value: 'https://h/setup.exe' }),
			item({}),
			'Input Fields › field 0 (link): the URL\'s file name "setup.exe" has format "exe"; GPTBots accepts Doc: doc, docx, pdf, txt, md, html; Excel: xls, xlsx, csv; Ppt: ppt, pptx; Image: jpg, jpeg, png, gif, webp, svg; Code: py, java, c, cpp, js, css; Audio: mp3, wav, aac, flac, ogg, wma, alac, mid, midi, ac3, dsd; Video: mp4, avi, mov, wmv, flv, mkv [item 0]',
		],
		[
			'a missing binary property',
			syncFields({ name: 'doc', type: 'file', value: 'invoice' }),
			item({
				data: binary(PDF, 'a.pdf', 'application/pdf'),
				other: binary(PNG, 'b.png', 'image/png'),
			}),
			'Input Fields › field 0 (doc): the item has no binary property "invoice"; it has: data, other [item 0]',
		],
		[
			'no binary at all',
			syncFields({ name: 'docs', type: 'files', value: '' }),
			item({}),
			'Input Fields › field 0 (docs): the item has no binary data to send [item 0]',
		],
		[
			'an empty file',
			syncFields({ name: 'doc', type: 'file', value: '' }),
			item({ data: binary(Buffer.alloc(0), 'empty.pdf', 'application/pdf') }),
			'Input Fields › field 0 (doc): file "empty.pdf" (binary property "data") is empty [item 0]',
		],
		[
			'a format outside the lists',
			syncFields({ name: 'doc', type: 'file', value: '' }),
			item({ data: binary(PDF, 'tool.exe', 'application/x-msdownload') }),
			'Input Fields › field 0 (doc): file "tool.exe" (binary property "data") has format "exe"; GPTBots accepts Doc: doc, docx, pdf, txt, md, html; Excel: xls, xlsx, csv; Ppt: ppt, pptx; Image: jpg, jpeg, png, gif, webp, svg; Code: py, java, c, cpp, js, css; Audio: mp3, wav, aac, flac, ogg, wma, alac, mid, midi, ac3, dsd; Video: mp4, avi, mov, wmv, flv, mkv [item 0]',
		],
		[
			'an unrecognisable format',
			syncFields({ name: 'doc', type: 'file', value: '' }),
			item({ data: binary(PDF, undefined, 'application/octet-stream') }),
			'Input Fields › field 0 (doc): file "data" (binary property "data") has no recognisable format (MIME type application/octet-stream); GPTBots accepts Doc: doc, docx, pdf, txt, md, html; Excel: xls, xlsx, csv; Ppt: ppt, pptx; Image: jpg, jpeg, png, gif, webp, svg; Code: py, java, c, cpp, js, css; Audio: mp3, wav, aac, flac, ogg, wma, alac, mid, midi, ac3, dsd; Video: mp4, avi, mov, wmv, flv, mkv [item 0]',
		],
		[
			'a file over Max File Size',
			{ ...syncFields({ name: 'doc', type: 'file', value: '' }), options: { maxFileSize: 0.001 } },
			item({ data: binary(Buffer.alloc(2048, 1), 'big.pdf', 'application/pdf') }),
			'Input Fields › field 0 (doc): file "big.pdf" (binary property "data") is 2.0 KB, over Max File Size (1.0 KB); raise the option or send a smaller file [item 0]',
		],
	];

	it.each(cases)('%s', async (_name, parameters, input, message) => {
		const failed = await run(parameters, [input]);
		expect(failed.error?.message).toBe(message);
		expect(holder.sim.state.counts.invoke).toBe(0);

		// continueOnFail: the item's error item in its place, the next item still runs
		const mixed = await run(parameters, [input], true);
		expect(json(mixed.items)).toEqual([
			expect.objectContaining({
				error: message,
				field: expect.stringMatching(/^Input Fields › field 0/),
			}),
		]);
		expect(paired(mixed.items)).toEqual([{ item: 0 }]);
		expect(holder.sim.state.counts.invoke).toBe(0);
	});

	it('continueOnFail: only the bad item fails, the others are sent', async () => {
		const parameters = syncFields({ name: 'count', type: 'integer', value: '={{ $json.count }}' });
		const result = await run(
			parameters,
			[{ json: { count: '1' } }, { json: { count: '3.5' } }, { json: { count: 7 } }],
			true,
		);
		expect(json(result.items).map((out) => out.error ?? (out.input as IDataObject).count)).toEqual([
			1,
			'Input Fields › field 0 (count): expected a whole number, got string "3.5" [item 1]',
			7,
		]);
		expect(holder.sim.state.counts.invoke).toBe(2);
	});
});
