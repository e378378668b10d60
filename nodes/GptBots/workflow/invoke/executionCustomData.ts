import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

interface CustomData {
	set(key: string, value: string | number): void;
}

/**
 * The execution's custom data. Newer n8n gives nodes `this.customData`; n8n 2.8 only has it on
 * `$execution` (the same store: the execution's metadata).
 */
function executionCustomData(ctx: IExecuteFunctions): CustomData | undefined {
	try {
		const own = (ctx as { customData?: CustomData }).customData;
		if (own && typeof own.set === 'function') return own;
	} catch {
		// The getter throws when the context has no execution data.
	}
	try {
		const proxy = ctx.getWorkflowDataProxy(0) as { $execution?: { customData?: CustomData } };
		const fromProxy = proxy.$execution?.customData;
		return fromProxy && typeof fromProxy.set === 'function' ? fromProxy : undefined;
	} catch {
		return undefined;
	}
}

/** "SUCCEED" when all runs share a status, else e.g. "SUCCEED 3, FAILED 1". */
export function summariseStatuses(statuses: string[]): string {
	const counts = new Map<string, number>();
	for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
	if (counts.size === 1) return statuses[0];
	return [...counts.entries()].map(([status, count]) => `${status} ${count}`).join(', ');
}

/**
 * Stores the GPTBots run id and status as the execution's custom data, so that n8n's executions
 * list can find the execution by run id. With several runs: the first run's id and the count.
 * Custom data is a convenience: failing to store it never fails the node.
 */
export function recordRunsInExecution(
	ctx: IExecuteFunctions,
	runs: Array<IDataObject | undefined>,
): void {
	const started = runs.filter(
		(run): run is IDataObject => typeof run?.workflowRunId === 'string' && run.workflowRunId !== '',
	);
	if (started.length === 0) return;
	const customData = executionCustomData(ctx);
	if (!customData) return;
	try {
		customData.set('gptbotsWorkflowRunId', String(started[0].workflowRunId));
		customData.set(
			'gptbotsStatus',
			summariseStatuses(started.map((run) => String(run.status ?? 'UNKNOWN'))),
		);
		if (started.length > 1) customData.set('gptbotsRunCount', started.length);
	} catch {
		// n8n refuses custom data beyond its limit of 10 keys per execution; the runs are output anyway.
	}
}
