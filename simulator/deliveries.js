'use strict';

/** Webhook deliveries: those a finished async run makes, and single ones on request (`sim.deliver`). */

const { buildDelivery, sendOnce, isSuccess } = require('./webhooks');
const { normalizeVariants, variantsFor } = require('./variants');
const { recordDelivery } = require('./records');
const wf = require('./workflow');

/** Sends one delivery and records it, unless a reset/stop happened meanwhile. */
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
 * @param {any} ctx
 * @param {number} repeat
 * @param {(copy: number, attempt: number) => Promise<{ statusCode: number | null, sentAt: number }>} attemptOnce
 */
async function deliverAtLeastOnce(ctx, repeat, attemptOnce) {
	const { options, background } = ctx;
	const startedIn = background.generation;
	for (let copy = 1; copy <= repeat; copy++) {
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

/** Delivers one webhook of a finished run `webhookRepeat` times, at least once each. */
async function deliverHook(ctx, hook, record) {
	const view = wf.publicRun(record.run);
	await deliverAtLeastOnce(ctx, ctx.options.webhookRepeat, (copy, attempt) => {
		const variants = variantsFor(ctx.options.variants, record.run.input); // configure() may change them meanwhile
		return deliverAndRecord(ctx, hook, view, { copy, attempt }, variants);
	});
}

/** A finished run to deliver when `sim.deliver` is given none. */
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

/** One webhook delivery right now (for testing receivers); `run` defaults to a finished sample run; `variants` shape it. */
async function deliverNow(ctx, { url, method = 'POST', headers = {}, run, variants } = {}) {
	const { options } = ctx;
	const view = run || sampleRunView(options.workflow);
	const shape = variants
		? { ...options.variants, ...normalizeVariants(variants) }
		: options.variants;
	return deliverAndRecord(
		ctx,
		{ url, method, headers },
		view,
		{ manual: true, copy: 1, attempt: 1 },
		shape,
	);
}

module.exports = { deliverAtLeastOnce, deliverHook, deliverNow };
