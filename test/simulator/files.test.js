'use strict';

/** The simulator's files: checks and echo of file inputs, file URLs it serves itself. */

const crypto = require('node:crypto');
const { fileContent } = require('../../simulator/files');
const { useSimulator } = require('./helpers');

const simulator = useSimulator({ maxFileBytes: 1000 });
const { sim } = simulator;

/** @param {Record<string, unknown>} input */
async function invoke(input) {
	const { status, json } = await simulator.invoke({ input });
	return { status, body: json };
}

const b64 = (/** @type {string} */ text) => Buffer.from(text).toString('base64');
const sha256 = (/** @type {Buffer} */ buffer) =>
	crypto.createHash('sha256').update(buffer).digest('hex');

describe('file inputs', () => {
	it('echoes a file as format, name, bytes and sha256, and keeps no content in its records', async () => {
		const { status, body } = await invoke({
			q: 'x',
			doc: { format: 'pdf', name: 'a.pdf', base64_content: b64('%PDF-1.4 hello') },
			pics: [
				{ format: 'png', base64_content: b64('png!') },
				{ format: 'jpg', name: 'b.jpg', url: 'https://h/b.jpg' },
			],
		});
		expect(status).toBe(200);
		expect(body.input).toEqual({
			q: 'x',
			doc: {
				format: 'pdf',
				name: 'a.pdf',
				bytes: 14,
				sha256: sha256(Buffer.from('%PDF-1.4 hello')),
			},
			pics: [
				{ format: 'png', bytes: 4, sha256: sha256(Buffer.from('png!')) },
				{ format: 'jpg', name: 'b.jpg', url: 'https://h/b.jpg' },
			],
		});
		expect(JSON.stringify(sim.state.requests)).not.toContain(b64('%PDF-1.4 hello'));
	});

	it.each([
		[{ f: { format: 'exe', base64_content: b64('x') } }, 'input.f: unknown file format "exe"'],
		[
			{ f: { format: 'pdf', base64_content: '%%%=' } },
			'input.f.base64_content is not valid base64',
		],
		[
			{ f: { format: 'pdf', base64_content: '' } },
			'input.f.base64_content must be a non-empty string',
		],
		[
			{ f: { format: 'pdf', base64_content: b64('y'.repeat(1001)) } },
			'input.f is 1001 bytes, over the limit of 1000',
		],
		[
			{ f: [{ format: 'txt', base64_content: b64('ok') }, 'text'] },
			'input.f[1] is not a file object',
		],
		[{ f: { format: 'pdf', url: 'file:///etc/passwd' } }, 'input.f.url must be an http(s) URL'],
	])('refuses %j', async (input, message) => {
		const { status, body } = await invoke(input);
		expect(status).toBe(400);
		expect(body).toEqual({ code: 40004, message });
		expect(sim.state.counts.invokeAccepted).toBe(0);
	});
});

describe('output files', () => {
	it('answers with URLs of files it serves, with bytes that fileContent predicts', async () => {
		const { body } = await invoke({
			__outputFiles: {
				report: 'report.pdf',
				images: [
					{ name: 'a.png', bytes: 10 },
					{ name: 'gone.png', status: 404 },
				],
			},
		});
		expect(body.output.report).toBe(`${sim.url}/files/report.pdf?bytes=1024`);
		expect(body.output.images).toEqual([
			`${sim.url}/files/a.png?bytes=10`,
			`${sim.url}/files/gone.png?bytes=1024&status=404`,
		]);
		const report = await fetch(body.output.report);
		expect(report.headers.get('content-type')).toBe('application/pdf');
		expect(Buffer.from(await report.arrayBuffer()).equals(fileContent('report.pdf', 1024))).toBe(
			true,
		);
		expect((await fetch(body.output.images[1])).status).toBe(404);
		expect(fileContent('a.png', 10)).toHaveLength(10);
	});
});

describe('the outputFiles option', () => {
	afterEach(() => sim.configure({ outputFiles: null }));

	it('gives runs without __outputFiles their file URLs; printable content', async () => {
		sim.configure({ outputFiles: { document: 'report.md' } });
		const { body } = await invoke({ topic: 'x' });
		expect(body.output.document).toBe(`${sim.url}/files/report.md?bytes=1024`);
		const text = fileContent('report.md', 1024).toString('latin1');
		expect(text.startsWith('simulated file report.md\n')).toBe(true);
		expect(/^[\x20-\x7e\n]*$/.test(text)).toBe(true);
		expect(() => sim.configure({ outputFiles: ['x'] })).toThrow(
			'outputFiles must be an object or null',
		);
	});
});
