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

	private claimed = false;

	/** True once, for the one callback that resumes the execution. Synchronous: no two can pass. */
	claimResume(): boolean {
		if (this.claimed) return false;
		this.claimed = true;
		return true;
	}
}

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
