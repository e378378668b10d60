import type { IDataObject } from 'n8n-workflow';

/**
 * What one process has learnt about the runs a waiting execution awaits ("wait by callback").
 * n8n keeps nothing a callback learns unless it resumes the execution, so without this every
 * callback would have to re-read the other runs. Each ended run's result is read once and kept
 * here until the execution resumes. It is a cache: another process (queue mode) or a restart
 * starts empty and only costs more queries, never a wrong result.
 */
export class AwaitedRuns {
	/** workflowRunId → the ended run as the result API gave it (by id, so no two executions can mix). */
	readonly ended = new Map<string, IDataObject>();

	/** Runs whose own callback has arrived. */
	readonly calledBack = new Set<string>();

	/** Until when a resume this process handed to n8n counts as under way (epoch ms; 0: none). */
	private claimUntil = 0;

	/** When this process first found every awaited run ended (see mayResume's hand-over). */
	allEndedAt?: number;

	/** Whether a resume this process handed to n8n may still be under way at `now`. */
	resumeUnderWay(now: number): boolean {
		return now < this.claimUntil;
	}

	/**
	 * True for the one callback that hands the resume to n8n, unless one is under way.
	 * Synchronous: no two callbacks of this process can pass at once. The claim holds until
	 * settleClaim, or RESUME_CLAIM_LAPSE_MS if n8n's answer is never seen.
	 */
	claimResume(now: number): boolean {
		if (this.resumeUnderWay(now)) return false;
		this.claimUntil = now + RESUME_CLAIM_LAPSE_MS;
		return true;
	}

	/**
	 * n8n answered the claiming callback. A 2xx answer is sent once n8n has marked the execution
	 * running, so from then on n8n itself refuses callbacks (409) before they reach the node; the
	 * claim holds RESUME_SETTLE_MS longer for callbacks n8n read as waiting just before. Any other
	 * answer means n8n did not resume: the claim is given back at once, so the next callback may.
	 */
	settleClaim(accepted: boolean, now: number): void {
		this.claimUntil = accepted ? now + RESUME_SETTLE_MS : 0;
		// Results are read again if a callback still reaches the node (the resume was lost).
		if (accepted) this.ended.clear();
	}
}

/** After n8n accepted a resume, how long a callback is still told one is under way. */
export const RESUME_SETTLE_MS = 15_000;
/** A claim whose answer n8n never reported lapses after this. */
export const RESUME_CLAIM_LAPSE_MS = 5 * 60_000;

/** Waiting executions remembered per process; the oldest is forgotten first. */
export const MAX_REMEMBERED_EXECUTIONS = 200;

const remembered = new Map<string, AwaitedRuns>();

/** The record of one waiting execution's node (key: execution id and node id). */
export function awaitedRunsOf(key: string): AwaitedRuns {
	let runs = remembered.get(key);
	if (runs) {
		remembered.delete(key); // re-inserted below: most recently used last
	} else {
		runs = new AwaitedRuns();
	}
	remembered.set(key, runs);
	while (remembered.size > MAX_REMEMBERED_EXECUTIONS)
		remembered.delete(remembered.keys().next().value as string);
	return runs;
}

export function forgetAwaitedRuns(key: string): void {
	remembered.delete(key);
}

export function rememberedExecutions(): number {
	return remembered.size;
}

/**
 * The order in which a callback checks the awaited runs not yet known to have ended: its own run
 * first, then alternately the newest-started and the oldest-started. Runs of one workflow started
 * in order tend to end in order (the newest is then the one still going) or in reverse (the
 * oldest is); either way the first or second check usually finds a run still going, and stops.
 */
export function checkOrder(unknown: number[], self?: number): number[] {
	const others = [...unknown].filter((index) => index !== self).sort((a, b) => a - b);
	const order = self !== undefined && unknown.includes(self) ? [self] : [];
	for (let low = 0, high = others.length - 1; low <= high; high--) {
		order.push(others[high]);
		if (low < high) order.push(others[low++]);
	}
	return order;
}
