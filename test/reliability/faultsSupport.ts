// What the fault suites share: the fault kinds, the messages each must give, and output checks.
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { Simulator } from '../engine/fixture';
import { json, paired } from '../engine/fixture';
import { itemKey } from './support';

export const { FAULT_KINDS } = require('../../simulator/faults') as { FAULT_KINDS: string[] };

export type Sim = Simulator & {
	state: Simulator['state'] & { faultsInjected: Record<string, number> };
	faults: Simulator['faults'] & { refuseFor(ms: number): void };
};

export const INVOKE = '/v1/workflow/invoke';
export const QUERY = '/v1/workflow/query/result';
export const LOGS = '/v1/workflow/run/logs';

/** The error text each fault kind must give, once it is final (not retried or retries used up). */
export const EXPECTED_MESSAGE: Record<string, RegExp> = {
	rate_limit: /^GPTBots answered HTTP 429 \(code 42900\): Too many requests/,
	server_error: /^GPTBots answered HTTP 500 \(code 50000\): Internal error/,
	bad_gateway: /^GPTBots answered HTTP 502: <html>502 Bad Gateway<\/html>/,
	unavailable: /^GPTBots answered HTTP 503 \(code 50300\): Service unavailable/,
	gateway_timeout: /^GPTBots answered HTTP 504: Gateway Timeout/,
	reset_before: /^Could not get an answer from GPTBots \((ECONNRESET|EPIPE)\)/,
	reset_after: /^Could not get an answer from GPTBots \((ECONNRESET|EPIPE)\)/,
	hang: /^GPTBots did not answer within \d+ s/,
	hang_after: /^GPTBots did not answer within \d+ s/,
	non_json:
		/^GPTBots answered HTTP 200 with a body that is not a JSON object \(text\/html[^)]*\): <html>Maintenance<\/html>/,
	error_code_200: /^GPTBots returned error code 40348: Workflow is disabled/,
};
export const CATEGORY: Record<string, string> = {
	reset_before: 'reset',
	reset_after: 'reset',
	hang: 'timeout',
	hang_after: 'timeout',
};
export const categoryOf = (kind: string) => CATEGORY[kind] ?? kind;

export function kindOfMessage(message: string): string | undefined {
	return Object.keys(EXPECTED_MESSAGE).find((kind) => EXPECTED_MESSAGE[kind].test(message));
}

/** Poll Interval and Max Wait go beside the mode (node version 1.1), the rest into Options. */
export const invokeParams = (
	mode: string,
	options: INodeParameters = {},
	extra: INodeParameters = {},
): INodeParameters => {
	const { pollInterval, maxWait, ...rest } = options;
	return {
		operation: 'invoke',
		mode,
		inputSource: 'item',
		...(pollInterval !== undefined && { pollInterval }),
		...(maxWait !== undefined && { maxWait }),
		options: { timeout: 1, ...rest },
		...extra,
	};
};

export const keyedItems = (count: number, extra: (i: number) => IDataObject = () => ({})) =>
	Array.from({ length: count }, (_, i) => ({ __itemKey: itemKey(i), i, ...extra(i) }));

export function doubled(sim: Sim): string[] {
	return Object.entries(sim.state.runsByItemKey)
		.filter(([, count]) => count > 1)
		.map(([key]) => key);
}

export const elapsed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
	const started = Date.now();
	const result = await work();
	return [result, Date.now() - started];
};

// --------------------------------------------------------------------------------------------
export interface Classified {
	succeeded: number;
	errors: Record<string, number>;
}

/**
 * Checks the output of a fault run item by item: one output per input, in order, paired with
 * it; a finished run of that very item or an error naming `[item i]` with a message that is one
 * of the known, clear kinds.
 */
export function checkOneOutputPerItem(out: INodeExecutionData[], count: number): Classified {
	expect(out).toHaveLength(count);
	expect(paired(out)).toEqual(Array.from({ length: count }, (_, item) => ({ item })));
	const classified: Classified = { succeeded: 0, errors: {} };
	const unclear: string[] = [];
	json(out).forEach((item, i) => {
		if (item.error === undefined) {
			expect(item).toMatchObject({ status: 'SUCCEED', input: { __itemKey: itemKey(i) } });
			classified.succeeded++;
			return;
		}
		const message = String(item.error);
		const kind = kindOfMessage(message);
		if (!kind || !message.endsWith(` [item ${i}]`)) unclear.push(`${i}: ${message}`);
		else classified.errors[categoryOf(kind)] = (classified.errors[categoryOf(kind)] ?? 0) + 1;
	});
	expect(unclear).toEqual([]);
	return classified;
}
