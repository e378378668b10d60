'use strict';

/**
 * Streamed agent answers over real HTTP: every event form the variants offer, the pace of the
 * pieces (each arrives before the next is sent), writes cut in the middle of an event (and of
 * a UTF-8 character), and a stream that breaks in the middle.
 */

const { AGENT_KEY, useSimulator } = require('./helpers');

const { sim, agent } = useSimulator({ streamPieceMs: 0 });

/**
 * Sends a streaming message and reads the raw body as it arrives: `chunks` with arrival times.
 * @param {string} conversationId
 * @param {string} text
 * @param {Record<string, unknown>} [customVariables]
 */
async function stream(conversationId, text, customVariables) {
	const res = await fetch(`${sim.url}/v2/conversation/message`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${AGENT_KEY}`, 'Content-Type': 'application/json' },
		body: JSON.stringify({
			conversation_id: conversationId,
			response_mode: 'streaming',
			messages: [{ role: 'user', content: text }],
			...(customVariables && { conversation_config: { custom_variables: customVariables } }),
		}),
	});
	/** @type {{ bytes: number, at: number }[]} */
	const chunks = [];
	/** @type {Buffer[]} */
	const bytes = [];
	/** @type {unknown} */
	let error = null;
	try {
		// a streamed answer always has a body (fetch gives null only for an answer without one)
		for await (const chunk of /** @type {ReadableStream<Uint8Array>} */ (res.body)) {
			chunks.push({ bytes: chunk.length, at: Date.now() });
			bytes.push(Buffer.from(chunk));
		}
	} catch (caught) {
		error = caught;
	}
	return {
		status: res.status,
		type: res.headers.get('content-type'),
		raw: Buffer.concat(bytes).toString('utf8'),
		chunks,
		error,
	};
}

/** The data of each event, for the framing used (blank lines and `data:` prefixes off). */
const events = (/** @type {string} */ raw) =>
	raw
		.split(/\r?\n/)
		.filter((line) => line.trim() !== '')
		.map((line) => line.replace(/^data: ?/, ''));

it('default form: data lines {code:3, data} … {code:0}, one piece per word, text intact', async () => {
	const id = await agent.conversation();
	const got = await stream(id, 'Hello streaming world');
	expect(got.status).toBe(200);
	expect(got.type).toBe('text/event-stream; charset=utf-8');
	expect(got.raw).toBe(
		[
			'data: {"code":3,"message":"Text","data":"You "}',
			'data: {"code":3,"message":"Text","data":"said: "}',
			'data: {"code":3,"message":"Text","data":"Hello "}',
			'data: {"code":3,"message":"Text","data":"streaming "}',
			'data: {"code":3,"message":"Text","data":"world"}',
			'data: {"code":0,"message":"End"}',
			'',
			'',
		]
			.join('\n\n')
			.slice(0, -2),
	);
	const [record] = sim.state.agent.streams;
	expect(record.pieces.map((p) => p.text).join('')).toBe('You said: Hello streaming world');
	expect(record).toMatchObject({ broken: false, endSentAt: expect.any(Number) });
	// the history holds the whole answer
	const history = await agent.history({ conversation_id: id, page: 1, page_size: 10 });
	expect(history.json.conversation_content[1].content[0].branch_content[0].text).toBe(
		'You said: Hello streaming world',
	);
});

describe.each([
	['text', 'sse', 'event', 'text/event-stream; charset=utf-8'],
	['content', 'compact', 'done', 'text/event-stream; charset=utf-8'],
	['delta', 'crlf', 'close', 'text/event-stream; charset=utf-8'],
	['code', 'ndjson', 'done', 'application/x-ndjson'],
	['delta', 'ndjson', 'event', 'application/x-ndjson'],
])('form %s, framing %s, end %s', (form, framing, end, type) => {
	it('carries every piece under its key and ends as chosen (server option and per message alike)', async () => {
		const variants = { stream: form, framing, streamEnd: end };
		for (const how of ['server', 'message']) {
			sim.configure({ agentVariants: how === 'server' ? variants : {} });
			const id = await agent.conversation();
			const got = await stream(
				id,
				'a b c',
				how === 'message' ? { __variants: variants } : undefined,
			);
			expect(got.type).toBe(type);
			const lines = events(got.raw);
			if (framing === 'compact') expect(got.raw).toMatch(/^data:\{/);
			if (framing === 'crlf') expect(got.raw).toContain('\r\n\r\n');
			if (framing === 'ndjson') expect(got.raw).not.toContain('data:');
			const key = form === 'code' ? 'data' : form;
			const pieces = lines.filter(
				(l) => l.startsWith('{') && JSON.parse(l)[key] !== undefined && JSON.parse(l).code !== 0,
			);
			expect(pieces.map((l) => JSON.parse(l)[key]).join('')).toBe('You said: a b c');
			if (form !== 'code')
				expect(JSON.parse(pieces[0])).toMatchObject({
					conversation_id: id,
					message_id: expect.any(String),
				});
			const last = lines[lines.length - 1];
			if (end === 'done') expect(last).toBe('[DONE]');
			if (end === 'close') expect(last).toBe(pieces.at(-1));
			if (end === 'event')
				expect(JSON.parse(last)).toEqual(
					form === 'code' ? { code: 0, message: 'End' } : expect.objectContaining({ event: 'end' }),
				);
		}
	});
});

it('pieces come at the set pace, each arriving before the next is sent', async () => {
	const id = await agent.conversation();
	const got = await stream(id, 'pace', { __pieces: 6, __pieceMs: 60 });
	const [record] = sim.state.agent.streams;
	expect(record.pieces).toHaveLength(6);
	expect(record.pieces.map((p) => p.text).join('')).toBe('You said: pace');
	const gaps = record.pieces.slice(1).map((p, i) => p.sentAt - record.pieces[i].sentAt);
	for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(50);
	// the first piece reached the client long before the last was sent
	expect(got.chunks[0].at).toBeLessThan(record.pieces[record.pieces.length - 1].sentAt - 200);
	expect(got.chunks.length).toBeGreaterThanOrEqual(6);
});

it('server options streamPieces and streamPieceMs; a long answer in 200 pieces', async () => {
	sim.configure({ streamPieces: 200, streamPieceMs: 1 });
	const id = await agent.conversation();
	const got = await stream(id, 'x');
	const pieces = events(got.raw)
		.map((l) => JSON.parse(l))
		.filter((e) => e.code === 3);
	expect(pieces).toHaveLength(200);
	expect(pieces.map((e) => e.data).join('')).toMatch(/^You said: x( more)+$/);
});

it('split writes cut events (and UTF-8 characters) in two; the text survives a byte-wise reassembly', async () => {
	sim.configure({ agentVariants: { splitWrites: true } });
	const id = await agent.conversation();
	const got = await stream(id, 'héllo wörld ✓', { __pieceMs: 10 });
	expect(got.chunks.length).toBeGreaterThan(6); // 6 events, written in halves
	const text = events(got.raw)
		.map((l) => JSON.parse(l))
		.filter((e) => e.code === 3)
		.map((e) => e.data)
		.join('');
	expect(text).toBe('You said: héllo wörld ✓');
});

it('the stream_break fault breaks the stream after half the pieces, with no end event', async () => {
	const id = await agent.conversation();
	sim.faults.queue('/v2/conversation/message', 'stream_break');
	const got = await stream(id, 'one two three four five six', { __pieceMs: 5 });
	expect(got.error).not.toBeNull();
	const sent = events(got.raw).map((l) => JSON.parse(l));
	expect(sent.every((e) => e.code === 3)).toBe(true);
	const [record] = sim.state.agent.streams;
	expect(record).toMatchObject({ broken: true, endSentAt: null });
	expect(record.pieces).toHaveLength(4); // of 8
	expect(sent.map((e) => e.data).join('')).toBe(record.pieces.map((p) => p.text).join(''));
	expect(sim.state.faultsInjected.stream_break).toBe(1);
	// on a blocking message the same fault drops the connection after the message took effect
	sim.faults.queue('/v2/conversation/message', 'stream_break');
	await expect(
		agent.send({ conversation_id: id, messages: [{ role: 'user', content: 'b' }] }),
	).rejects.toThrow();
	expect(sim.state.agent.messages).toHaveLength(2);
});

it('a client that goes away ends the stream early; reset() stops it', async () => {
	const id = await agent.conversation();
	const controller = new AbortController();
	const res = await fetch(`${sim.url}/v2/conversation/message`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${AGENT_KEY}`, 'Content-Type': 'application/json' },
		body: JSON.stringify({
			conversation_id: id,
			response_mode: 'streaming',
			messages: [{ role: 'user', content: 'x' }],
			conversation_config: { custom_variables: { __pieces: 50, __pieceMs: 20 } },
		}),
		signal: controller.signal,
	});
	// a streamed answer always has a body
	const reader = /** @type {ReadableStream<Uint8Array>} */ (res.body).getReader();
	await reader.read();
	controller.abort();
	const [record] = sim.state.agent.streams;
	await new Promise((resolve) => setTimeout(resolve, 100));
	expect(record.clientGone).toBe(true);
	expect(record.pieces.length).toBeLessThan(50);
});
