import type { IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

import {
	itemOfCallback,
	itemResumeUrl,
} from '../../nodes/GptBots/workflow/invoke/resumeOnCallback/callbackUrls';

const RESUME = 'https://n8n.example.com/webhook-waiting/42?signature=resume-token';

/** A context whose getSignedResumeUrl signs like n8n-core (here: a fake HMAC of the item). */
const signing = {
	getSignedResumeUrl: (params: Record<string, string>) =>
		`https://n8n.example.com/webhook-waiting/42/node-1?gptbotsItem=${params.gptbotsItem}&signature=sig-${params.gptbotsItem}`,
};
const notSigning = {};

describe("each item's resume URL", () => {
	it("keeps n8n's resume URL (and its token) and adds the item and its signature", () => {
		const url = new URL(itemResumeUrl(signing as unknown as IExecuteFunctions, RESUME, 3));
		expect(`${url.origin}${url.pathname}`).toBe('https://n8n.example.com/webhook-waiting/42');
		expect(Object.fromEntries(url.searchParams)).toEqual({
			signature: 'resume-token',
			gptbotsItem: '3',
			gptbotsToken: 'sig-3',
		});
	});

	it('names the item only when its token holds', () => {
		const ctx = signing as unknown as IWebhookFunctions;
		expect(itemOfCallback(ctx, { gptbotsItem: '3', gptbotsToken: 'sig-3' }, 5)).toBe(3);
		expect(itemOfCallback(ctx, { gptbotsItem: '3', gptbotsToken: 'sig-4' }, 5)).toBeUndefined();
		expect(itemOfCallback(ctx, { gptbotsItem: '3' }, 5)).toBeUndefined();
		expect(itemOfCallback(ctx, { gptbotsItem: '7', gptbotsToken: 'sig-7' }, 5)).toBeUndefined(); // no such item
		expect(itemOfCallback(ctx, { gptbotsItem: '-1', gptbotsToken: 'sig--1' }, 5)).toBeUndefined();
		expect(itemOfCallback(ctx, {}, 5)).toBeUndefined();
	});

	it('without getSignedResumeUrl (older n8n): the index alone, as a hint', () => {
		const url = new URL(itemResumeUrl(notSigning as unknown as IExecuteFunctions, RESUME, 1));
		expect(Object.fromEntries(url.searchParams)).toEqual({
			signature: 'resume-token',
			gptbotsItem: '1',
		});
		expect(
			itemOfCallback(notSigning as unknown as IWebhookFunctions, { gptbotsItem: '1' }, 2),
		).toBe(1);
	});

	it('a signer that throws is treated as none', () => {
		const broken = {
			getSignedResumeUrl: () => {
				throw new Error('Execution id is missing');
			},
		};
		expect(
			new URL(itemResumeUrl(broken as unknown as IExecuteFunctions, RESUME, 0)).searchParams.has(
				'gptbotsToken',
			),
		).toBe(false);
	});
});
