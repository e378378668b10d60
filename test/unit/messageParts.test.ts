import { buildContent, partTypeOf } from '../../nodes/GptBots/agent/sendMessage/messageParts';
import { keyKindOf, isRefusal } from '../../nodes/GptBots/shared/transport/keyKind';
import { userIdOfSession } from '../../nodes/GptBots/agent/sendMessage/conversationFor';

describe('message parts', () => {
	it('each format goes in its part; video in none', () => {
		expect(
			['png', 'jpg', 'mp3', 'wav', 'pdf', 'docx', 'xlsx', 'pptx', 'py', 'mp4'].map(partTypeOf),
		).toEqual([
			'image',
			'image',
			'audio',
			'audio',
			'document',
			'document',
			'document',
			'document',
			'document',
			undefined,
		]);
	});

	it('text alone is sent as a string; with files as text first, then one part per kind', () => {
		expect(buildContent('hi', [])).toBe('hi');
		const png = { format: 'png', name: 'a.png', url: 'https://x/a.png' };
		const pdf = { format: 'pdf', name: 'b.pdf', url: 'https://x/b.pdf' };
		const jpg = { format: 'jpg', name: 'c.jpg', url: 'https://x/c.jpg' };
		expect(buildContent('look', [png, pdf, jpg])).toEqual([
			{ type: 'text', text: 'look' },
			{ type: 'image', image: [png, jpg] },
			{ type: 'document', document: [pdf] },
		]);
		expect(buildContent(' ', [pdf])).toEqual([{ type: 'document', document: [pdf] }]);
	});
});

describe('the kind of a key', () => {
	it.each([
		[{ code: 0, data: { type: 'AGENT', id: 'a' } }, 'agent'],
		[{ type: 'WORKFLOW' }, 'workflow'],
		[{ data: { entity_type: 'bot' } }, 'agent'],
		[{ keyType: 'Workflow' }, 'workflow'],
		[{ code: 0, data: { id: 'x' } }, undefined],
	])('%j → %s', (body, kind) => {
		expect(keyKindOf(body)).toBe(kind);
	});

	it('a refusal: 401/403, or a 401xx/403xx code in a 200 body', () => {
		expect(isRefusal({ kind: 'http', httpCode: 403, message: '' })).toBe(true);
		expect(isRefusal({ kind: 'apiCode', httpCode: 200, apiCode: '40300', message: '' })).toBe(true);
		expect(isRefusal({ kind: 'http', httpCode: 400, apiCode: '40000', message: '' })).toBe(false);
		expect(isRefusal({ kind: 'http', httpCode: 429, message: '' })).toBe(false);
	});
});

it('a chat session id as a GPTBots user id: a UUID without dashes, at most 32 characters', () => {
	expect(userIdOfSession('0b6a4a5e-1f0e-4a3c-9d8c-4f7a2e1b3c5d')).toBe(
		'0b6a4a5e1f0e4a3c9d8c4f7a2e1b3c5d',
	);
	expect(userIdOfSession('x'.repeat(40))).toHaveLength(32);
	expect(userIdOfSession('---')).toBe('n8n-chat');
});
