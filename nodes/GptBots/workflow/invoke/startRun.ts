import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { InvalidParameterError } from '../../shared/errors';
import type { FileLimits } from '../../shared/files/inputFiles';
import { readItemBinaries } from '../../shared/files/inputFiles';
import { getItemParameter } from '../../shared/itemParameters';
import type { RunOptions } from '../../shared/runOptions';
import type { AdaptiveLimiter } from '../../shared/transport/adaptiveLimiter';
import type { GptBotsClient } from '../../shared/transport/client';
import { invoke } from '../../shared/transport/endpoints';
import { setInputValue } from '../../shared/values';
import { convertField, parseInputJson, readTypedFields } from './fieldTypes';
import type { InputCheck } from './inputCheck';
import type { MappingValue } from './mappedFields';
import { convertMappedValue, isBinaryReference, mappedFields } from './mappedFields';
import type { WebhookEntry } from './runWebhooks';
import { buildWebhookList } from './runWebhooks';

// One item's run: its invoke body (the input from the source the user chose, converted field by
// field) and the request that starts it.

export const INVOKE_MODES = ['sync', 'async', 'asyncPoll', 'asyncWebhook'] as const;

export type InvokeMode = (typeof INVOKE_MODES)[number];

export function checkInvokeMode(mode: unknown): InvokeMode {
	if (!(INVOKE_MODES as readonly unknown[]).includes(mode)) {
		throw new InvalidParameterError('Mode', `unknown value "${String(mode)}"`);
	}
	return mode as InvokeMode;
}

/**
 * The invoke body for one item; throws InvalidParameterError naming the field. Files are read
 * into it, so build it just before its request and let it go right after.
 */
export async function readInvokeBody(
	ctx: IExecuteFunctions,
	itemIndex: number,
	mode: InvokeMode,
	reservedWebhooks: number,
	options: RunOptions,
): Promise<IDataObject> {
	const body: IDataObject = { input: {}, isAsync: mode !== 'sync' };
	const userIdValue = getItemParameter(ctx, 'userId', itemIndex, '') ?? '';
	if (typeof userIdValue !== 'string' && typeof userIdValue !== 'number') {
		throw new InvalidParameterError('User ID', 'must be text');
	}
	const userId = String(userIdValue).trim();
	if (userId) body.userId = userId;
	if (mode !== 'sync') {
		const webhooks = buildWebhookList(
			getItemParameter(ctx, 'webhooks.webhook', itemIndex, []) as WebhookEntry[],
			reservedWebhooks,
		);
		if (webhooks.length > 0) body.webhook = webhooks;
	}
	// Last: reading files is the costly part, wasted if another parameter is wrong.
	body.input = await readWorkflowInput(ctx, itemIndex, options);
	return body;
}

export interface ItemRunExtras {
	/** Bounds how many items build a body at once (see startItemRun). */
	slots?: AdaptiveLimiter;
	/** Added to the item's own webhooks: the resume URL of "wait by callback". */
	resumeWebhook?: IDataObject;
	/** Refuses an input before it is sent (option "Check Input Against Recent Runs"). */
	checkInput?: InputCheck;
}

/**
 * Builds one item's invoke body and starts its run. The body (with its files' base64) lives only
 * in here: once the request is answered it can be collected, whatever the caller waits for next.
 * `slots` bounds how many items do this at once when more items than that are in flight.
 */
export async function startItemRun(
	ctx: IExecuteFunctions,
	client: GptBotsClient,
	itemIndex: number,
	mode: InvokeMode,
	options: RunOptions,
	{ slots, resumeWebhook, checkInput }: ItemRunExtras = {},
): Promise<IDataObject> {
	await slots?.acquire();
	try {
		const body = await readInvokeBody(ctx, itemIndex, mode, resumeWebhook ? 1 : 0, options);
		await checkInput?.(body.input as IDataObject, itemIndex);
		if (resumeWebhook)
			body.webhook = [...((body.webhook as IDataObject[] | undefined) ?? []), resumeWebhook];
		return await invoke(client, body, options.timeoutMs, itemIndex);
	} finally {
		slots?.release(false);
	}
}

export type InputSource = 'fields' | 'json' | 'item' | 'mapped';

/** What GPTBots receives as `input` for one item, from the source the user chose. */
export async function readWorkflowInput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	limits: FileLimits,
): Promise<IDataObject> {
	const source = getItemParameter(ctx, 'inputSource', itemIndex) as InputSource;
	switch (source) {
		case 'fields':
			return await readTypedFields(ctx, itemIndex, limits);
		case 'json':
			return parseInputJson(getItemParameter(ctx, 'inputJson', itemIndex));
		case 'item': {
			const input: IDataObject = { ...ctx.getInputData()[itemIndex].json };
			if (getItemParameter(ctx, 'sendBinaries', itemIndex, false) !== true) return input;
			for (const [property, file] of await readItemBinaries(ctx, itemIndex, limits)) {
				if (Object.prototype.hasOwnProperty.call(input, property)) {
					throw new InvalidParameterError(
						`Incoming Item › binary "${property}"`,
						`the item's JSON has a field "${property}" too; rename one of them (e.g. with an Edit Fields node)`,
					);
				}
				setInputValue(input, property, file);
			}
			return input;
		}
		case 'mapped': {
			// The whole mapper value, not `inputMapping.value`: n8n would check that against the
			// mapper's types with its own rules; the node converts each value as Fields mode does.
			const mapping = getItemParameter(ctx, 'inputMapping', itemIndex, {}) as MappingValue;
			const input: IDataObject = {};
			for (const field of mappedFields(mapping)) {
				const value = isBinaryReference(field)
					? await convertField(
							ctx,
							itemIndex,
							{ name: field.name, type: 'file', value: field.value, label: field.label },
							limits,
						)
					: convertMappedValue(field.value, field.type, field.label);
				if (value !== undefined) setInputValue(input, field.name, value);
			}
			return input;
		}
		default:
			throw new InvalidParameterError('Input Source', `unknown value "${String(source)}"`);
	}
}
