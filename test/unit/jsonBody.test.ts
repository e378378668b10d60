import { Base64Content, jsonBody } from '../../nodes/GptBots/shared/transport/jsonBody';

const bytes = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7 + 3) % 256));

describe('jsonBody: files base64-encoded straight into the request body', () => {
	it('a body without files is the plain JSON text', () => {
		const body = { input: { a: 'x', n: 1, nested: [{ b: true }] }, isAsync: false };
		expect(jsonBody(body)).toBe(JSON.stringify(body));
	});

	it.each([1, 2, 3, 4, 49151, 49152, 49153, 98305, 300001])(
		'a %i-byte file: the same JSON as with its base64 string',
		(size) => {
			const file = bytes(size);
			const out = jsonBody({
				input: { doc: { format: 'pdf', base64_content: new Base64Content(file) } },
			});
			expect(Buffer.isBuffer(out)).toBe(true);
			expect(JSON.parse(out.toString())).toEqual({
				input: { doc: { format: 'pdf', base64_content: file.toString('base64') } },
			});
			expect(out.length).toBe(
				Buffer.byteLength(
					JSON.stringify({
						input: { doc: { format: 'pdf', base64_content: file.toString('base64') } },
					}),
				),
			);
		},
	);

	it('several files, in lists and nested, among non-ASCII text and look-alike strings', () => {
		const [a, b, c] = [bytes(10), bytes(70000), bytes(5)];
		const lookAlike = '\u0000gptbots-file-x:0';
		const body = {
			input: {
				text: 'Grüße, 你好 🌍 "quoted" \\ back',
				trap: lookAlike,
				files: [
					{ format: 'png', name: 'ä.png', base64_content: new Base64Content(a) },
					{ format: 'pdf', base64_content: new Base64Content(b) },
				],
				deep: { more: { file: { format: 'txt', base64_content: new Base64Content(c) } } },
			},
		};
		const out = jsonBody(body) as Buffer;
		expect(JSON.parse(out.toString('utf8'))).toEqual({
			input: {
				text: 'Grüße, 你好 🌍 "quoted" \\ back',
				trap: lookAlike,
				files: [
					{ format: 'png', name: 'ä.png', base64_content: a.toString('base64') },
					{ format: 'pdf', base64_content: b.toString('base64') },
				],
				deep: { more: { file: { format: 'txt', base64_content: c.toString('base64') } } },
			},
		});
	});

	it('lets the bytes go once written: a second body with the same content is refused', () => {
		const content = new Base64Content(bytes(9));
		jsonBody({ f: content });
		expect(content.encodedLength).toBe(0);
		expect(() => jsonBody({ f: content })).toThrow(/already written/);
	});
});
