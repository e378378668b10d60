// @ts-check
'use strict';

/**
 * What the simulator keeps of agent conversations (`sim.state.agent`): the conversations with
 * their history, every message received (its parts, files summarised), every streamed answer
 * with the time each piece was sent. Also the create-conversation and history endpoints, and
 * the history's two shapes.
 */

const { jsonResponse, apiError } = require('../http-utils');
const { agentVariantsFor } = require('./agentOptions');

/**
 * @typedef {import('./agentParts').PartRecord} PartRecord
 * @typedef {{ message_id: string, parent_message_id: string, create_time: number, role: string, text: string, parts: PartRecord[], human?: boolean }} HistoryEntry
 * @typedef {{ id: string, userId: string, createdAt: number, history: HistoryEntry[] }} Conversation
 * @typedef {{ messageId: string, conversationId: string, pieces: { text: string, sentAt: number }[], endSentAt: number | null, broken: boolean, clientGone: boolean, variants: object }} StreamRecord
 * @typedef {{ requestId: string, conversationId: string, questionId: string, messageId: string, mode: string, receivedAt: number, messages: import('./agentParts').MessageRecord[], config: Record<string, any> | null, answer: string }} ReceivedMessage
 * @typedef {{ conversations: Map<string, Conversation>, messages: ReceivedMessage[], streams: StreamRecord[], seq: number }} AgentState
 */

/** The agent endpoints' counts in `state.counts` (agentRoutes.js names them). */
const AGENT_COUNTS = Object.freeze({ conversation: 0, message: 0, history: 0 });

/** @returns {AgentState} */
function freshAgentState() {
	return { conversations: new Map(), messages: [], streams: [], seq: 0 };
}

/**
 * An id shaped like GPTBots' (24 hex digits), unique within the simulator's life.
 * @param {AgentState} agent
 * @param {string} prefix two hex digits
 */
function nextId(agent, prefix) {
	agent.seq += 1;
	return `${prefix}${(Date.now() % 0xffffffff).toString(16).padStart(8, '0')}${agent.seq.toString(16).padStart(14, '0')}`;
}

/** @param {string} id */
function unknownConversation(id) {
	return apiError(400, 40000, `Parameter error: conversation_id "${id}" does not exist`);
}

/**
 * POST /v1/conversation `{user_id}` (at most 32 characters) → `{conversation_id}`.
 * @param {any} ctx
 * @param {{ body: any }} request
 */
function createConversation(ctx, { body }) {
	const userId = body?.user_id;
	if (typeof userId !== 'string' || userId.length === 0 || userId.length > 32)
		return apiError(400, 40000, 'Parameter error: user_id must be a string of 1 to 32 characters');
	/** @type {AgentState} */
	const agent = ctx.state.agent;
	const id = nextId(agent, '6a');
	agent.conversations.set(id, { id, userId, createdAt: Date.now(), history: [] });
	return jsonResponse(200, { conversation_id: id });
}

/**
 * A file part as the v2 history shows it: a URL (files sent as base64 are served by the
 * simulator, as GPTBots hosts what it was sent) with format, name and size.
 * @param {PartRecord} part
 * @param {string} baseUrl
 */
function historyPart(part, baseUrl) {
	if (!part.files) return { type: 'text', text: part.text ?? '' };
	const files = part.files.map((file) => ({
		url:
			file.url ??
			`${baseUrl}/files/${encodeURIComponent(file.name || `file.${file.format}`)}?bytes=${file.bytes ?? 0}`,
		format: file.format,
		name: file.name ?? '',
		size: file.bytes ?? 1024,
	}));
	return { type: part.type, [part.type]: files };
}

/**
 * GET /v2/messages (and /v1/messages) `?conversation_id&page&page_size` → one page of the
 * history, oldest first, in the v2 shape (`conversation_content`) or the v1 shape (`messages`).
 * @param {any} ctx
 * @param {{ url: URL }} request
 * @param {'v1' | 'v2'} [shape] the endpoint's own shape (/v1/messages); else the variant's
 */
function history(ctx, { url }, shape) {
	const params = url.searchParams;
	const id = params.get('conversation_id');
	if (!id) return apiError(400, 40000, 'Parameter error: conversation_id is required');
	const page = Number(params.get('page'));
	const pageSize = Number(params.get('page_size'));
	if (!Number.isInteger(page) || page < 1)
		return apiError(400, 40000, 'Parameter error: page must be an integer >= 1');
	if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100)
		return apiError(400, 40000, 'Parameter error: page_size must be an integer from 1 to 100');
	const conversation = /** @type {AgentState} */ (ctx.state.agent).conversations.get(id);
	if (!conversation) return unknownConversation(id);
	const rows = conversation.history.slice((page - 1) * pageSize, page * pageSize);
	const total = conversation.history.length;
	const form = shape ?? agentVariantsFor(ctx.options.agentVariants, undefined).history;
	if (form === 'v1') {
		return jsonResponse(200, {
			total,
			messages: rows.map((row) => ({
				message_id: row.message_id,
				parent_message_id: row.parent_message_id,
				message_type: row.role === 'user' ? 'QUESTION' : 'ANSWER',
				text: row.text,
				create_time: row.create_time,
			})),
		});
	}
	const baseUrl = ctx.address?.url ?? '';
	return jsonResponse(200, {
		total,
		conversation_content: rows.map((row) => ({
			message_id: row.message_id,
			parent_message_id: row.parent_message_id,
			create_time: row.create_time,
			role: row.role,
			content: [{ branch_content: row.parts.map((part) => historyPart(part, baseUrl)) }],
		})),
	});
}

/**
 * What the control API's summary shows of agents.
 * @param {AgentState} agent
 */
function agentSummary(agent) {
	return {
		conversations: agent.conversations.size,
		messages: agent.messages,
		streams: agent.streams,
	};
}

module.exports = {
	AGENT_COUNTS,
	agentSummary,
	createConversation,
	freshAgentState,
	history,
	nextId,
	unknownConversation,
};
