import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readForAllItems } from '../shared/errors';
import type { AgentOptions } from '../shared/agentOptions';
import { readAgentOptions } from '../shared/agentOptions';
import { GptBotsClient } from '../shared/transport/client';
import type { AgentAnswer, ResponseMode } from './sendMessage/deliverMessage';

/** The Options collection, read once for all items, and the client every item's calls share. */
export function agentSetup(ctx: IExecuteFunctions): {
	options: AgentOptions;
	client: GptBotsClient;
} {
	const options = readForAllItems(ctx, () =>
		readAgentOptions(ctx.getNodeParameter('options', 0, {}) as IDataObject),
	);
	const client = new GptBotsClient(ctx, {
		concurrency: options.concurrency,
		retryInvokeWhenSafe: true,
	});
	return { options, client };
}

/** Where a webhook-mode answer goes, said in the item so that nobody waits for it here. */
export const WEBHOOK_NOTE =
	"GPTBots accepted the message; the answer is POSTed to the webhook configured for the agent in GPTBots (Agent → Integration → API), e.g. a GPTBots Agent Trigger's URL.";

/** One item's output for a sent message, as Options › Output says. */
export function toAnswerOutput(
	answer: AgentAnswer,
	mode: ResponseMode,
	options: AgentOptions,
	sessionId?: string,
): IDataObject {
	const core: IDataObject = {
		conversationId: answer.conversationId,
		messageId: answer.messageId,
		text: answer.text,
	};
	if (options.outputMode === 'textOnly') return core;
	return {
		...core,
		...(sessionId !== undefined && { sessionId }),
		responseMode: mode,
		...(mode === 'webhook' && { accepted: true, note: WEBHOOK_NOTE }),
		...(answer.pieces !== undefined && { pieces: answer.pieces }),
		answer: answer.answer,
		usage: answer.usage,
	};
}
