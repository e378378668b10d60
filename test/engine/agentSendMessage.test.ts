import { json, paired, useSimulator } from './fixture';
import { agentState, runAgentNode } from './agentFixture';

const holder = useSimulator({ streamPieceMs: 1 });

describe("the GPTBots Agent node's Send Message, in n8n-core's engine against the simulator", () => {
	it('blocking, a new conversation per item: creates one, sends the text, outputs the answer', async () => {
		const { sim } = holder;
		const result = await runAgentNode(sim, {
			parameters: {
				operation: 'sendMessage',
				conversation: 'new',
				text: '={{ $json.q }}',
				userId: 'u-1',
			},
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
});
