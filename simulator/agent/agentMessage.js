// @ts-check
'use strict';

/**
 * POST /v2/conversation/message: one message to an agent's conversation, answered as
 * `response_mode` says: `blocking` (the answer), `streaming` (agentStream.js) or `webhook` (an
 * acknowledgement now, the answer POSTed to the agent's webhook: agentWebhook.js).
 *
 * The answer is "You said: <text>" (plus the names of the files that came), unless the
 * message's custom variables steer it: `__answer` (the answer's text), `__pieces` (how many
 * stream pieces), `__pieceMs` (their pace), `__variants` (agentOptions.js), `__human: true`
 * (the webhook delivery comes as a human agent's reply).
 */

const { jsonResponse, apiError } = require('../http-utils');
const { agentVariantsFor } = require('./agentOptions');
const { checkMessages } = require('./agentParts');
const { nextId, unknownConversation } = require('./agentState');
const { splitPieces, streamHeaders, writeStream } = require('./agentStream');
const { answerBody, deliverToAgentWebhook } = require('./agentWebhook');

const MODES = ['blocking', 'streaming', 'webhook'];
const MAX_RECORDED_MESSAGES = 5000;

/**
 * @typedef {import('./agentState').AgentState} AgentState
 * @typedef {import('./agentState').Conversation} Conversation
 */

/** @param {unknown} value @returns {value is Record<string, any>} */
const isPlainObject = (value) =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

/** @param {unknown} config */
function checkConfig(config) {
	if (config === undefined) return null;
	if (!isPlainObject(config)) return 'conversation_config must be an object';
	for (const name of ['long_term_memory', 'short_term_memory'])
		if (name in config && typeof config[name] !== 'boolean')
			return `conversation_config.${name} must be true or false`;
	const knowledge = config.knowledge;
	if (knowledge !== undefined) {
		if (!isPlainObject(knowledge)) return 'conversation_config.knowledge must be an object';
		for (const name of ['data_ids', 'group_ids']) {
			const ids = knowledge[name];
			if (ids !== undefined && !(Array.isArray(ids) && ids.every((id) => typeof id === 'string')))
				return `conversation_config.knowledge.${name} must be a list of strings`;
		}
	}
	if (config.custom_variables !== undefined && !isPlainObject(config.custom_variables))
		return 'conversation_config.custom_variables must be an object';
	return null;
}

/**
 * The answer's text and its pieces, as the message and the options say.
 * @param {any} options
 * @param {import('./agentParts').MessageRecord} message
 * @param {Record<string, any>} steer the custom variables
 */
function planAnswer(options, message, steer) {
	const files = message.parts.flatMap((part) => part.files ?? []);
	const fileNote = files.length
		? ` (${files.length} file${files.length > 1 ? 's' : ''}: ${files.map((f) => f.name || f.format).join(', ')})`
		: '';
	const count = Number(steer.__pieces ?? options.streamPieces ?? NaN);
	let text =
		typeof steer.__answer === 'string' ? steer.__answer : `You said: ${message.text}${fileNote}`;
	if (Number.isInteger(count) && count > 0) while (Array.from(text).length < count) text += ' more';
	const pieceMs = Number(steer.__pieceMs ?? options.streamPieceMs);
	return {
		text,
		pieces: splitPieces(text, Number.isInteger(count) && count > 0 ? count : null),
		pieceMs: Number.isFinite(pieceMs) && pieceMs >= 0 ? pieceMs : options.streamPieceMs,
	};
}

/**
 * @param {any} ctx
 * @param {{ body: any, entry: any, req: import('node:http').IncomingMessage }} request
 */
function sendMessage(ctx, { body, entry, req }) {
	const { options, state, background } = ctx;
	if (!isPlainObject(body))
		return apiError(400, 40000, 'Parameter error: the body must be a JSON object');
	if (typeof body.conversation_id !== 'string' || !body.conversation_id)
		return apiError(400, 40000, 'Parameter error: conversation_id is required');
	const mode = body.response_mode ?? 'blocking';
	if (!MODES.includes(mode))
		return apiError(
			400,
			40000,
			`Parameter error: response_mode must be one of ${MODES.join(', ')}`,
		);
	const checked = checkMessages(body.messages, options.maxFileBytes);
	if ('problem' in checked) return apiError(400, 40000, `Parameter error: ${checked.problem}`);
	const configProblem = checkConfig(body.conversation_config);
	if (configProblem) return apiError(400, 40000, `Parameter error: ${configProblem}`);
	/** @type {AgentState} */
	const agent = state.agent;
	const conversation = agent.conversations.get(body.conversation_id);
	if (!conversation) return unknownConversation(body.conversation_id);
	if (mode === 'webhook' && !options.agentWebhookUrl)
		return apiError(400, 40000, 'Parameter error: no webhook URL is configured for this agent');

	const steer = body.conversation_config?.custom_variables ?? {};
	const variants = agentVariantsFor(options.agentVariants, steer.__variants);
	const question = checked.messages[checked.messages.length - 1];
	const plan = planAnswer(options, question, steer);
	const now = Date.now();
	const questionId = nextId(agent, '6b');
	const messageId = nextId(agent, '6c');
	const ids = { conversationId: conversation.id, messageId };
	const parent = conversation.history.at(-1)?.message_id ?? '';
	conversation.history.push(
		{
			message_id: questionId,
			parent_message_id: parent,
			create_time: now,
			role: 'user',
			text: question.text,
			parts: question.parts,
		},
		{
			message_id: messageId,
			parent_message_id: questionId,
			create_time: now,
			role: 'assistant',
			text: plan.text,
			parts: [{ type: 'text', text: plan.text }],
		},
	);
	agent.messages.push({
		requestId: entry.id,
		conversationId: conversation.id,
		questionId,
		messageId,
		mode,
		receivedAt: now,
		messages: checked.messages,
		config: body.conversation_config ?? null,
		answer: plan.text,
	});
	if (agent.messages.length > MAX_RECORDED_MESSAGES)
		agent.messages.splice(0, agent.messages.length - MAX_RECORDED_MESSAGES);
	const body200 = () =>
		answerBody({
			...ids,
			text: plan.text,
			outputs: variants.outputs,
			human: steer.__human === true,
		});

	if (mode === 'blocking') return jsonResponse(200, body200());
	if (mode === 'webhook') {
		const key = /^Bearer\s+(\S+)/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
		background.later(
			options.agentWebhookDelayMs,
			() => {
				deliverToAgentWebhook(ctx, body200(), key, { human: steer.__human === true });
			},
			'runs',
		);
		return jsonResponse(
			200,
			variants.webhookAck === 'empty'
				? {}
				: { conversation_id: conversation.id, message_id: messageId },
		);
	}
	/** @type {import('./agentState').StreamRecord} */
	const record = {
		messageId,
		conversationId: conversation.id,
		pieces: [],
		endSentAt: null,
		broken: false,
		clientGone: false,
		variants,
	};
	agent.streams.push(record);
	return {
		status: 200,
		headers: streamHeaders(variants),
		body: '',
		/** @param {import('node:http').ServerResponse} res @param {{ breakMidway?: boolean }} [how] */
		stream: (res, how = {}) =>
			writeStream(res, {
				background,
				pieces: plan.pieces,
				pieceMs: plan.pieceMs,
				variants,
				ids,
				record,
				breakMidway: Boolean(how.breakMidway),
			}),
	};
}

/**
 * A human agent's reply in a conversation (control API): added to its history and POSTed to the
 * agent's webhook with the first agent key. Resolves when delivered (all copies).
 * @param {any} ctx
 * @param {{ conversation_id: string, text: string }} reply
 */
async function humanReply(ctx, { conversation_id: id, text }) {
	/** @type {AgentState} */
	const agent = ctx.state.agent;
	const conversation = agent.conversations.get(id);
	if (!conversation) throw new TypeError(`unknown conversation_id "${id}"`);
	if (typeof text !== 'string' || !text) throw new TypeError('text is required');
	if (!ctx.options.agentWebhookUrl) throw new TypeError('agentWebhookUrl is not configured');
	const messageId = nextId(agent, '6d');
	conversation.history.push({
		message_id: messageId,
		parent_message_id: conversation.history.at(-1)?.message_id ?? '',
		create_time: Date.now(),
		role: 'assistant',
		text,
		parts: [{ type: 'text', text }],
		human: true,
	});
	const body = answerBody({ conversationId: id, messageId, text, outputs: 'one', human: true });
	await deliverToAgentWebhook(ctx, body, ctx.options.agentApiKeys[0], { human: true });
	return { message_id: messageId };
}

module.exports = { humanReply, sendMessage };
