'use strict';

/** The simulator's runs: adding them to the records, running async ones in the background, seeding finished ones. */

const { deliverHook } = require('./deliveries');
const wf = require('./workflow');

/**
 * @typedef {import('./workflow').RunRecord} RunRecord
 * @typedef {import('./server').SimContext} SimContext
 */

/**
 * @param {import('./records').SimState} state
 * @param {RunRecord} record
 */
function addRun(state, record) {
	state.runs.set(record.run.workflowRunId, record);
	if (!record.seeded) state.counts.invokeAccepted += 1;
	if (record.itemKey !== null) {
		state.runsByItemKey[record.itemKey] = (state.runsByItemKey[record.itemKey] || 0) + 1;
	}
	return record;
}

/** PENDING for the first 20% of the duration, RUNNING after, then finished + webhooks. */
/**
 * @param {SimContext} ctx
 * @param {RunRecord} record
 */
function scheduleAsyncRun(ctx, record) {
	const { background } = ctx;
	background.later(
		record.durationMs * 0.2,
		() => {
			if (record.run.status === 'PENDING') record.run.status = 'RUNNING';
		},
		'runs',
	);
	background.later(
		record.durationMs,
		() => {
			wf.finishRun(record, Date.now());
			for (const hook of record.webhooks) {
				deliverHook(ctx, hook, record).catch(() => {}); // sendOnce never rejects; belt and braces
			}
		},
		'runs',
	);
}

/**
 * Creates `count` finished runs, oldest first, sending `inputs` in turn (else `{seeded: i}`). Returns their ids.
 * @param {SimContext} ctx
 * @param {number} count
 * @param {{ userId?: string | null, startTime?: number, conversationType?: string, fail?: boolean,
 *   inputs?: Record<string, any>[] | null }} [seed]
 */
function seedRuns(
	ctx,
	count,
	{
		userId = null,
		startTime = Date.now(),
		conversationType = 'API',
		fail = false,
		inputs = null,
	} = {},
) {
	if (!Number.isInteger(count) || count < 1 || count > 100000)
		throw new TypeError('count must be 1..100000');
	if (typeof startTime !== 'number') throw new TypeError('startTime must be epoch ms');
	if (inputs !== null && (!Array.isArray(inputs) || inputs.length === 0))
		throw new TypeError('inputs must be a non-empty array');
	/** @type {string[]} */
	const ids = [];
	for (let i = 1; i <= count; i++) {
		const base = inputs ? structuredClone(inputs[(i - 1) % inputs.length]) : { seeded: i };
		const input = fail ? { ...base, __fail: true } : base;
		const record = wf.createRunRecord({
			workflow: ctx.options.workflow,
			input,
			userId,
			isAsync: false,
			durationMs: 100,
			seq: ++ctx.runSeq,
			now: startTime,
		});
		Object.assign(record, { seeded: true, conversationType });
		wf.finishRun(record, startTime + 100);
		addRun(ctx.state, record);
		ids.push(record.run.workflowRunId);
	}
	return ids;
}

module.exports = { addRun, scheduleAsyncRun, seedRuns };
