import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	ResourceMapperFields,
} from 'n8n-workflow';

import { NO_RUNS_NOTICE, toMapperFields } from '../helpers/inputMapping';
import type { RunOptions } from '../helpers/options';
import { readRunOptions } from '../helpers/options';
import type { RecentInputs } from '../helpers/recentInputs';
import { inferRecentInputs, inputMismatch } from '../helpers/recentInputs';
import { GptBotsClient } from '../transport/client';
import { fetchRunLogs } from './getRuns.operation';
import { queryResult } from '../transport/endpoints';
import { ItemError, toItemError, withoutItemNumber } from './itemErrors';

/** How far back, and how many API runs (newest first: 3 pages of 100), the fields are learned from. */
export const RECENT_DAYS = 30;
export const RECENT_RUNS_READ = 300;

async function readRecentRows(
	client: GptBotsClient,
	timeoutMs: number,
	itemIndex: number,
	now = Date.now(),
): Promise<IDataObject[]> {
	const query = {
		conversationType: 'API',
		startMs: now - RECENT_DAYS * 24 * 3600 * 1000,
		endMs: now,
		userId: '',
		limit: RECENT_RUNS_READ,
	};
	return await fetchRunLogs(client, query, timeoutMs, itemIndex);
}

function loadOptionsClient(ctx: ILoadOptionsFunctions): {
	client: GptBotsClient;
	options: RunOptions;
} {
	const options = readRunOptions({});
	return {
		client: new GptBotsClient(ctx, { concurrency: 1, retryInvokeWhenSafe: false }),
		options,
	};
}

/** The resource mapper's method: the fields recent API runs sent, each with its inferred type. */
export async function getInputMappingFields(
	this: ILoadOptionsFunctions,
): Promise<ResourceMapperFields> {
	const { client, options } = loadOptionsClient(this);
	const recent = inferRecentInputs(await readRecentRows(client, options.timeoutMs, 0));
	if (recent.runsRead === 0) return { fields: [], emptyFieldsNotice: NO_RUNS_NOTICE };
	return { fields: toMapperFields(recent, this.getNode().type.endsWith('Tool')) };
}

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
	const { client, options } = loadOptionsClient(this);
	const rows = await readRecentRows(client, options.timeoutMs, 0);
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
			options.timeoutMs,
			0,
		);
		workflowName = typeof run.workflowName === 'string' ? run.workflowName : '';
	}
	const description = suggestToolDescription(workflowName, recent);
	return { results: [{ name: description, value: description }] };
}

/**
 * For the option "Check Input Against Recent Runs": a check that refuses an item whose input does
 * not look like recent runs' inputs, before anything is sent. The runs are read once per execution.
 */
export type InputCheck = (input: IDataObject, itemIndex: number) => Promise<void>;

export function makeInputCheck(
	ctx: IExecuteFunctions,
	client: GptBotsClient,
	options: RunOptions,
): InputCheck {
	if (!options.checkInputAgainstRuns) return async () => {};
	let recent: Promise<RecentInputs> | undefined;
	return async (input, itemIndex) => {
		recent ??= readRecentRows(client, options.timeoutMs, itemIndex).then(inferRecentInputs);
		let known: RecentInputs;
		try {
			known = await recent;
		} catch (error) {
			// One failed read answers every item: each gets an error of its own, not the shared one.
			const reason = withoutItemNumber((error as Error).message ?? String(error));
			const message = `Could not read the run logs to check the input: ${reason}`;
			throw toItemError(ctx, new Error(message), itemIndex);
		}
		const problem = inputMismatch(input, known);
		if (problem) {
			throw new ItemError(
				ctx,
				`Nothing sent: ${problem}`,
				itemIndex,
				{ errorKind: 'inputMismatch' },
				'The option "Check Input Against Recent Runs" compares each input with the API runs of the last 30 days. Fix the field names (a typo costs a failed run), or turn the option off for a new or changed Start node.',
			);
		}
	};
}
