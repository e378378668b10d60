'use strict';

/**
 * The variants of GPTBots' answers and deliveries that its docs leave open (simulator/README.md):
 * how a webhook delivery is shaped, whether answers are wrapped in
 * `{code:0, data}`, runs without workflowId/Name/Version, the older docs' status spelling, and
 * where the run-log rows sit. Set for the whole server (option `variants`) or per run (input
 * `__variants`, which wins for that run).
 */

const { isPlainObject } = require('./http-utils');

/** @type {Record<string, string[]>} */
const CHOICES = {
	// documented: invoke/query plain, verify wrapped (as the simulator always answered it)
	answers: ['documented', 'plain', 'wrapped'],
	delivery: [
		'run',
		'snake',
		'wrapped',
		'result',
		'form',
		'textPlain',
		'noContentType',
		'empty',
		'idOnly',
	],
	status: ['documented', 'old', 'lower'],
	logs: ['data.list', 'list', 'records', 'data', 'data.records'],
};
const FLAGS = ['missingFields', 'logsWithoutTotal'];

/**
 * How answers and deliveries are shaped: a choice per name in CHOICES, and the flags.
 * @typedef {{ answers: string, delivery: string, status: string, logs: string,
 *   missingFields: boolean, logsWithoutTotal: boolean }} Variants
 */

/** @type {Readonly<Variants>} */
const DEFAULT_VARIANTS = Object.freeze({
	answers: 'documented',
	delivery: 'run',
	status: 'documented',
	logs: 'data.list',
	missingFields: false,
	logsWithoutTotal: false,
});

/**
 * Checks a partial variants object against `choices` (name → allowed values) and `flags` (boolean
 * names); throws a TypeError naming the bad entry. Workflow variants use this file's lists, agent
 * variants their own (agent/agentOptions.js).
 * @param {unknown} value
 * @param {string} label
 * @param {Record<string, string[]>} choices
 * @param {string[]} flags
 * @returns {Record<string, string | boolean>}
 */
function checkVariants(value, label, choices, flags) {
	if (!isPlainObject(value)) throw new TypeError(`${label} must be an object`);
	/** @type {Record<string, string | boolean>} */
	const result = {};
	for (const [name, choice] of Object.entries(value)) {
		if (Object.hasOwn(choices, name)) {
			if (!choices[name].includes(choice))
				throw new TypeError(`${label}.${name} must be one of ${choices[name].join(', ')}`);
		} else if (flags.includes(name)) {
			if (typeof choice !== 'boolean')
				throw new TypeError(`${label}.${name} must be true or false`);
		} else {
			throw new TypeError(`Unknown ${label} entry "${name}"`);
		}
		result[name] = choice;
	}
	return result;
}

/**
 * Checks a partial workflow variants object; throws a TypeError naming the bad entry.
 * @param {unknown} value
 * @returns {Partial<Variants>}
 */
const normalizeVariants = (value, label = 'variants') =>
	checkVariants(value, label, CHOICES, FLAGS);

/**
 * The variants for one run: the server's, overridden by the run's input `__variants` if valid.
 * @param {Variants} serverVariants
 * @param {unknown} input
 * @returns {Variants}
 */
function variantsFor(serverVariants, input) {
	const own = isPlainObject(input) && isPlainObject(input.__variants) ? input.__variants : {};
	try {
		return { ...DEFAULT_VARIANTS, ...serverVariants, ...normalizeVariants(own, '__variants') };
	} catch {
		return { ...DEFAULT_VARIANTS, ...serverVariants };
	}
}

/** @type {Record<string, string>} */
const OLD_STATUS = { SUCCEED: 'SUCCED' };

/**
 * A run as this variant shows it: status spelling, workflow fields left out.
 * @param {Partial<import('./workflow').Run>} view
 * @param {Variants} variants
 */
function viewRun(view, variants) {
	const run = { ...view };
	if (variants.missingFields) {
		delete run.workflowId;
		delete run.workflowName;
		delete run.workflowVersion;
	}
	if (variants.status === 'old') run.status = OLD_STATUS[run.status ?? ''] ?? run.status;
	if (variants.status === 'lower' && typeof run.status === 'string')
		run.status = run.status.toLowerCase();
	return run;
}

/** @param {unknown} data */
const wrap = (data) => ({ code: 0, msg: 'success', data });

/**
 * The body of an invoke or query answer.
 * @param {Partial<import('./workflow').Run>} view
 * @param {Variants} variants
 */
function answerBody(view, variants) {
	const run = viewRun(view, variants);
	return variants.answers === 'wrapped' ? wrap(run) : run;
}

/**
 * The body of a key-verify answer.
 * @param {{ type: string, id: string, name: string }} data
 * @param {Variants} variants
 */
function verifyBody(data, variants) {
	return variants.answers === 'plain' ? data : { code: 0, message: 'success', data };
}

/** @param {string} name */
const snakeCase = (name) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** @param {Record<string, unknown>} run */
function snakeRun(run) {
	/** @type {Record<string, unknown>} */
	const result = {};
	for (const [key, value] of Object.entries(run)) {
		result[snakeCase(key)] =
			key === 'input' || key === 'output' ? JSON.stringify(value ?? null) : value;
	}
	return result;
}

/** @param {Record<string, unknown>} run */
function formText(run) {
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(run)) {
		params.append(
			key,
			typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value),
		);
	}
	return params.toString();
}

/**
 * The body and content type of a POST/PUT/PATCH delivery of `view` in this variant.
 * @param {Partial<import('./workflow').Run>} view
 * @param {Variants} variants
 * @returns {{ body: string, contentType: string | null }}
 */
function deliveryBody(view, variants) {
	const run = viewRun(view, variants);
	/**
	 * @param {unknown} body
	 * @param {string | null} contentType
	 */
	const json = (body, contentType = 'application/json') => ({
		body: JSON.stringify(body),
		contentType,
	});
	switch (variants.delivery) {
		case 'snake':
			return json(snakeRun(run));
		case 'wrapped':
			return json(wrap(run));
		case 'result':
			return json({ code: 0, result: run });
		case 'form':
			return { body: formText(run), contentType: 'application/x-www-form-urlencoded' };
		case 'textPlain':
			return json(run, 'text/plain');
		case 'noContentType':
			return json(run, null);
		case 'empty':
			return { body: '', contentType: null };
		case 'idOnly':
			return json({ workflowRunId: run.workflowRunId });
		default:
			return json(run);
	}
}

/**
 * The body of one run-logs page in this variant.
 * @param {{ total: number, page: number, pageSize: number, list: unknown[] }} page
 * @param {Variants} variants
 */
function logsBody({ total, page, pageSize, list }, variants) {
	const counts = variants.logsWithoutTotal ? {} : { total, page, page_size: pageSize };
	switch (variants.logs) {
		case 'list':
			return { list, ...counts };
		case 'records':
			return { records: list, ...counts };
		case 'data':
			return { code: 0, message: 'success', data: list, ...counts };
		case 'data.records':
			return { code: 0, message: 'success', data: { records: list, ...counts } };
		default:
			return { code: 0, message: 'success', data: { ...counts, list } };
	}
}

module.exports = {
	CHOICES,
	checkVariants,
	DEFAULT_VARIANTS,
	answerBody,
	deliveryBody,
	logsBody,
	normalizeVariants,
	variantsFor,
	verifyBody,
	viewRun,
};
