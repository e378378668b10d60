import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { queryResult } from '../../shared/transport/endpoints';
import type { RecentInputs } from './inputInference';
import { inferRecentInputs } from './inputInference';
import { loadOptionsClient, readRecentRows } from './recentRunInputs';

/** A tool description for the AI Agent, from the workflow's name (runs carry it) and its inputs. */
export function suggestToolDescription(workflowName: string, recent: RecentInputs): string {
	const inputs = recent.fields
		.filter((field) => !field.stale)
		.map((field) => `${field.name} (${field.type === 'mixed' ? 'any' : field.type})`);
	const name = workflowName ? `the GPTBots AI workflow "${workflowName}"` : 'a GPTBots AI workflow';
	return `Runs ${name} and returns its output.${inputs.length ? ` Inputs: ${inputs.join(', ')}.` : ''}`;
}

/** The list of "Suggested Tool Description": what recent runs say about the workflow. */
export async function getToolDescriptionSuggestions(
	this: ILoadOptionsFunctions,
): Promise<INodeListSearchResult> {
	const { client, timeoutMs } = loadOptionsClient(this);
	const rows = await readRecentRows(client, timeoutMs, 0);
	const recent = inferRecentInputs(rows);
	const newest = rows.find(
		(row) => typeof row.workflow_run_id === 'string' || typeof row.workflowRunId === 'string',
	);
	let workflowName = String(newest?.workflow_name ?? newest?.workflowName ?? '');
	if (!workflowName && newest) {
		// Log rows do not name the workflow; its runs do.
		const run = await queryResult(
			client,
			String(newest.workflow_run_id ?? newest.workflowRunId),
			timeoutMs,
			0,
		);
		workflowName = typeof run.workflowName === 'string' ? run.workflowName : '';
	}
	const description = suggestToolDescription(workflowName, recent);
	return { results: [{ name: description, value: description }] };
}
