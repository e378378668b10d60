// @ts-check
'use strict';

/**
 * Webhook mode: the answer to a message sent with `response_mode: "webhook"`, and the replies of
 * human agents who took the conversation over, are POSTed to the URL configured for the agent
 * (option `agentWebhookUrl`; in GPTBots: Agent → Integration → API → webhook) with
 * `Authorization: Bearer <the agent's API key>`. `agentWebhookRepeat` delivers each that many
 * times, at least once each, by the workflow webhooks' own loop (deliveries.js: retries within
 * `webhookRetries` and `webhookRetryForMs`, `webhookHold`). Records go to `state.deliveries` with
 * `kind: "agent"`, the key shown as `Bearer ***`.
 */

const { sendOnce } = require('../webhooks');
const { deliverAtLeastOnce } = require('../deliveries');
const { recordDelivery } = require('../records');

/**
 * The body of an answer (blocking answer and webhook delivery alike).
 * @param {{ conversationId: string, messageId: string, text: string, outputs: string, human?: boolean }} answer
 */
function answerBody({ conversationId, messageId, text, outputs, human = false }) {
	const cut = outputs === 'two' ? Math.floor(text.length / 2) : text.length;
	const texts = cut > 0 && cut < text.length ? [text.slice(0, cut), text.slice(cut)] : [text];
	const tokens = human ? 0 : Math.max(1, Math.ceil(text.length / 4));
	return {
		create_time: Math.floor(Date.now() / 1000),
		conversation_id: conversationId,
		message_id: messageId,
		output: texts.map((part, i) => ({
			from_component_branch: human ? '' : String(i + 1),
			from_component_name: human ? 'Human Agent' : `Simulated component ${i + 1}`,
			content: { text: part },
		})),
		usage: {
			tokens: {
				total_tokens: tokens + 10,
				prompt_tokens: 10,
				prompt_tokens_details: { audio_tokens: 0, text_tokens: 10 },
				completion_tokens: tokens,
				completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, text_tokens: tokens },
			},
			credits: {
				total_credits: human ? 0 : 0.01,
				text_input_credits: 0,
				text_output_credits: human ? 0 : 0.01,
				audio_input_credits: 0,
				audio_output_credits: 0,
			},
		},
	};
}

/**
 * Delivers one body to the agent's webhook, `agentWebhookRepeat` times, at least once each;
 * records every attempt unless a reset/stop happened meanwhile.
 * @param {any} ctx the simulator's context
 * @param {object & { message_id: string }} body
 * @param {string} key the agent's API key (never recorded)
 * @param {{ human?: boolean }} [extra]
 */
async function deliverToAgentWebhook(ctx, body, key, extra = {}) {
	const { options, background } = ctx;
	const url = options.agentWebhookUrl;
	if (!url) return;
	const startedIn = background.generation;
	const headers = { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' };
	const delivery = { url, method: 'POST', headers, body: JSON.stringify(body) };
	const shown = { ...delivery, headers: { ...headers, Authorization: 'Bearer ***' } };
	await deliverAtLeastOnce(ctx, options.agentWebhookRepeat, async (copy, attempt) => {
		const result = await sendOnce(delivery, {
			timeoutMs: options.webhookTimeoutMs,
			track: background.track,
		});
		if (background.isCurrent(startedIn))
			recordDelivery(ctx, body.message_id, shown, result, {
				kind: 'agent',
				messageId: body.message_id,
				human: Boolean(extra.human),
				copy,
				attempt,
			});
		return result;
	});
}

module.exports = { answerBody, deliverToAgentWebhook };
