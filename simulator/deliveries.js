'use strict';

/** Webhook deliveries: those a finished async run makes, and single ones on request (`sim.deliver`). */

const { buildDelivery, sendOnce, isSuccess } = require('./webhooks');
const { normalizeVariants, variantsFor } = require('./variants');
const { recordDelivery } = require('./records');
const wf = require('./workflow');

/**
 * @typedef {import('./server').SimContext} SimContext
 * @typedef {{ url: string, method?: string, headers?: Record<string, unknown> }} Hook
 */

/**
 * Sends one delivery and records it, unless a reset/stop happened meanwhile.
 * @param {SimContext} ctx
 * @param {Hook} hook
 * @param {Partial<import('./workflow').Run>} view
 * @param {Record<string, unknown>} extra
 */
async function deliverAndRecord(ctx, hook, view, extra, variants = ctx.options.variants) {
	const { options, background } = ctx;
	const startedIn = background.generation;
	const delivery = buildDelivery(hook, view, variants);
	const result = await sendOnce(delivery, {
		timeoutMs: options.webhookTimeoutMs,
		track: background.track,
	});
	if (background.isCurrent(startedIn))
		recordDelivery(ctx, view.workflowRunId ?? null, delivery, result, extra);
	return result;
}

/** Whether a failed attempt is retried: within `webhookRetries`, and `webhookRetryForMs` of the first. */
/**
 * @param {import('./options').SimOptions} options
 * @param {number} attempt
 * @param {number} firstSentAt
 */
function mayRetry(options, attempt, firstSentAt) {
	if (attempt > options.webhookRetries) return false;
	const { webhookRetryForMs: forMs, webhookRetryDelayMs: delayMs } = options;
	return forMs === null || Date.now() + delayMs - firstSentAt <= forMs;
}

/**
 * At-least-once delivery, for workflow webhooks and the agent's webhook alike: `repeat` copies
 * (duplicates on purpose), each attempt made by `attemptOnce(copy, attempt)` (which sends and
 * records it, resolving sendOnce's result); a failed attempt (non-2xx answer or network error) is
 * retried after `webhookRetryDelayMs`, bounded by `webhookRetries` and `webhookRetryForMs`
 * (options.AT_LEAST_ONCE); nothing is sent while `webhookHold` is on. Stops at a reset/stop.
 * @param {SimContext} ctx
 * @param {number} repeat
 * @param {(copy: number, attempt: number) => Promise<{ statusCode: number | null, sentAt: number }>} attemptOnce
 */
async function deliverAtLeastOnce(ctx, repeat, attemptOnce) {
	const { options, background } = ctx;
	const startedIn = background.generation;
	for (let copy = 1; copy <= repeat; copy++) {
		/** @type {number | undefined} */
		let firstSentAt;
		for (let attempt = 1; ; attempt++) {
			while (options.webhookHold) {
				await background.sleep(50, 'runs');
				if (!background.isCurrent(startedIn)) return;
			}
			const result = await attemptOnce(copy, attempt);
			if (!background.isCurrent(startedIn)) return;
			firstSentAt ??= result.sentAt;
			if (isSuccess(result.statusCode) || !mayRetry(options, attempt, firstSentAt)) break;
			await background.sleep(options.webhookRetryDelayMs, 'runs');
		}
	}
}

/**
 * Delivers one webhook of a finished run `webhookRepeat` times, at least once each.
 * @param {SimContext} ctx
 * @param {Hook} hook
 * @param {import('./workflow').RunRecord} record
 */
async function deliverHook(ctx, hook, record) {
	const view = wf.publicRun(record.run);
	await deliverAtLeastOnce(ctx, ctx.options.webhookRepeat, (copy, attempt) => {
		const variants = variantsFor(ctx.options.variants, record.run.input); // configure() may change them meanwhile
		return deliverAndRecord(ctx, hook, view, { copy, attempt }, variants);
	});
}

/**
 * A finished run to deliver when `sim.deliver` is given none.
 * @param {import('./options').SimOptions['workflow']} workflow
 */
function sampleRunView(workflow) {
	const sample = wf.createRunRecord({
		workflow,
		input: { sample: true },
		isAsync: true,
		durationMs: 0,
		seq: 0,
		now: Date.now(),
	});
	wf.finishRun(sample, Date.now());
	return wf.publicRun(sample.run);
}

/**
 * One webhook delivery right now (for testing receivers); `run` defaults to a finished sample
 * run; `variants` shape it. Without a `url` the delivery fails as a request to nowhere would.
 * @param {SimContext} ctx
 * @param {{ url?: string, method?: string, headers?: Record<string, string>,
 *   run?: Partial<import('./workflow').Run>, variants?: Record<string, unknown> }} [delivery]
 */
async function deliverNow(ctx, { url, method = 'POST', headers = {}, run, variants } = {}) {
	const { options } = ctx;
	const view = run || sampleRunView(options.workflow);
	const shape = variants
		? { ...options.variants, ...normalizeVariants(variants) }
		: options.variants;
	return deliverAndRecord(
		ctx,
		{ url: /** @type {string} */ (url), method, headers },
		view,
		{ manual: true, copy: 1, attempt: 1 },
		shape,
	);
}

module.exports = { deliverAtLeastOnce, deliverHook, deliverNow };
