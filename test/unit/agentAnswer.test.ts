import { readAgentMessage } from '../../nodes/GptBots/shared/agentAnswer';
import { readAgentDelivery } from '../../nodes/GptBots/agentTrigger/agentDelivery';
import { authorizationCarries } from '../../nodes/GptBots/shared/webhookHandling';

const v2 = {
	create_time: 1679587005,
	conversation_id: '657303a8a764d47094874bbe',
	message_id: '65a4ccfC7ce58e728d5897e0',
	output: [
		{
			from_component_branch: '1',
			from_component_name: 'Component Name',
			content: {
				text: 'Hi, is there ',
				audio: [{ audio: 'http://gptbots.ai/example.mp3', transcript: 'the audio' }],
			},
		},
		{ from_component_branch: '2', from_component_name: 'Other', content: { text: 'anything?' } },
	],
	usage: { tokens: { total_tokens: 29 }, credits: { total_credits: 0 } },
};

describe('readAgentMessage', () => {
	it("reads the documented v2 answer: the output entries' texts joined in order, audio, usage", () => {
		expect(readAgentMessage(v2)).toEqual({
			conversationId: '657303a8a764d47094874bbe',
			messageId: '65a4ccfC7ce58e728d5897e0',
			text: 'Hi, is there anything?',
			from: 'agent',
			createTime: 1679587005,
			audio: [{ url: 'http://gptbots.ai/example.mp3', transcript: 'the audio' }],
			usage: v2.usage,
		});
	});

	it('reads camelCase, numeric ids, text content and a create time sent as text', () => {
		expect(
			readAgentMessage({
				conversationId: 12,
				messageId: 34,
				createTime: '1679587005',
				output: [{ content: 'plain text' }, { content: '{"text":" and JSON text"}' }],
			}),
		).toMatchObject({
			conversationId: '12',
			messageId: '34',
			createTime: 1679587005,
			text: 'plain text and JSON text',
			from: 'unknown',
		});
	});

	it.each([
		['a component named like a human agent', { output: [{ from_component_name: 'Human Agent' }] }],
		['a sender field', { sender: 'human_agent', text: 'x' }],
		['a human flag', { is_human: true, text: 'x' }],
	])('takes %s for a human agent', (_label, body) => {
		expect(readAgentMessage({ message_id: 'm', ...body }).from).toBe('humanAgent');
	});

	it('says unknown when the delivery does not tell, and agent for a role of assistant', () => {
		expect(readAgentMessage({ message_id: 'm', text: 'x' }).from).toBe('unknown');
		expect(readAgentMessage({ message_id: 'm', role: 'assistant' }).from).toBe('agent');
		expect(readAgentMessage({ message_id: 'm', role: 'email' }).from).toBe('unknown');
	});

	it('reads v1: text, or else the flow outputs', () => {
		expect(readAgentMessage({ message_id: 'm', message_type: 'ANSWER', text: 'v1' }).text).toBe(
			'v1',
		);
		expect(
			readAgentMessage({ message_id: 'm', flow_output: [{ content: 'a' }, { content: 'b' }] }).text,
		).toBe('ab');
	});
});

describe('readAgentDelivery', () => {
	const post = (body: unknown) => readAgentDelivery({ method: 'POST', body, query: {} });

	it('tells a message, an availability test and something else apart', () => {
		expect(post(v2)).toMatchObject({ kind: 'message', foundIn: 'body' });
		expect(post({ result: JSON.stringify(v2) })).toMatchObject({
			kind: 'message',
			foundIn: 'body.result',
		});
		expect(post({ istest: 'true' }).kind).toBe('test');
		expect(post({ data: { ...v2, istest: true } }).kind).toBe('test');
		const other = post({ hello: 1 });
		expect(other.kind).toBe('unrecognised');
		expect(other).toMatchObject({
			reason: expect.stringContaining('received an object with the fields hello in the body'),
		});
		expect(post({ message_id: 'x'.repeat(201) })).toMatchObject({
			kind: 'unrecognised',
			reason: 'message_id is too long to be a GPTBots message id',
		});
	});
});

describe('authorizationCarries', () => {
	it.each([
		['Bearer k-123', true],
		['bearer   k-123  ', true],
		['Basic k-123', true],
		[['Bearer k-123'], true],
		['Bearer k-1234', false],
		['Bearer k-12', false],
		['k-123', false],
		['Token k-123', false],
		['Bearer', false],
		[undefined, false],
	])('%j → %s', (header, expected) => {
		expect(authorizationCarries(header, 'k-123')).toBe(expected);
	});

	it('never matches an empty key', () => {
		expect(authorizationCarries('Bearer ', '')).toBe(false);
		expect(authorizationCarries(undefined, '')).toBe(false);
	});
});
