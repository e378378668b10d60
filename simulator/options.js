'use strict';

const { FAULT_KINDS, assertKind } = require('./faults');
const { DEFAULT_VARIANTS, normalizeVariants } = require('./variants');
const { SIM_API_KEY } = require('./names');
const { AGENT_DEFAULTS, AGENT_VALIDATORS } = require('./agent/agentOptions');

/**
 * The simulator's options (README, "Options"); the agent's are agent/agentOptions.js'.
 * @typedef {{ apiKeys: string[], latencyMs: number, maxInFlight: number | null,
 *   retryAfterSeconds: number, faultRate: number, faultKinds: string[], seed: number,
 *   asyncDurationMs: number, webhookRepeat: number, webhookRetries: number,
 *   webhookRetryDelayMs: number, webhookRetryForMs: number | null, webhookHold: boolean,
 *   webhookTimeoutMs: number, maxRecordedRequests: number, maxBodyBytes: number,
 *   maxFileBytes: number, outputFiles: Record<string, any> | null,
 *   workflow: { id: string, name: string, version: string },
 *   variants: import('./variants').Variants } & typeof AGENT_DEFAULTS} SimOptions
 */

/** @type {Readonly<SimOptions>} */
const DEFAULT_OPTIONS = Object.freeze({
	apiKeys: [SIM_API_KEY],
	latencyMs: 0,
	maxInFlight: null, // null = unlimited
	retryAfterSeconds: 1,
	faultRate: 0,
	faultKinds: FAULT_KINDS,
	seed: 1,
	asyncDurationMs: 1000,
	webhookRepeat: 1,
	webhookRetries: 0,
	webhookRetryDelayMs: 200,
	webhookRetryForMs: null, // null = retries bounded by count only
	webhookHold: false, // true: webhooks wait (runs still end) until it is false again
	webhookTimeoutMs: 10000,
	maxRecordedRequests: 20000,
	maxBodyBytes: 64 * 1024 * 1024,
	maxFileBytes: 20 * 1024 * 1024,
	outputFiles: null, // like input.__outputFiles, for every run whose input has none
	workflow: { id: 'wf_sim_1', name: 'Simulated workflow', version: '1.0.0' },
	variants: DEFAULT_VARIANTS,
	...AGENT_DEFAULTS, // agents (the conversation API): agent/agentOptions.js
});

/**
 * @param {string} name
 * @param {unknown} value
 */
function nonNegativeNumber(name, value) {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
		throw new TypeError(`${name} must be a non-negative number`);
	}
	return value;
}

/**
 * @param {string} name
 * @param {unknown} value
 */
function nonNegativeInteger(name, value) {
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
		throw new TypeError(`${name} must be a non-negative integer`);
	return value;
}

/**
 * One validator per option: returns the normalized value or throws a TypeError naming the option.
 * The value is whatever a caller or the control API's JSON gave.
 * @type {Record<string, (value: any) => unknown>}
 */
const VALIDATORS = {
	apiKeys(value) {
		if (
			!Array.isArray(value) ||
			value.length === 0 ||
			!value.every((k) => typeof k === 'string' && k)
		) {
			throw new TypeError('apiKeys must be a non-empty array of strings');
		}
		return [...value];
	},
	latencyMs: (v) => nonNegativeNumber('latencyMs', v),
	maxInFlight(value) {
		// 0, null and Infinity all mean "no limit" (JSON cannot carry Infinity).
		if (value === null || value === 0 || value === Infinity) return null;
		if (!Number.isInteger(value) || value < 0)
			throw new TypeError('maxInFlight must be a positive integer or null');
		return value;
	},
	retryAfterSeconds: (v) => nonNegativeNumber('retryAfterSeconds', v),
	faultRate(value) {
		if (typeof value !== 'number' || !(value >= 0 && value <= 1))
			throw new TypeError('faultRate must be between 0 and 1');
		return value;
	},
	faultKinds(value) {
		if (!Array.isArray(value)) throw new TypeError('faultKinds must be an array');
		value.forEach(assertKind);
		return [...value];
	},
	seed: (v) => nonNegativeInteger('seed', v),
	asyncDurationMs: (v) => nonNegativeNumber('asyncDurationMs', v),
	webhookRepeat(value) {
		if (!Number.isInteger(value) || value < 1)
			throw new TypeError('webhookRepeat must be an integer >= 1');
		return value;
	},
	webhookRetries: (v) => nonNegativeInteger('webhookRetries', v),
	webhookRetryDelayMs: (v) => nonNegativeNumber('webhookRetryDelayMs', v),
	webhookHold(value) {
		if (typeof value !== 'boolean') throw new TypeError('webhookHold must be a boolean');
		return value;
	},
	webhookRetryForMs: (v) => (v === null ? null : nonNegativeNumber('webhookRetryForMs', v)),
	webhookTimeoutMs: (v) => nonNegativeNumber('webhookTimeoutMs', v),
	maxRecordedRequests: (v) => nonNegativeInteger('maxRecordedRequests', v),
	maxBodyBytes: (v) => nonNegativeInteger('maxBodyBytes', v),
	maxFileBytes: (v) => nonNegativeInteger('maxFileBytes', v),
	outputFiles(value) {
		if (value !== null && (typeof value !== 'object' || Array.isArray(value)))
			throw new TypeError('outputFiles must be an object or null');
		return value;
	},
	variants: (value) => ({ ...DEFAULT_VARIANTS, ...normalizeVariants(value) }),
	workflow(value) {
		if (value === null || typeof value !== 'object')
			throw new TypeError('workflow must be an object');
		return { ...DEFAULT_OPTIONS.workflow, ...value };
	},
	...AGENT_VALIDATORS,
};

/**
 * Validates a partial options object; throws on unknown names so typos do not pass silently.
 * @param {Record<string, unknown>} [partial]
 * @returns {Partial<SimOptions>}
 */
function normalizeOptions(partial = {}) {
	/** @type {Record<string, unknown>} */
	const result = {};
	for (const [name, value] of Object.entries(partial)) {
		if (value === undefined) continue;
		const validate = VALIDATORS[name];
		if (!validate) throw new TypeError(`Unknown option "${name}"`);
		result[name] = validate(value);
	}
	return result;
}

/**
 * At-least-once delivery, as senders that retry do: any non-2xx answer or network error is
 * retried every 3 s, at most 40 times and for at most 2 minutes after the first attempt.
 */
const AT_LEAST_ONCE = Object.freeze({
	webhookRetries: 40,
	webhookRetryDelayMs: 3000,
	webhookRetryForMs: 120000,
});

module.exports = { AT_LEAST_ONCE, DEFAULT_OPTIONS, normalizeOptions };
