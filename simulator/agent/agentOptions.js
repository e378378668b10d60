// @ts-check
'use strict';

/**
 * The simulator's options for GPTBots agents (the conversation API), and the variants of its
 * answers that GPTBots' docs leave open: how a streamed answer is framed and where its pieces
 * sit, how the stream ends, whether an answer comes from one component or two, and which
 * history shape `/v2/messages` answers. simulator/options.js takes these in beside the
 * workflow's options; the variants can be set per message too (custom variable `__variants`).
 */

const { SIM_AGENT_KEY } = require('../names');
const { checkVariants } = require('../variants');

/** @typedef {{ stream: string, streamEnd: string, framing: string, history: string, outputs: string, webhookAck: string, splitWrites: boolean }} AgentVariants */

/** @type {Record<string, string[]>} */
const AGENT_CHOICES = {
	// where a piece's text sits: {code:3, data} (third-party clients), {text}, {content}, {delta}
	stream: ['code', 'text', 'content', 'delta'],
	// the form's own end event ({code:0} or {event:"end"}), `data: [DONE]`, or just the close
	streamEnd: ['event', 'done', 'close'],
	// `data: x\n\n`, `data:x\n\n`, `data: x\r\n\r\n`, or bare JSON lines
	framing: ['sse', 'compact', 'crlf', 'ndjson'],
	// /v2/messages in the v2 shape (conversation_content) or the v1 shape (messages)
	history: ['v2', 'v1'],
	// the answer's text from one output entry, or split over two (to be joined in order)
	outputs: ['one', 'two'],
	// what a webhook-mode request is answered at once: its ids, or an empty JSON object
	webhookAck: ['ids', 'empty'],
};
const AGENT_FLAGS = ['splitWrites']; // each event written in two halves, a moment apart

/** @type {Readonly<AgentVariants>} */
const DEFAULT_AGENT_VARIANTS = Object.freeze({
	stream: 'code',
	streamEnd: 'event',
	framing: 'sse',
	history: 'v2',
	outputs: 'one',
	webhookAck: 'ids',
	splitWrites: false,
});

const AGENT_DEFAULTS = Object.freeze({
	agentApiKeys: [SIM_AGENT_KEY],
	agent: { id: 'agent_sim_1', name: 'Simulated agent' },
	agentVariants: DEFAULT_AGENT_VARIANTS,
	streamPieceMs: 20, // pause before each streamed piece
	streamPieces: /** @type {number | null} */ (null), // null: one piece per word of the answer
	agentWebhookUrl: /** @type {string | null} */ (null), // the agent's webhook (Integration → API)
	agentWebhookRepeat: 1, // each webhook-mode answer delivered this many times
	agentWebhookDelayMs: 50, // from accepting a webhook-mode message to delivering its answer
});

/** @param {unknown} value */
const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Checks a partial agent variants object; throws a TypeError naming the bad entry.
 * @param {unknown} value
 * @param {string} [label]
 * @returns {Partial<AgentVariants>}
 */
const normalizeAgentVariants = (value, label = 'agentVariants') =>
	checkVariants(value, label, AGENT_CHOICES, AGENT_FLAGS);

/**
 * @param {string} name
 * @param {unknown} value
 */
function nonNegative(name, value) {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
		throw new TypeError(`${name} must be a non-negative number`);
	return value;
}

/** @type {Record<string, (value: any) => unknown>} */
const AGENT_VALIDATORS = {
	agentApiKeys(value) {
		if (
			!Array.isArray(value) ||
			value.length === 0 ||
			!value.every((k) => typeof k === 'string' && k)
		)
			throw new TypeError('agentApiKeys must be a non-empty array of strings');
		return [...value];
	},
	agent(value) {
		if (!isObject(value)) throw new TypeError('agent must be an object');
		return { ...AGENT_DEFAULTS.agent, ...value };
	},
	agentVariants: (value) => ({ ...DEFAULT_AGENT_VARIANTS, ...normalizeAgentVariants(value) }),
	streamPieceMs: (value) => nonNegative('streamPieceMs', value),
	streamPieces(value) {
		if (value === null) return null;
		if (!Number.isInteger(value) || value < 1)
			throw new TypeError('streamPieces must be a positive integer or null');
		return value;
	},
	agentWebhookUrl(value) {
		if (value === null) return null;
		if (typeof value !== 'string' || !/^https?:\/\//i.test(value))
			throw new TypeError('agentWebhookUrl must be an http(s) URL or null');
		return value;
	},
	agentWebhookRepeat(value) {
		if (!Number.isInteger(value) || value < 1)
			throw new TypeError('agentWebhookRepeat must be an integer >= 1');
		return value;
	},
	agentWebhookDelayMs: (value) => nonNegative('agentWebhookDelayMs', value),
};

/**
 * The variants for one message: the server's, overridden by the message's custom variable
 * `__variants` (an object, or its JSON text) when that is valid.
 * @param {AgentVariants} serverVariants
 * @param {unknown} own
 * @returns {AgentVariants}
 */
function agentVariantsFor(serverVariants, own) {
	let parsed = own;
	if (typeof own === 'string') {
		try {
			parsed = JSON.parse(own);
		} catch {
			parsed = {};
		}
	}
	try {
		return {
			...DEFAULT_AGENT_VARIANTS,
			...serverVariants,
			...normalizeAgentVariants(parsed ?? {}),
		};
	} catch {
		return { ...DEFAULT_AGENT_VARIANTS, ...serverVariants };
	}
}

module.exports = { AGENT_CHOICES, AGENT_DEFAULTS, AGENT_VALIDATORS, agentVariantsFor };
