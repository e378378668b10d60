import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import type { StreamChunk } from '../harness/engine';
import { everythingShown, json, paired, runWorkflowNode, useSimulator } from './fixture';
import { AGENT_KEY, agentState, runAgentNode } from './agentFixture';

const holder = useSimulator({ streamPieceMs: 1 });

const send = (extra: IDataObject = {}) => ({
	operation: 'sendMessage',
	conversation: 'new',
	text: '={{ $json.q }}',
	...extra,
});

describe("Send Message, blocking and webhook, in n8n-core's engine against the simulator", () => {
	it('a new conversation per item: creates one, sends the text, outputs the answer', async () => {
		const { sim } = holder;
		const result = await runAgentNode(sim, {
			parameters: send({ userId: 'u-1' }),
			items: [{ q: 'hello' }, { q: 'again' }],
		});
		expect(result.error).toBeUndefined();
		const out = json(result.items);
		expect(out.map((o) => o.text)).toEqual(['You said: hello', 'You said: again']);
		expect(out[0]).toMatchObject({
			responseMode: 'blocking',
			usage: { tokens: expect.any(Object) },
		});
		expect(out[0].conversationId).not.toEqual(out[1].conversationId);
		expect(typeof out[0].messageId).toBe('string');
		expect((out[0].answer as { output: unknown[] }).output).toHaveLength(1);
		expect(paired(result.items)).toEqual([{ item: 0 }, { item: 1 }]);
		const agent = agentState(sim);
		expect([...agent.conversations.values()].map((c) => c.userId)).toEqual(['u-1', 'u-1']);
		expect(agent.messages.map((m) => [m.mode, m.messages[0].text])).toEqual([
			['blocking', 'hello'],
			['blocking', 'again'],
		]);
	});

	it('joins the texts of an answer given in two output entries; Text Only output', async () => {
		const result = await runAgentNode(holder.sim, {
			parameters: send({
				options: {
					outputMode: 'textOnly',
					customVariables: { variable: [{ name: '__variants', value: '{"outputs":"two"}' }] },
				},
			}),
			items: [{ q: 'split me in two' }],
		});
		expect(json(result.items)).toEqual([
			{
				conversationId: expect.any(String),
				messageId: expect.any(String),
				text: 'You said: split me in two',
			},
		]);
	});

	it('sends the options as conversation_config', async () => {
		const { sim } = holder;
		await runAgentNode(sim, {
			parameters: send({
				options: {
					knowledgeDataIds: 'd1, d2',
					knowledgeGroupIds: 'g1',
					longTermMemory: false,
					shortTermMemory: true,
					customVariables: { variable: [{ name: 'tone', value: 'friendly' }] },
				},
			}),
			items: [{ q: 'configured' }],
		});
		expect(agentState(sim).messages[0].config).toEqual({
			long_term_memory: false,
			short_term_memory: true,
			knowledge: { data_ids: ['d1', 'd2'], group_ids: ['g1'] },
			custom_variables: { tone: 'friendly' },
		});
	});

	it('continues a given conversation; one GPTBots does not know fails clearly, nothing sent', async () => {
		const { sim } = holder;
		const first = await runAgentNode(sim, { parameters: send(), items: [{ q: 'one' }] });
		const conversationId = json(first.items)[0].conversationId as string;
		const result = await runAgentNode(sim, {
			parameters: send({ conversation: 'id', conversationId: '={{ $json.id }}' }),
			items: [
				{ q: 'two', id: conversationId },
				{ q: 'lost', id: '6a0000000000000000000000' },
			],
			continueOnFail: true,
		});
		const out = json(result.items);
		expect(out[0]).toMatchObject({ conversationId, text: 'You said: two' });
		expect(out[1]).toMatchObject({
			error:
				'Conversation ID: GPTBots does not know the conversation "6a0000000000000000000000" [item 1]',
			errorKind: 'unknownConversation',
			field: 'Conversation ID',
		});
		expect(sim.state.agent).toBeDefined();
		expect(agentState(sim).messages.map((m) => m.messages[0].text)).toEqual(['one', 'two']);
		expect(agentState(sim).conversations.get(conversationId)!.history).toHaveLength(4);
	});

	it('webhook mode: the message is accepted and the output says where the answer goes', async () => {
		const { sim } = holder;
		sim.configure({ agentWebhookUrl: 'http://127.0.0.1:9/agent-hook', agentWebhookDelayMs: 5000 });
		const result = await runAgentNode(sim, {
			parameters: send({ responseMode: 'webhook' }),
			items: [{ q: 'later please' }],
		});
		const [out] = json(result.items);
		expect(out).toMatchObject({
			responseMode: 'webhook',
			accepted: true,
			text: '',
			note: expect.stringContaining('Agent Trigger'),
		});
		expect(out.messageId).toEqual(expect.any(String));
		expect(agentState(sim).messages.map((m) => m.mode)).toEqual(['webhook']);
	});

	it('no text and no files: an error naming the field and the item, before any request', async () => {
		const { sim } = holder;
		const result = await runAgentNode(sim, {
			parameters: send(),
			items: [{ q: 'fine' }, { q: '  ' }],
			continueOnFail: true,
		});
		expect(json(result.items)[1]).toMatchObject({
			error: 'Text: is empty and no files are given: a message needs text, files or both [item 1]',
			field: 'Text',
		});
		expect(sim.state.counts.conversation).toBe(1);
		expect(sim.state.counts.message).toBe(1);
	});

	it('many items run concurrently, in order, with pairedItem', async () => {
		const { sim } = holder;
		sim.configure({ latencyMs: 20 });
		const items = Array.from({ length: 24 }, (_, i) => ({ q: `m${i}` }));
		const result = await runAgentNode(sim, {
			parameters: send({ options: { concurrency: 6 } }),
			items,
		});
		expect(json(result.items).map((o) => o.text)).toEqual(items.map((i) => `You said: ${i.q}`));
		expect(paired(result.items)).toEqual(items.map((_, i) => ({ item: i })));
		expect(sim.state.peakInFlight).toBeGreaterThan(1);
		expect(sim.state.peakInFlight).toBeLessThanOrEqual(6);
	});
});

describe('sending again only what GPTBots certainly did not take', () => {
	it('a 429 is sent again (GPTBots refused it); a 502 or a reset after sending are not', async () => {
		const { sim } = holder;
		sim.configure({ retryAfterSeconds: 0.05 });
		sim.faults.queue('/v2/conversation/message', 'rate_limit', 1);
		const retried = await runAgentNode(sim, { parameters: send(), items: [{ q: 'again' }] });
		expect(json(retried.items)[0].text).toBe('You said: again');
		expect(sim.state.counts.message).toBe(2);
		for (const fault of ['bad_gateway', 'reset_after']) {
			sim.reset();
			sim.configure({ streamPieceMs: 1 });
			sim.faults.queue('/v2/conversation/message', fault, 1);
			const result = await runAgentNode(sim, {
				parameters: send({ responseMode: fault === 'reset_after' ? 'streaming' : 'blocking' }),
				items: [{ q: 'once' }],
				continueOnFail: true,
			});
			expect([fault, json(result.items)[0].error]).toEqual([
				fault,
				expect.stringMatching(/\[item 0\]$/),
			]);
			expect([fault, sim.state.counts.message]).toEqual([fault, 1]);
		}
	});
});

describe('the key of the other product', () => {
	it('a workflow key on the agent node: the error says so, and the key is shown nowhere', async () => {
		const { sim } = holder;
		const result = await runAgentNode(sim, {
			parameters: send(),
			items: [{ q: 'hi' }],
			apiKey: 'sim-key-123',
		});
		const error = result.nodeError as { message: string; description: string };
		expect(error.message).toBe(
			'The API key in the GPTBots API credential belongs to a workflow, not an agent [item 0]',
		);
		expect(error.description).toMatch(/GPTBots Agent node needs the API key of an agent/);
		expect(sim.state.counts.verify).toBe(1);
		expect(everythingShown(result)).not.toContain('sim-key-123');
	});

	it('an agent key on the workflow node: the error says so', async () => {
		const { sim } = holder;
		const result = await runWorkflowNode(sim, {
			parameters: { operation: 'invoke', mode: 'sync', inputSource: 'json', inputJson: '{}' },
			apiKey: AGENT_KEY,
		});
		expect((result.nodeError as Error).message).toBe(
			'The API key in the GPTBots API credential belongs to an agent, not a workflow [item 0]',
		);
		expect(everythingShown(result)).not.toContain(AGENT_KEY);
	});

	it('a right key costs no verify call', async () => {
		const { sim } = holder;
		await runAgentNode(sim, { parameters: send(), items: [{ q: 'hi' }] });
		expect(sim.state.counts.verify).toBe(0);
	});
});

describe('streaming', () => {
	const streaming = (extra: IDataObject = {}) => send({ responseMode: 'streaming', ...extra });

	it("into n8n's chat: begin, every piece as GPTBots sends it, end; the output has the whole text", async () => {
		const { sim } = holder;
		const chunks: Array<StreamChunk & { at: number }> = [];
		const result = await runAgentNode(sim, {
			parameters: streaming({
				options: { customVariables: { variable: [{ name: '__pieceMs', value: '30' }] } },
			}),
			items: [{ q: 'stream this answer to me please' }],
			onChunk: (chunk) => chunks.push({ ...chunk, at: Date.now() }),
		});
		const answer = 'You said: stream this answer to me please';
		expect(json(result.items)[0]).toMatchObject({ text: answer, responseMode: 'streaming' });
		expect(chunks[0]).toMatchObject({ type: 'begin', metadata: { itemIndex: 0 } });
		expect(chunks.at(-1)).toMatchObject({ type: 'end', metadata: { itemIndex: 0 } });
		const items = chunks.filter((c) => c.type === 'item');
		const sent = agentState(sim).streams[0].pieces;
		expect(items.map((c) => c.content)).toEqual(sent.map((p) => p.text));
		expect(items.length).toBeGreaterThanOrEqual(3);
		expect(items.map((c) => c.content).join('')).toBe(answer);
		// Each piece reached the chat before GPTBots sent the next one.
		for (let i = 0; i + 1 < items.length; i++)
			expect(items[i].at).toBeLessThanOrEqual(sent[i + 1].sentAt);
	});

	it('an answer GPTBots sends whole instead of streaming still reaches the chat', async () => {
		const { sim } = holder;
		const body = {
			conversation_id: 'c-whole',
			message_id: 'm-whole',
			output: [{ content: { text: 'All at ' } }, { content: { text: 'once' } }],
			usage: { tokens: { total_tokens: 3 } },
		};
		// As if GPTBots ignored response_mode: the streaming request answered like a blocking one.
		nock(sim.url, { allowUnmocked: true })
			.post('/v2/conversation/message')
			.reply(200, body, { 'Content-Type': 'application/json' });
		const chunks: StreamChunk[] = [];
		try {
			const result = await runAgentNode(sim, {
				parameters: streaming(),
				items: [{ q: 'whole' }],
				onChunk: (chunk) => chunks.push(chunk),
			});
			expect(json(result.items)[0]).toMatchObject({
				text: 'All at once',
				messageId: 'm-whole',
				pieces: 0,
				answer: body,
				usage: body.usage,
			});
			expect(chunks.map((c) => [c.type, c.content])).toEqual([
				['begin', undefined],
				['item', 'All at once'],
				['end', undefined],
			]);
		} finally {
			nock.cleanAll();
		}
	});

	it('collected into one answer when the execution cannot stream', async () => {
		const result = await runAgentNode(holder.sim, {
			parameters: streaming(),
			items: [{ q: 'collect these words' }],
		});
		expect(json(result.items)[0]).toMatchObject({
			text: 'You said: collect these words',
			pieces: 5,
			messageId: expect.any(String),
		});
	});

	const forms: Array<[string, IDataObject]> = [
		['{code:3} pieces, {code:0} end', { stream: 'code', streamEnd: 'event' }],
		['text pieces, [DONE]', { stream: 'text', streamEnd: 'done', framing: 'compact' }],
		['content pieces, CRLF, close', { stream: 'content', streamEnd: 'close', framing: 'crlf' }],
		['delta pieces as JSON lines', { stream: 'delta', streamEnd: 'event', framing: 'ndjson' }],
		['UTF-8 cut in two between writes', { stream: 'text', splitWrites: true }],
	];
	it.each(forms)('reads every stream form: %s', async (_name, variants) => {
		const answer = 'Grüße, 世界! 🎉 ünïcödé — straße';
		const result = await runAgentNode(holder.sim, {
			parameters: streaming({
				options: {
					customVariables: {
						variable: [
							{ name: '__variants', value: JSON.stringify(variants) },
							{ name: '__answer', value: answer },
							{ name: '__pieces', value: '7' },
						],
					},
				},
			}),
			items: [{ q: 'form' }],
		});
		expect(result.error).toBeUndefined();
		expect(json(result.items)[0]).toMatchObject({ text: answer, pieces: 7 });
	});

	it('a stream that breaks off: the error names the item, keeps the text so far, sends nothing again', async () => {
		const { sim } = holder;
		sim.faults.queue('/v2/conversation/message', 'stream_break', 1);
		const chunks: StreamChunk[] = [];
		const result = await runAgentNode(sim, {
			parameters: streaming(),
			items: [{ q: 'break in the middle of this' }, { q: 'fine' }],
			continueOnFail: true,
			onChunk: (chunk) => chunks.push(chunk),
		});
		const [broken, fine] = json(result.items);
		const sent = agentState(sim)
			.streams[0].pieces.map((p) => p.text)
			.join('');
		expect(sent.length).toBeGreaterThan(0);
		expect(broken).toMatchObject({
			errorKind: 'streamBroken',
			text: sent,
			conversationId: expect.any(String),
		});
		expect(broken.error).toMatch(/^The answer's stream broke off after \d+ pieces? .* \[item 0\]$/);
		expect(fine).toMatchObject({ text: 'You said: fine' });
		expect(sim.state.counts.message).toBe(2);
		const item0 = chunks.filter((c) => c.metadata.itemIndex === 0);
		expect(
			item0
				.filter((c) => c.type === 'item')
				.map((c) => c.content)
				.join(''),
		).toBe(sent);
		expect(item0.at(-1)!.type).toBe('end');
	});
});

describe('a stream that falls silent', () => {
	it('breaks off after the Timeout with the text so far, saying GPTBots sent nothing', async () => {
		const { sim } = holder;
		const result = await runAgentNode(sim, {
			parameters: send({
				responseMode: 'streaming',
				options: {
					timeout: 1,
					customVariables: { variable: [{ name: '__pieceMs', value: '1600' }] },
				},
			}),
			items: [{ q: 'slow' }],
			continueOnFail: true,
		});
		const [out] = json(result.items);
		expect(out.error).toMatch(
			/^The answer's stream broke off after 0 pieces \(0 characters received\): GPTBots sent nothing for 1(\.\d)? s \(the Timeout option\) \[item 0\]$/,
		);
		expect(out).toMatchObject({ errorKind: 'streamBroken', text: '' });
		expect(sim.state.counts.message).toBe(1);
	});
});
