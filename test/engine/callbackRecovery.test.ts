/**
 * Wait by callback around failures of n8n itself: a resume n8n failed (HTTP 500) or lost (200,
 * yet still waiting, as after a restart) must not leave the execution waiting until Max Wait,
 * and the execution still resumes once, with each result once.
 */
import {
	HANDOVER_MS,
	RESUME_SETTLE_MS,
} from '../../nodes/GptBots/workflow/invoke/resumeOnCallback/awaitedRuns';
import { callbackRun, json, paired, sleepMs, startWaiting, useSimulator } from './fixture';
import type { RunResult } from '../harness/types';

const holder = useSimulator();

const run = callbackRun([
	{ k: 0, __durationMs: 300 },
	{ k: 1, __durationMs: 500 },
]);

/** Both runs started and ended; returns the waiting execution and a callback per item. */
async function bothEnded() {
	const { waiting, runIds: ids, callBack } = await startWaiting(holder.sim, run);
	await sleepMs(700);
	const callback = async (item: number, n8n?: 'resume' | 'fail' | 'lose') =>
		await callBack(item, { workflowRunId: ids[item] }, n8n);
	return { waiting, ids, callback };
}

/** Calls `fn` with the node's clock `ms` ahead. */
async function later<T>(ms: number, fn: () => Promise<T>): Promise<T> {
	const now = Date.now;
	const spy = jest.spyOn(Date, 'now').mockImplementation(() => now() + ms);
	try {
		return await fn();
	} finally {
		spy.mockRestore();
	}
}

function expectResumedWithBoth(result: RunResult) {
	expect(result.waitTill).toBeUndefined();
	expect(json(result.items).map((item) => [(item.input as { k: number }).k, item.status])).toEqual([
		[0, 'SUCCEED'],
		[1, 'SUCCEED'],
	]);
	expect(paired(result.items)).toEqual([{ item: 0 }, { item: 1 }]);
}

describe('asyncWebhook: a wait that cannot stick', () => {
	it('a resume n8n failed (500) does not block the next callback, whichever run it names', async () => {
		const { callback } = await bothEnded();
		const failed = await callback(1, 'fail'); // the last run's callback: n8n answers 500
		expect(failed.webhook?.result.workflowData).toBeDefined();
		expect(failed.waitTill).toBeDefined();
		const next = await callback(0); // a retry of the other run's callback
		expect(next.webhook?.response.statusCode).toBe(200);
		expectResumedWithBoth(next);
	});

	it('while a resume is under way a callback is told to come back (503, Retry-After)', async () => {
		const { callback } = await bothEnded();
		const [a, b] = await Promise.all([callback(1, 'lose'), callback(0, 'lose')]);
		const handed = [a, b].filter((r) => r.webhook?.result.workflowData !== undefined);
		expect(handed).toHaveLength(1); // exactly one resume handed to n8n
		const other = handed[0] === a ? b : a;
		expect(other.webhook?.response.statusCode).toBe(503);
		expect(other.webhook?.response.headers['retry-after']).toBe('5');
		expect(other.webhook?.response.body).toMatchObject({ received: true, resumed: false });
	});

	it('a resume n8n accepted but lost (200, still waiting) blocks callbacks only for the settle time', async () => {
		const { callback } = await bothEnded();
		const lost = await callback(1, 'lose');
		expect(lost.webhook?.response.statusCode).toBe(200);
		const soon = await callback(0);
		expect(soon.webhook?.response.statusCode).toBe(503);
		expect(soon.waitTill).toBeDefined();
		const after = await later(RESUME_SETTLE_MS + 100, () => callback(0));
		expectResumedWithBoth(after);
	});

	it("after a restart, if the last run's callback is lost, another takes over after the hand-over time", async () => {
		const { callback } = await bothEnded();
		// this process has seen no callback of the last run (it was sent before the restart)
		const first = await callback(0);
		expect(first.webhook?.response.statusCode).toBe(202); // not the last run's: waits for it
		expect(first.webhook?.response.body).toMatchObject({ resumed: false });
		const takeOver = await later(HANDOVER_MS + 100, () => callback(0));
		expectResumedWithBoth(takeOver);
	});
});
