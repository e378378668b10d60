import nock from 'nock';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { everythingShown, json, useSimulator } from './fixture';
import { AGENT_KEY, agentState, runAgentNode } from './agentFixture';

const holder = useSimulator({ streamPieceMs: 1 });

const chat = { operation: 'sendMessage', conversation: 'chatSession' };

/** Items as n8n's Chat Trigger gives them. */
const chatItem = (sessionId: string, chatInput: string) => ({
	sessionId,
	action: 'sendMessage',
	chatInput,
});

describe('one GPTBots conversation per n8n chat session', () => {
	it('finds the conversation again on every message of a session; keeps it in static data', async () => {
		const { sim } = holder;
		const staticData: IDataObject = {};
		const session = '0b6a4a5e-1f0e-4a3c-9d8c-4f7a2e1b3c5d';
		const first = await runAgentNode(sim, {
			parameters: chat,
			items: [chatItem(session, 'hello')],
			staticData,
		});
		const second = await runAgentNode(sim, {
			parameters: chat,
			items: [chatItem(session, 'and again'), chatItem('other-session', 'me too')],
			staticData,
		});
		const [a] = json(first.items);
		const [b, other] = json(second.items);
		expect(a).toMatchObject({ text: 'You said: hello', sessionId: session });
		expect(b.conversationId).toBe(a.conversationId);
		expect(other.conversationId).not.toBe(a.conversationId);
		const conversation = agentState(sim).conversations.get(a.conversationId as string)!;
		expect(conversation.history.map((h) => h.text)).toEqual([
			'hello',
			'You said: hello',
			'and again',
			'You said: and again',
		]);
		// GPTBots' user_id: the session id without dashes (32 characters).
		expect(conversation.userId).toBe(session.replace(/-/g, ''));
		const saved = (staticData['node:GPTBots Agent'] as IDataObject).chatSessions as IDataObject;
		expect(saved[`1:${session}`]).toEqual([a.conversationId, expect.any(Number)]);
	});

	it('after a restart (nothing in this process) the saved mapping is used', async () => {
		const { sim } = holder;
		const created = await runAgentNode(sim, {
			parameters: { operation: 'createConversation', userId: 'restart' },
		});
		const conversationId = json(created.items)[0].conversationId as string;
		const session = `restarted-${Date.now()}`;
		const staticData = {
			'node:GPTBots Agent': { chatSessions: { [`1:${session}`]: [conversationId, 1] } },
		};
		const result = await runAgentNode(sim, {
			parameters: chat,
			items: [chatItem(session, 'remember me?')],
			staticData,
		});
		expect(json(result.items)[0].conversationId).toBe(conversationId);
		expect(sim.state.counts.conversation).toBe(1);
	});

	it('a saved conversation GPTBots no longer knows is replaced; the message is sent once', async () => {
		const { sim } = holder;
		const session = `gone-${Date.now()}`;
		const staticData = {
			'node:GPTBots Agent': { chatSessions: { [`1:${session}`]: ['6a00000000000000000000ff', 1] } },
		};
		const result = await runAgentNode(sim, {
			parameters: chat,
			items: [chatItem(session, 'still there?')],
			staticData,
		});
		const [out] = json(result.items);
		expect(out).toMatchObject({ text: 'You said: still there?' });
		expect(out.conversationId).not.toBe('6a00000000000000000000ff');
		expect(agentState(sim).messages).toHaveLength(1);
		expect(JSON.stringify(staticData)).toContain(out.conversationId as string);
		expect(JSON.stringify(staticData)).not.toContain('6a00000000000000000000ff');
	});

	it("the saved mapping wins over this process's memory; memory fills a lost entry", async () => {
		// Two workers each created a conversation for one session (its first two messages at once):
		// this process remembers A, the static data every worker reads says B.
		const { sim } = holder;
		const session = `split-${Date.now()}`;
		const first = await runAgentNode(sim, {
			parameters: chat,
			items: [chatItem(session, 'first')],
			staticData: {},
		});
		const a = json(first.items)[0].conversationId as string;
		const created = await runAgentNode(sim, {
			parameters: { operation: 'createConversation', userId: 'other-worker' },
		});
		const b = json(created.items)[0].conversationId as string;
		const staticData = { 'node:GPTBots Agent': { chatSessions: { [`1:${session}`]: [b, 1] } } };
		const next = await runAgentNode(sim, {
			parameters: chat,
			items: [chatItem(session, 'which one?')],
			staticData,
		});
		expect(json(next.items)[0].conversationId).toBe(b);
		// An execution whose static data lost the entry (another's save overwrote it): memory
		// (now B) answers, and the entry is saved again.
		const lost: IDataObject = {};
		const after = await runAgentNode(sim, {
			parameters: chat,
			items: [chatItem(session, 'still b?')],
			staticData: lost,
		});
		expect(json(after.items)[0].conversationId).toBe(b);
		expect(JSON.stringify(lost)).toContain(b);
		expect(a).not.toBe(b);
		expect(sim.state.counts.conversation).toBe(2);
	});

	it('two items of one new session share one conversation', async () => {
		const { sim } = holder;
		const session = `pair-${Date.now()}`;
		const result = await runAgentNode(sim, {
			parameters: chat,
			items: [chatItem(session, 'one'), chatItem(session, 'two')],
		});
		const [a, b] = json(result.items);
		expect(a.conversationId).toBe(b.conversationId);
		expect(sim.state.counts.conversation).toBe(1);
	});

	it('an item without a sessionId fails naming the field and the item', async () => {
		const result = await runAgentNode(holder.sim, {
			parameters: chat,
			items: [{ chatInput: 'who am I?' }],
			continueOnFail: true,
		});
		expect(json(result.items)[0].error).toMatch(
			/^Conversation: "One per Chat Session" needs the sessionId .* \[item 0\]$/,
		);
		expect(holder.sim.state.counts.message).toBe(0);
	});
});

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
const PDF = Buffer.from('%PDF-1.4\nread me\n%%EOF\n');
const binary = (content: Buffer, fileName: string, mimeType: string) => ({
	data: content.toString('base64'),
	mimeType,
	fileName,
});

describe('files as message parts', () => {
	it('binary properties and URLs go as image, audio and document parts', async () => {
		const { sim } = holder;
		const item: INodeExecutionData = {
			json: { q: 'look at these' },
			binary: {
				photo: binary(PNG, 'photo.png', 'image/png'),
				report: binary(PDF, 'report.pdf', 'application/pdf'),
			},
		};
		const result = await runAgentNode(sim, {
			parameters: {
				operation: 'sendMessage',
				conversation: 'new',
				text: '={{ $json.q }}',
				files: {
					file: [
						{ source: 'binary', binaryProperty: 'photo, report' },
						{ source: 'url', url: 'https://files.example.com/voice%20note.mp3' },
					],
				},
			},
			items: [item as unknown as IDataObject],
		});
		expect(result.error).toBeUndefined();
		const [message] = agentState(sim).messages[0].messages;
		expect(message.parts).toEqual([
			{ type: 'text', text: 'look at these' },
			{
				type: 'image',
				asList: true,
				files: [
					expect.objectContaining({
						format: 'png',
						name: 'photo.png',
						source: 'base64',
						bytes: PNG.length,
					}),
				],
			},
			{
				type: 'document',
				asList: true,
				files: [expect.objectContaining({ format: 'pdf', name: 'report.pdf', bytes: PDF.length })],
			},
			{
				type: 'audio',
				asList: true,
				files: [expect.objectContaining({ format: 'mp3', name: 'voice note.mp3', source: 'url' })],
			},
		]);
		expect(json(result.items)[0].text).toMatch(/^You said: look at these \(3 files/);
	});

	it('files alone, without text, make a message', async () => {
		const { sim } = holder;
		const result = await runAgentNode(sim, {
			parameters: {
				operation: 'sendMessage',
				text: '',
				files: { file: [{ source: 'url', url: 'https://files.example.com/a.pdf' }] },
			},
		});
		expect(result.error).toBeUndefined();
		expect(agentState(sim).messages[0].messages[0].parts.map((p) => p.type)).toEqual(['document']);
	});

	it('an unknown or unsendable format fails its item before any request', async () => {
		const { sim } = holder;
		const result = await runAgentNode(sim, {
			parameters: {
				operation: 'sendMessage',
				text: 'x',
				files: { file: [{ source: 'url', url: '={{ $json.url }}' }] },
			},
			items: [
				{ url: 'https://files.example.com/a.xyz' },
				{ url: 'https://files.example.com/clip.mp4' },
			],
			continueOnFail: true,
		});
		const [unknown, video] = json(result.items);
		expect(unknown.error).toMatch(
			/^Files › file 0 \(URL\): the URL's file name "a.xyz" has format "xyz"; GPTBots accepts .* \[item 0\]$/,
		);
		expect(video.error).toMatch(
			/^Files › file 0: file "clip.mp4" has format "mp4", which a message cannot carry; .* \[item 1\]$/,
		);
		expect(sim.state.counts.conversation).toBe(0);
	});
});

describe('Create Conversation and Get Messages', () => {
	async function conversationWith(texts: string[]): Promise<string> {
		const first = await runAgentNode(holder.sim, {
			parameters: { operation: 'sendMessage', text: '={{ $json.q }}' },
			items: [{ q: texts[0] }],
		});
		const conversationId = json(first.items)[0].conversationId as string;
		if (texts.length > 1) {
			await runAgentNode(holder.sim, {
				parameters: {
					operation: 'sendMessage',
					conversation: 'id',
					conversationId,
					text: '={{ $json.q }}',
					options: { concurrency: 1 },
				},
				items: texts.slice(1).map((q) => ({ q })),
			});
		}
		return conversationId;
	}

	it('creates a conversation per item with its user id', async () => {
		const result = await runAgentNode(holder.sim, {
			parameters: { operation: 'createConversation', userId: '={{ $json.user }}' },
			items: [{ user: 'alice' }, { user: 'x'.repeat(33) }],
			continueOnFail: true,
		});
		const [alice, tooLong] = json(result.items);
		expect(alice).toEqual({ conversationId: expect.any(String), userId: 'alice' });
		expect(tooLong.error).toMatch(
			/^User ID: .* is 33 characters; GPTBots takes at most 32 \[item 1\]$/,
		);
	});

	it.each(['v2', 'v1'])('reads a page of history in the %s shape', async (shape) => {
		const { sim } = holder;
		const conversationId = await conversationWith(['first', 'second']);
		sim.configure({ agentVariants: { history: shape } });
		const result = await runAgentNode(sim, {
			parameters: { operation: 'getMessages', conversationId, page: 2, pageSize: 2 },
		});
		expect(json(result.items).map((m) => [m.role, m.text])).toEqual([
			['user', 'second'],
			['assistant', 'You said: second'],
		]);
		expect(json(result.items)[0]).toMatchObject({ conversationId, messageId: expect.any(String) });
	});

	it('returns all messages over several pages', async () => {
		const { sim } = holder;
		const conversationId = await conversationWith(Array.from({ length: 55 }, (_, i) => `m${i}`));
		const result = await runAgentNode(sim, {
			parameters: { operation: 'getMessages', conversationId, returnAll: true },
		});
		expect(result.items).toHaveLength(110);
		expect(json(result.items).at(-1)).toMatchObject({ role: 'assistant', text: 'You said: m54' });
		expect(sim.state.counts.history).toBe(2);
	});
});

describe("GPTBots' error inside a stream", () => {
	it('fails the item with its code and the text so far; a key it quotes is hidden', async () => {
		const { sim } = holder;
		const events = [
			'data: {"code":3,"data":"Half an "}\n\n',
			`data: {"code":40100,"message":"key ${AGENT_KEY} was revoked"}\n\n`,
		].join('');
		nock(sim.url, { allowUnmocked: true })
			.post('/v2/conversation/message')
			.reply(200, events, { 'Content-Type': 'text/event-stream' });
		try {
			const result = await runAgentNode(sim, {
				parameters: { operation: 'sendMessage', text: 'hi', responseMode: 'streaming' },
				continueOnFail: true,
			});
			const [out] = json(result.items);
			expect(out).toMatchObject({
				error: "GPTBots sent error code 40100 in the answer's stream: key *** was revoked [item 0]",
				errorKind: 'streamError',
				text: 'Half an ',
			});
			expect(everythingShown(result)).not.toContain(AGENT_KEY);
		} finally {
			nock.cleanAll();
		}
	});
});
