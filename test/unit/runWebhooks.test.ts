import { buildWebhookList } from '../../nodes/GptBots/workflow/invoke/runWebhooks';

const ok = { method: 'POST', url: 'https://example.com/hook', headers: '{"X-Secret":"s"}' };

describe('buildWebhookList', () => {
	it('normalises method, URL and headers', () => {
		expect(
			buildWebhookList([
				ok,
				{ method: 'get', url: ' http://127.0.0.1:5678/x?fr=1 ', headers: { A: 1 } },
			]),
		).toEqual([
			{ method: 'POST', url: 'https://example.com/hook', headers: { 'X-Secret': 's' } },
			{ method: 'GET', url: 'http://127.0.0.1:5678/x?fr=1', headers: { A: '1' } },
		]);
		expect(buildWebhookList([{ url: 'https://a.b', headers: '' }])).toEqual([
			{ method: 'POST', url: 'https://a.b', headers: {} },
		]);
	});

	it('allows 5, refuses 6, and counts the reserved resume URL', () => {
		expect(buildWebhookList(Array(5).fill(ok))).toHaveLength(5);
		expect(() => buildWebhookList(Array(6).fill(ok))).toThrow(
			'Webhooks: GPTBots accepts at most 5 webhooks per run: 6 given, at most 5 allowed',
		);
		expect(() => buildWebhookList(Array(5).fill(ok), 1)).toThrow(
			/uses 1 for n8n's resume URL: 5 given, at most 4 allowed/,
		);
	});

	it.each([
		[{ ...ok, url: '' }, 'Webhooks › webhook 0 › URL: is empty'],
		[{ ...ok, url: 'ftp://example.com' }, 'must be an http:// or https:// URL'],
		[{ ...ok, url: 'example.com/hook' }, 'is not a valid URL'],
		[{ ...ok, url: 'javascript:alert(1)' }, 'must be an http:// or https:// URL'],
		[
			{ ...ok, method: 'TRACE' },
			'Webhooks › webhook 0 › Method: "TRACE" is not one of POST, GET, PUT, PATCH',
		],
		[{ ...ok, headers: '{bad' }, 'Webhooks › webhook 0 › Headers: is not valid JSON'],
		[{ ...ok, headers: '[1]' }, 'Headers: must be a JSON object'],
		[{ ...ok, headers: '{"Bad Name":"x"}' }, '"Bad Name" is not a valid header name'],
		[{ ...ok, headers: '{"X":{"nested":1}}' }, 'the value of "X" must be text'],
	])('refuses %p', (entry, message) => {
		expect(() => buildWebhookList([entry])).toThrow(message);
	});
});
