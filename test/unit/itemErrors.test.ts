import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	InvalidParameterError,
	ItemError,
	continueOnFailItem,
	describeRunFailure,
	maxWaitFailure,
	readForAllItems,
	runFailureOf,
	toItemError,
} from '../../nodes/GptBots/shared/errors';
import { readRunOptions } from '../../nodes/GptBots/shared/runOptions';
import type { FailedCall } from '../../nodes/GptBots/shared/transport/apiError';
import { toApiError } from '../../nodes/GptBots/shared/transport/apiError';
import { finishRun, finishRunInCallback } from '../../nodes/GptBots/workflow/runOutput';

const node: INode = {
	id: 'n1',
	name: 'GPTBots Workflow',
	type: 'n8n-nodes-gptbots.gptBotsWorkflow',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const ctx = { getNode: () => node } as unknown as IExecuteFunctions;
const options = readRunOptions({});
const HINT = 'Turn off the option "Fail on Run Failure" to pass FAILED runs on as data.';

const failed = { workflowRunId: 'r9', status: 'FAILED', output: { error: 'LLM quota' } };

const resultCall: FailedCall['req'] = {
	method: 'POST',
	path: '/v1/workflow/query/result',
	timeoutMs: 1000,
	idempotent: true,
};

function apiError(call: Partial<FailedCall> = {}): NodeApiError {
	return toApiError(node, {
		failure: {
			kind: 'http',
			message: 'GPTBots answered HTTP 500',
			httpCode: 500,
			apiCode: '50000',
		},
		req: resultCall,
		itemIndex: 0,
		retries: 0,
		baseUrl: 'https://api.example.com',
		redact: (text) => text,
		...call,
	});
}

describe('a run that ended without SUCCEED', () => {
	it('is described with the workflow’s own error, if its output carries one', () => {
		expect(describeRunFailure(failed)).toBe(
			'The GPTBots workflow run r9 ended with status FAILED: LLM quota',
		);
		expect(describeRunFailure({ workflowRunId: 'r9', status: 'FAILED' })).toBe(
			'The GPTBots workflow run r9 ended with status FAILED',
		);
		expect(describeRunFailure({ workflowRunId: 'r9', status: 'FAILED', output: 'down' })).toBe(
			'The GPTBots workflow run r9 ended with status FAILED: down',
		);
		expect(
			describeRunFailure({ workflowRunId: 'r9', status: 'FAILED', output: { msg: { code: 7 } } }),
		).toBe('The GPTBots workflow run r9 ended with status FAILED: {"code":7}');
		expect(describeRunFailure({ workflowRunId: 'r9', status: 'CANCELLED' })).toBe(
			'The GPTBots workflow run r9 ended with status CANCELLED (a status GPTBots does not document: SUCCEED, FAILED, PENDING, RUNNING)',
		);
	});

	it('fails its item only when ended, not SUCCEED, and "Fail on Run Failure" is on', () => {
		expect(runFailureOf({ workflowRunId: 'r1', status: 'SUCCEED' }, true)).toBeUndefined();
		expect(runFailureOf({ workflowRunId: 'r1', status: 'RUNNING' }, true)).toBeUndefined();
		expect(runFailureOf({ workflowRunId: 'r1' }, true)).toBeUndefined();
		expect(runFailureOf(failed, false)).toBeUndefined();
		expect(runFailureOf(failed, true)).toEqual({
			message: 'The GPTBots workflow run r9 ended with status FAILED: LLM quota',
			fields: {
				errorKind: 'runFailed',
				workflowRunId: 'r9',
				status: 'FAILED',
				output: failed.output,
			},
		});
		expect(runFailureOf({ workflowRunId: 'r2', status: 'CANCELLED' }, true)?.fields).toEqual({
			errorKind: 'unknownStatus',
			workflowRunId: 'r2',
			status: 'CANCELLED',
			output: undefined,
		});
	});

	it('is thrown with the hint by finishRun, and output as data when opted out', () => {
		let thrown: unknown;
		try {
			finishRun(ctx, failed, options, 3);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(ItemError);
		const item = continueOnFailItem(toItemError(ctx, thrown, 3), 3);
		expect(JSON.stringify(item)).toBe(
			JSON.stringify({
				json: {
					error: 'The GPTBots workflow run r9 ended with status FAILED: LLM quota [item 3]',
					description: HINT,
					errorKind: 'runFailed',
					workflowRunId: 'r9',
					status: 'FAILED',
					output: { error: 'LLM quota' },
				},
				pairedItem: { item: 3 },
			}),
		);
		const asData = { ...options, failOnRunFailure: false, outputMode: 'outputOnly' as const };
		expect(finishRun(ctx, failed, asData, 0)).toEqual({ error: 'LLM quota' });
	});

	it('keeps its message when the workflow error names a network code', () => {
		const refused = {
			workflowRunId: 'r10',
			status: 'FAILED',
			output: { error: 'connect ECONNREFUSED 10.0.0.1:443' },
		};
		expect(() => finishRun(ctx, refused, options, 1)).toThrow(
			'The GPTBots workflow run r10 ended with status FAILED: connect ECONNREFUSED 10.0.0.1:443',
		);
	});

	it('is an error item without hint or item number in a resumed callback', () => {
		expect(JSON.stringify(finishRunInCallback(failed, options))).toBe(
			JSON.stringify({
				error: 'The GPTBots workflow run r9 ended with status FAILED: LLM quota',
				errorKind: 'runFailed',
				workflowRunId: 'r9',
				status: 'FAILED',
				output: { error: 'LLM quota' },
			}),
		);
		const ok = { workflowRunId: 'r1', status: 'SUCCEED', output: { a: 1 } };
		expect(finishRunInCallback(ok, options)).toBe(ok);
		expect(finishRunInCallback(failed, { ...options, failOnRunFailure: false })).toBe(failed);
	});
});

describe('toItemError', () => {
	it('turns a bad parameter into a NodeOperationError naming the field and the item', () => {
		const error = toItemError(ctx, new InvalidParameterError('User ID', 'must be text'), 2);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('User ID: must be text [item 2]');
		expect(error.context.itemIndex).toBe(2);
		expect(continueOnFailItem(error, 2)).toEqual({
			json: { error: 'User ID: must be text [item 2]', field: 'User ID' },
			pairedItem: { item: 2 },
		});
	});

	it('names the item once in an n8n error, and wraps anything else', () => {
		const api = apiError();
		expect(toItemError(ctx, toItemError(ctx, api, 1), 1).message).toBe(
			'GPTBots answered HTTP 500 [item 1]',
		);
		expect(api.context.itemIndex).toBe(1);
		const plain = toItemError(ctx, new Error('boom'), 4);
		expect(plain).toBeInstanceOf(NodeOperationError);
		expect(plain.message).toBe('boom [item 4]');
		expect(plain.context.itemIndex).toBe(4);
		expect(continueOnFailItem(plain, 4).json).toEqual({ error: 'boom [item 4]' });
		// n8n would swap a message naming a network code for its own generic text
		const network = toItemError(ctx, new Error('connect ECONNREFUSED 10.0.0.1:443'), 2);
		expect(network.message).toBe('connect ECONNREFUSED 10.0.0.1:443 [item 2]');
	});

	it('stops the node on a bad value read for all items, naming item 0', () => {
		expect(readForAllItems(ctx, () => 5)).toBe(5);
		expect(() =>
			readForAllItems(ctx, () => {
				throw new InvalidParameterError('Mode', 'unknown value "x"');
			}),
		).toThrow('Mode: unknown value "x" [item 0]');
	});

	it('writes the item number once, however often an error passes through', () => {
		const once = toItemError(ctx, new Error('HTTP 500'), 12);
		expect(toItemError(ctx, once, 12).message).toBe('HTTP 500 [item 12]');
	});
});

describe('maxWaitFailure', () => {
	it('one wording for polling and for waiting by callback', () => {
		expect(maxWaitFailure({ workflowRunId: 'r7', status: 'RUNNING' }, 90_000)).toEqual({
			message: 'GPTBots run r7 did not end within Max Wait (90 s); last status RUNNING',
			fields: { errorKind: 'maxWait', workflowRunId: 'r7', status: 'RUNNING' },
			description:
				'The run goes on in GPTBots. Fetch its result later with the operation "Get Result" and workflowRunId r7, or raise Max Wait.',
		});
	});
});

describe('continueOnFailItem of an API error', () => {
	it('carries its kind, HTTP status, API code and run, in that order', () => {
		const error = toItemError(ctx, apiError({ req: { ...resultCall, workflowRunId: 'r5' } }), 0);
		expect(JSON.stringify(continueOnFailItem(error, 0).json)).toBe(
			JSON.stringify({
				error: 'GPTBots answered HTTP 500 [item 0]',
				description:
					'POST https://api.example.com/v1/workflow/query/result failed. Run r5 may still be going on in GPTBots: its result can be fetched later with the operation "Get Result".',
				errorKind: 'http',
				httpCode: '500',
				code: '50000',
				workflowRunId: 'r5',
			}),
		);
	});

	it('leaves out what is not known, and keeps a message that names a network code', () => {
		const error = apiError({
			failure: {
				kind: 'network',
				message: 'No answer (ECONNREFUSED)',
				networkCode: 'ECONNREFUSED',
			},
		});
		expect(continueOnFailItem(error, 0).json).toEqual({
			error: 'No answer (ECONNREFUSED)',
			description:
				'POST https://api.example.com/v1/workflow/query/result got no answer. Check the data centre or base URL of the credential and the network.',
			errorKind: 'network',
		});
	});
});
