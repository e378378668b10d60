import {
	AnswerStreamReader,
	readPayload,
} from '../../nodes/GptBots/agent/sendMessage/answerStream';
import {
	StreamBrokenError,
	StreamErrorEvent,
	collectStream,
} from '../../nodes/GptBots/agent/sendMessage/streamedAnswer';

const text = (events: ReturnType<AnswerStreamReader['push']>) =>
	events.map((e) => (e.kind === 'piece' ? e.text : `<${e.kind}>`)).join('');

/** Feeds `body` to a reader cut at every `size` bytes; returns what it read, in order. */
function readInChunks(body: string, size: number): string {
	const bytes = Buffer.from(body, 'utf8');
	const reader = new AnswerStreamReader();
	let out = '';
	for (let i = 0; i < bytes.length; i += size)
		out += text(reader.push(bytes.subarray(i, i + size)));
	return out + text(reader.finish());
}

async function* chunks(...parts: Array<string | Error>) {
	for (const part of parts) {
		if (part instanceof Error) throw part;
		yield Buffer.from(part, 'utf8');
	}
}

describe('readPayload: one event, every plausible form', () => {
	it.each([
		['{"code":3,"message":"Text","data":"Hi"}', 'Hi'],
		['{"code":"3","data":{"text":"Hi"}}', 'Hi'],
		['{"conversation_id":"c","message_id":"m","text":"Hi"}', 'Hi'],
		['{"content":"Hi"}', 'Hi'],
		['{"delta":"Hi"}', 'Hi'],
		['{"delta":{"content":"Hi"}}', 'Hi'],
		['{"choices":[{"delta":{"content":"Hi"}}]}', 'Hi'],
		['{"data":"Hi"}', 'Hi'],
		['"Hi"', 'Hi'],
		['Hi, plain text', 'Hi, plain text'],
	])('%s → a piece', (payload, piece) => {
		expect(readPayload(payload)).toEqual([{ kind: 'piece', text: piece }]);
	});

	it.each([
		'[DONE]',
		'{"code":0,"message":"End"}',
		'{"event":"end"}',
		'{"event":"message_end","conversation_id":"c"}',
	])('%s → the end', (payload) => {
		expect(readPayload(payload)).toEqual([{ kind: 'end' }]);
	});

	it('an error code → GPTBots error; a whole answer → the answer', () => {
		expect(readPayload('{"code":40000,"message":"bad"}')).toEqual([
			{ kind: 'error', code: '40000', message: 'bad' },
		]);
		const answer = { conversation_id: 'c', output: [{ content: { text: 'All' } }] };
		expect(readPayload(JSON.stringify(answer))).toEqual([{ kind: 'answer', answer }]);
	});
});

describe('AnswerStreamReader: framings, chunk borders and UTF-8', () => {
	const pieces = ['Grü', 'ße, 世', '界! 🎉', ' done'];
	const whole = pieces.join('');
	const framings: Array<[string, string]> = [
		[
			'SSE',
			pieces.map((p) => `data: ${JSON.stringify({ code: 3, data: p })}\n\n`).join('') +
				'data: {"code":0}\n\n',
		],
		[
			'compact SSE',
			pieces.map((p) => `data:${JSON.stringify({ text: p })}\n\n`).join('') + 'data:[DONE]\n\n',
		],
		['CRLF SSE', pieces.map((p) => `data: ${JSON.stringify({ content: p })}\r\n\r\n`).join('')],
		[
			'JSON lines',
			pieces.map((p) => `${JSON.stringify({ delta: p })}\n`).join('') + '{"event":"end"}\n',
		],
		[
			'SSE with comments and fields',
			`: ping\nevent: message\nid: 1\n${pieces.map((p) => `data: ${JSON.stringify({ text: p })}\n\n`).join('')}`,
		],
	];
	it.each(framings)('%s, cut at every byte count from 1 to 9', (_name, body) => {
		for (let size = 1; size <= 9; size++)
			expect(readInChunks(body, size).replace(/<end>$/, '')).toBe(whole);
	});

	it('keeps a last event that has no blank line after it', () => {
		expect(readInChunks('data: {"text":"a"}\n\ndata: {"text":"b"}', 4)).toBe('ab');
	});

	it('reads several JSON events on the data lines of one SSE event', () => {
		expect(readInChunks('data: {"text":"a"}\ndata: {"text":"b"}\n\n', 3)).toBe('ab');
	});

	it('notes the ids and usage the events carry', () => {
		const reader = new AnswerStreamReader();
		reader.push('data: {"conversation_id":"c1","message_id":"m1","text":"x"}\n\n');
		reader.push('data: {"event":"end","usage":{"tokens":{"total_tokens":3}}}\n\n');
		expect(reader.ids).toEqual({ conversationId: 'c1', messageId: 'm1' });
		expect(reader.extras.usage).toEqual({ tokens: { total_tokens: 3 } });
	});
});

describe('collectStream', () => {
	it('hands on each piece as it comes and stops at the end event', async () => {
		const seen: string[] = [];
		const got = await collectStream(
			chunks(
				'data: {"code":3,"data":"a"}\n\n',
				'data: {"code":3,"data":"b"}\n\ndata: {"code":0}\n\n',
				'data: {"code":3,"data":"late"}\n\n',
			),
			(piece) => {
				seen.push(piece);
			},
		);
		expect(seen).toEqual(['a', 'b']);
		expect(got).toMatchObject({ text: 'ab', pieces: 2 });
	});

	it('a body that breaks off: StreamBrokenError with every piece received', async () => {
		const broken = collectStream(
			chunks('data: {"text":"kept "}\n\ndata: {"text":"too"}\n\n', new Error('aborted')),
			() => {},
		);
		await expect(broken).rejects.toBeInstanceOf(StreamBrokenError);
		await expect(broken).rejects.toMatchObject({
			received: { text: 'kept too', pieces: 2 },
			message: "The answer's stream broke off after 2 pieces (8 characters received): aborted",
		});
	});

	it('a break after a silence about as long as the Timeout is said to be the Timeout', async () => {
		async function* silentThenAborted(afterMs: number) {
			await new Promise((resolve) => setTimeout(resolve, afterMs));
			yield* [];
			throw new Error('aborted');
		}
		// The body is handed over a little after the socket's clock starts: a silence up to 250 ms
		// short of a 400 ms Timeout still counts as it, and the message gives the Timeout.
		await expect(collectStream(silentThenAborted(200), () => {}, 400)).rejects.toMatchObject({
			message:
				"The answer's stream broke off after 0 pieces (0 characters received): GPTBots sent nothing for 0.4 s (the Timeout option)",
		});
		// A break well before the Timeout is reported as what it was.
		await expect(collectStream(silentThenAborted(0), () => {}, 400)).rejects.toMatchObject({
			message: "The answer's stream broke off after 0 pieces (0 characters received): aborted",
		});
	});

	it('keeps a character cut in two when the body breaks after its first half', async () => {
		const bytes = Buffer.from('data: {"text":"ok"}\n\ndata: {"text":"é"}\n\n');
		async function* cut() {
			yield bytes.subarray(0, bytes.length - 5);
			throw new Error('reset');
		}
		await expect(collectStream(cut(), () => {})).rejects.toMatchObject({
			received: { text: 'ok' },
		});
	});

	it("GPTBots' error in the stream: StreamErrorEvent with the text so far", async () => {
		const failing = collectStream(
			chunks('data: {"text":"a"}\n\ndata: {"code":50000,"message":"model down"}\n\n'),
			() => {},
		);
		await expect(failing).rejects.toBeInstanceOf(StreamErrorEvent);
		await expect(failing).rejects.toMatchObject({ code: '50000', received: { text: 'a' } });
	});

	it('a body that is one whole answer', async () => {
		const answer = {
			conversation_id: 'c',
			message_id: 'm',
			output: [{ content: { text: 'All' } }],
		};
		const got = await collectStream(chunks(JSON.stringify(answer)), () => {});
		expect(got).toMatchObject({ pieces: 0, answer, conversationId: 'c', messageId: 'm' });
	});
});
