import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ItemError } from '../../shared/errors';
import type { RunOptions } from '../../shared/runOptions';
import type { GptBotsClient } from '../../shared/transport/client';
import type { RecentInputs } from '../methods/inputInference';
import { inferRecentInputs, inputMismatch } from '../methods/inputInference';
import { readRecentRows } from '../methods/recentRunInputs';

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
			const reason = (error as Error).message ?? String(error);
			const message = `Could not read the run logs to check the input: ${reason}`;
			throw new NodeOperationError(ctx.getNode(), message, { itemIndex });
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
