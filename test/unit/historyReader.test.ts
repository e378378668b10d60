import { readHistoryPage } from '../../nodes/GptBots/agent/getMessages/historyReader';

describe('readHistoryPage: both shapes GPTBots has answered', () => {
	it('v2: conversation_content with branch_content parts, files listed', () => {
		const page = readHistoryPage({
			total: 2,
			conversation_content: [
				{
					message_id: 'q1',
					parent_message_id: '',
					create_time: 1,
					role: 'user',
					content: [
						{
							branch_content: [
								{ type: 'text', text: 'Look' },
								{
									type: 'image',
									image: [{ url: 'https://x/a.png', format: 'png', name: 'a.png', size: 3 }],
								},
								{ type: 'document', document: { url: 'https://x/b.pdf', format: 'pdf' } },
							],
						},
					],
				},
				{
					message_id: 'a1',
					parent_message_id: 'q1',
					create_time: 2,
					role: 'assistant',
					content: [{ branch_content: [{ type: 'text', text: 'Nice' }] }],
				},
			],
		});
		expect(page.shape).toBe('v2');
		expect(page.total).toBe(2);
		expect(page.messages.map((m) => [m.messageId, m.parentMessageId, m.role, m.text])).toEqual([
			['q1', '', 'user', 'Look'],
			['a1', 'q1', 'assistant', 'Nice'],
		]);
		expect(page.messages[0].files).toEqual([
			{ type: 'image', url: 'https://x/a.png', format: 'png', name: 'a.png', size: 3 },
			{ type: 'document', url: 'https://x/b.pdf', format: 'pdf' },
		]);
	});

	it('v1: messages with message_type QUESTION/ANSWER, also wrapped under data', () => {
		const page = readHistoryPage({
			code: 0,
			data: {
				total: '2',
				messages: [
					{
						message_id: 'q',
						parent_message_id: '',
						message_type: 'QUESTION',
						text: 'Hi',
						create_time: 1,
					},
					{
						message_id: 'a',
						parent_message_id: 'q',
						message_type: 'ANSWER',
						text: 'Hello',
						create_time: 2,
					},
				],
			},
		});
		expect(page.shape).toBe('v1');
		expect(page.total).toBe(2);
		expect(page.messages.map((m) => [m.role, m.text])).toEqual([
			['user', 'Hi'],
			['assistant', 'Hello'],
		]);
	});

	it('an answer with neither: no messages', () => {
		expect(readHistoryPage({ total: 0 })).toEqual({ messages: [], total: 0, shape: 'none' });
	});
});
