'use strict';

/** The agent (conversation) API over real HTTP: keys, conversations, blocking answers, message parts, history, errors. */

const { AGENT_KEY, KEY, VERIFY, useSimulator } = require('./helpers');

const { sim, call, agent } = useSimulator({ streamPieceMs: 0 });

const b64 = (/** @type {string} */ text) => Buffer.from(text).toString('base64');
const userMessage = (/** @type {unknown} */ content) => [{ role: 'user', content }];

describe('keys', () => {
	it('verify tells an agent key from a workflow key; each works only on its own product', async () => {
		expect((await call(VERIFY, { key: AGENT_KEY })).json).toEqual({
			code: 0,
			message: 'success',
			data: { type: 'AGENT', id: 'agent_sim_1', name: 'Simulated agent' },
		});
		expect((await call(VERIFY, { key: KEY })).json.data.type).toBe('WORKFLOW');
		const wrong = await call('/v1/conversation', {
			method: 'POST',
			body: { user_id: 'u' },
			key: KEY,
		});
		expect(wrong).toMatchObject({ status: 403, json: { code: 40300 } });
		expect(wrong.json.message).toContain('a workflow');
		const invoke = await call('/v1/workflow/invoke', {
			method: 'POST',
			body: { input: {} },
			key: AGENT_KEY,
		});
		expect(invoke).toMatchObject({ status: 403, json: { code: 40300 } });
		expect((await call('/v1/conversation', { method: 'POST', body: {}, key: 'nope' })).status).toBe(
			401,
		);
		// the key is never stored: only its kind
		expect(JSON.stringify(sim.summary())).not.toContain(AGENT_KEY);
		expect(sim.state.requests.map((r) => r.keyKind)).toContain('agent');
	});
});

describe('conversations and blocking answers', () => {
	it('creates a conversation; user_id must be 1 to 32 characters', async () => {
		const created = await agent.create('a'.repeat(32));
		expect(created.status).toBe(200);
		expect(created.json.conversation_id).toMatch(/^[0-9a-f]{24}$/);
		for (const userId of ['a'.repeat(33), '', 7]) {
			const bad = await call('/v1/conversation', {
				method: 'POST',
				body: { user_id: userId },
				key: AGENT_KEY,
			});
			expect(bad).toMatchObject({ status: 400, json: { code: 40000 } });
		}
		expect(sim.state.counts.conversation).toBe(4);
	});

	it('answers a blocking message in the documented shape, and records what came', async () => {
		const id = await agent.conversation();
		const sent = await agent.send({
			conversation_id: id,
			response_mode: 'blocking',
			messages: userMessage('Hello'),
			conversation_config: {
				long_term_memory: true,
				knowledge: { data_ids: ['d1'], group_ids: ['g1'] },
				custom_variables: { city: 'Paris' },
			},
		});
		expect(sent.status).toBe(200);
		expect(sent.json).toMatchObject({
			conversation_id: id,
			message_id: expect.stringMatching(/^[0-9a-f]{24}$/),
			create_time: expect.any(Number),
			output: [{ from_component_branch: '1', content: { text: 'You said: Hello' } }],
			usage: {
				tokens: { total_tokens: expect.any(Number) },
				credits: { total_credits: expect.any(Number) },
			},
		});
		const [record] = sim.state.agent.messages;
		expect(record).toMatchObject({
			mode: 'blocking',
			conversationId: id,
			answer: 'You said: Hello',
		});
		expect(record.config?.knowledge).toEqual({ data_ids: ['d1'], group_ids: ['g1'] });
	});

	it('a second message continues the same conversation; custom variables steer the answer', async () => {
		const id = await agent.conversation();
		await agent.send({ conversation_id: id, messages: userMessage('one') });
		const second = await agent.send({
			conversation_id: id,
			messages: userMessage('two'),
			conversation_config: {
				custom_variables: { __answer: 'Fixed answer', __variants: '{"outputs":"two"}' },
			},
		});
		expect(second.json.output.map((/** @type {any} */ o) => o.content.text)).toEqual([
			'Fixed ',
			'answer',
		]);
		expect(sim.state.agent.messages.map((m) => m.conversationId)).toEqual([id, id]);
	});
});

describe('message parts', () => {
	it('takes text, image, audio and document parts, files as one object or a list, url or base64', async () => {
		const id = await agent.conversation();
		const sent = await agent.send({
			conversation_id: id,
			messages: userMessage([
				{ type: 'text', text: 'What is in these?' },
				{
					type: 'image',
					image: [
						{ base64_content: b64('png bytes'), format: 'png', name: 'a.png' },
						{ url: 'https://example.com/b.jpg', format: 'jpg', name: 'b.jpg' },
					],
				},
				{
					type: 'audio',
					audio: { url: 'https://example.com/c.mp3', format: 'mp3', name: 'c.mp3' },
				},
				{
					type: 'document',
					document: [{ base64_content: b64('%PDF'), format: 'pdf', name: 'd.pdf' }],
				},
			]),
		});
		expect(sent.status).toBe(200);
		expect(sent.json.output[0].content.text).toBe(
			'You said: What is in these? (4 files: a.png, b.jpg, c.mp3, d.pdf)',
		);
		const { parts } = sim.state.agent.messages[0].messages[0];
		expect(parts.map((p) => [p.type, p.asList, p.files?.map((f) => f.source)])).toEqual([
			['text', undefined, undefined],
			['image', true, ['base64', 'url']],
			['audio', false, ['url']],
			['document', true, ['base64']],
		]);
		expect(parts[3].files?.[0]).toMatchObject({
			format: 'pdf',
			name: 'd.pdf',
			bytes: 4,
			sha256: expect.any(String),
		});
		// the request records keep no file content
		expect(JSON.stringify(sim.state.requests)).not.toContain(b64('png bytes'));
	});

	it('refuses bad messages with a message naming the field', async () => {
		const id = await agent.conversation();
		const cases = [
			[[], 'messages must be a non-empty array'],
			[userMessage([]), 'messages[0].content must be'],
			[userMessage([{ type: 'video', video: {} }]), 'messages[0].content[0].type'],
			[
				userMessage([{ type: 'image', image: { url: 'https://x/y.pdf', format: 'pdf' } }]),
				'format "pdf" is not an image format',
			],
			[
				userMessage([{ type: 'document', document: { format: 'exe', url: 'https://x/y' } }]),
				'unknown file format "exe"',
			],
			[
				userMessage([{ type: 'document', document: { format: 'pdf', base64_content: '!!' } }]),
				'not valid base64',
			],
			[
				userMessage([{ type: 'document', document: { format: 'pdf' } }]),
				'needs url or base64_content',
			],
			[userMessage('  '), 'has no text and no files'],
			[[{ role: 'assistant', content: 'hi' }], 'the last message must have role user'],
		];
		for (const [messages, problem] of cases) {
			const answer = await agent.send({ conversation_id: id, messages });
			expect(answer).toMatchObject({ status: 400, json: { code: 40000 } });
			expect(answer.json.message).toContain(problem);
		}
		const badMode = await agent.send({
			conversation_id: id,
			response_mode: 'fast',
			messages: userMessage('x'),
		});
		expect(badMode.json.message).toContain('response_mode');
		const badConfig = await agent.send({
			conversation_id: id,
			messages: userMessage('x'),
			conversation_config: { knowledge: { data_ids: 'd1' } },
		});
		expect(badConfig.json.message).toContain('conversation_config.knowledge.data_ids');
		expect(sim.state.agent.messages).toHaveLength(0);
	});

	it('an unknown conversation id is an error, and nothing is recorded', async () => {
		const answer = await agent.send({
			conversation_id: '0123456789abcdef01234567',
			messages: userMessage('x'),
		});
		expect(answer).toMatchObject({ status: 400, json: { code: 40000 } });
		expect(answer.json.message).toContain('0123456789abcdef01234567');
		const history = await agent.history({ conversation_id: 'nope', page: 1, page_size: 10 });
		expect(history.status).toBe(400);
		expect(sim.state.agent.messages).toHaveLength(0);
	});
});

describe('history', () => {
	/** @param {number} turns */
	async function conversationWithTurns(turns) {
		const id = await agent.conversation();
		for (let i = 1; i <= turns; i++)
			await agent.send({ conversation_id: id, messages: userMessage(`q${i}`) });
		return id;
	}

	it('v2 shape, oldest first, paged; files as URLs the simulator serves', async () => {
		const id = await conversationWithTurns(3);
		await agent.send({
			conversation_id: id,
			messages: userMessage([
				{
					type: 'document',
					document: { base64_content: b64('hello'), format: 'txt', name: 'h.txt' },
				},
			]),
		});
		const first = await agent.history({ conversation_id: id, page: 1, page_size: 5 });
		expect(first.json.total).toBe(8);
		expect(first.json.conversation_content.map((/** @type {any} */ m) => m.role)).toEqual([
			'user',
			'assistant',
			'user',
			'assistant',
			'user',
		]);
		const [q1, a1] = first.json.conversation_content;
		expect(a1.parent_message_id).toBe(q1.message_id);
		expect(q1.content).toEqual([{ branch_content: [{ type: 'text', text: 'q1' }] }]);
		const last = await agent.history({ conversation_id: id, page: 2, page_size: 5 });
		expect(last.json.conversation_content).toHaveLength(3);
		const file = last.json.conversation_content[1].content[0].branch_content[0].document[0];
		expect(file).toMatchObject({ format: 'txt', name: 'h.txt', size: 5 });
		expect((await fetch(file.url)).status).toBe(200);
	});

	it('v1 shape from /v1/messages, and from /v2/messages with the history variant', async () => {
		const id = await conversationWithTurns(1);
		const v1 = await agent.history({ conversation_id: id, page: 1, page_size: 10 }, 'v1');
		expect(v1.json).toEqual({
			total: 2,
			messages: [
				expect.objectContaining({ message_type: 'QUESTION', text: 'q1', parent_message_id: '' }),
				expect.objectContaining({ message_type: 'ANSWER', text: 'You said: q1' }),
			],
		});
		sim.configure({ agentVariants: { history: 'v1' } });
		expect((await agent.history({ conversation_id: id, page: 1, page_size: 10 })).json).toEqual(
			v1.json,
		);
	});

	it('validates paging', async () => {
		const id = await conversationWithTurns(0);
		/** @type {Record<string, number>[]} */
		const pagings = [{ page: 0, page_size: 10 }, { page: 1, page_size: 101 }, { page: 1 }];
		for (const params of pagings) {
			const answer = await agent.history({ conversation_id: id, ...params });
			expect(answer).toMatchObject({ status: 400, json: { code: 40000 } });
		}
	});
});

describe('faults and limits, as for workflows', () => {
	it('queued faults and 429s hit the send-message endpoint', async () => {
		const id = await agent.conversation();
		sim.faults.queue('/v2/conversation/message', 'rate_limit');
		const limited = await agent.send({ conversation_id: id, messages: userMessage('x') });
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('1');
		sim.faults.queue('/v2/conversation/message', 'reset_after');
		await expect(
			agent.send({ conversation_id: id, messages: userMessage('taken') }),
		).rejects.toThrow();
		// reset_after: the message took effect (it is in the history) though no answer came
		expect(sim.state.agent.messages.map((m) => m.answer)).toEqual(['You said: taken']);
		expect(sim.state.counts).toMatchObject({ message: 2, rateLimited: 1 });
	});

	it('maxInFlight limits concurrent messages with 429', async () => {
		sim.configure({ maxInFlight: 1, latencyMs: 400 });
		const id = await agent.conversation();
		const answers = await Promise.all(
			[1, 2, 3].map((n) => agent.send({ conversation_id: id, messages: userMessage(`m${n}`) })),
		);
		const statuses = answers.map((a) => a.status);
		expect(statuses).toContain(200);
		expect(statuses).toContain(429); // under heavy machine load the three may not all overlap
		expect(sim.state.peakInFlight).toBe(1);
	});
});
