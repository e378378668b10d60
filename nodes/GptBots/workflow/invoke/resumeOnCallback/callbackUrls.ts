import type { IDataObject, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

import { secretMatches } from '../../../shared/webhookHandling';

/*
 * Each item's run gets its own resume URL: n8n's resume URL (which on n8n ≥ 2.x carries the
 * execution's resume token as `signature`) plus the item's index and a token for it. The token
 * is the signature n8n-core's getSignedResumeUrl() gives for that index (an HMAC with the
 * instance's secret), so a callback can name its item without the callback body saying anything.
 * getSignedResumeUrl's own URL cannot be used: n8n 2.41 accepts only the resume token on the
 * waiting webhook of a node that is not a "send and wait" node. Where getSignedResumeUrl is
 * missing, the index is a hint only: it orders the checks, it never decides what is output.
 */

export const ITEM_PARAM = 'gptbotsItem';
export const TOKEN_PARAM = 'gptbotsToken';
/** n8n's own parameter on the resume URL. */
export const SIGNATURE_PARAM = 'signature';

type Context = IExecuteFunctions | IWebhookFunctions;

/** The token for one item, or undefined when this n8n cannot sign. */
function itemToken(ctx: Context, itemIndex: number): string | undefined {
	if (typeof ctx.getSignedResumeUrl !== 'function') return undefined;
	try {
		return (
			new URL(ctx.getSignedResumeUrl({ [ITEM_PARAM]: String(itemIndex) })).searchParams.get(
				SIGNATURE_PARAM,
			) ?? undefined
		);
	} catch {
		return undefined;
	}
}

/** The URL the run of one item calls back. */
export function itemResumeUrl(
	ctx: IExecuteFunctions,
	resumeUrl: string,
	itemIndex: number,
): string {
	const url = new URL(resumeUrl);
	url.searchParams.set(ITEM_PARAM, String(itemIndex));
	const token = itemToken(ctx, itemIndex);
	if (token !== undefined) url.searchParams.set(TOKEN_PARAM, token);
	return url.toString();
}

/** The item a callback's URL names, if its token holds (or this n8n cannot sign); else undefined. */
export function itemOfCallback(
	ctx: IWebhookFunctions,
	query: IDataObject,
	itemCount: number,
): number | undefined {
	const raw = query[ITEM_PARAM];
	const itemIndex = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
	if (!Number.isInteger(itemIndex) || itemIndex >= itemCount) return undefined;
	const expected = itemToken(ctx, itemIndex);
	if (expected === undefined) return itemIndex;
	return secretMatches(query[TOKEN_PARAM], expected) ? itemIndex : undefined;
}
