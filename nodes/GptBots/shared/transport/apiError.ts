import type { IDataObject, IHttpRequestMethods, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { GptBotsFailure } from './responses';

// The NodeApiError of a call that failed: its wording (which call, why, what to do) and the facts
// it carries, written and read back here only.

/** One call to GPTBots, as the client sends it and as its error names it. */
export interface GptBotsRequest {
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
	timeoutMs: number;
	/** Safe to send twice (reads). An invoke is not: see isRetryable. */
	idempotent: boolean;
	/** The run this call is about, so that an error can say which run to fetch later. */
	workflowRunId?: string;
	/** Values this request sends that must not come back in a message (e.g. a webhook's secret header). */
	secrets?: string[];
	/** The product whose endpoint this is: a refusal then checks the key's kind (keyKind.ts). */
	product?: 'agent' | 'workflow';
	/** What a time-out means for this call, when it is not that GPTBots was slow. */
	onTimeout?: string;
}

export interface FailedCall {
	failure: GptBotsFailure;
	req: GptBotsRequest;
	itemIndex: number;
	/** How many times the call was sent again before giving up. */
	retries: number;
	/** Where the calls go (not secret): named in the description, so a wrong host shows. */
	baseUrl: string;
	redact: (text: string) => string;
}

export function toApiError(node: INode, call: FailedCall): NodeApiError {
	const { failure, req, itemIndex, redact } = call;
	const message = redact(failure.message);
	const response: JsonObject = {
		message,
		kind: failure.kind,
		...(failure.httpCode !== undefined && { httpCode: String(failure.httpCode) }),
		...(failure.apiCode !== undefined && { code: failure.apiCode }),
		...(failure.networkCode !== undefined && { networkCode: failure.networkCode }),
	};
	const error = new NodeApiError(node, response, {
		message,
		description: redact(describeFailure(call)),
		httpCode: failure.httpCode !== undefined ? String(failure.httpCode) : undefined,
		itemIndex,
	});
	// NodeApiError swaps a message naming a network code (ECONNRESET, …) for a generic text;
	// ours says more (which call, which code), so it is kept.
	error.message = message;
	if (req.workflowRunId) error.context.workflowRunId = req.workflowRunId;
	return error;
}

/**
 * What an error item tells of an API error besides its message: the failure's kind, HTTP status,
 * GPTBots' error code and the run the call was about, where known.
 */
export function apiErrorFields(error: NodeApiError): IDataObject {
	const response = (error.errorResponse ?? {}) as IDataObject;
	return {
		...(response.kind !== undefined && { errorKind: response.kind }),
		...(response.httpCode !== undefined && { httpCode: response.httpCode }),
		...(response.code !== undefined && { code: response.code }),
		...(typeof error.context.workflowRunId === 'string' && {
			workflowRunId: error.context.workflowRunId,
		}),
	};
}

function describeFailure(call: FailedCall): string {
	const explanation = explainFailure(call);
	return call.req.workflowRunId
		? `${explanation} Run ${call.req.workflowRunId} may still be going on in GPTBots: its result can be fetched later with the operation "Get Result".`
		: explanation;
}

function explainFailure({ failure, req, retries, baseUrl }: FailedCall): string {
	const call = `${req.method} ${baseUrl}${req.path}`;
	const tried = retries > 0 ? ` after ${retries + 1} attempts` : '';
	switch (failure.kind) {
		case 'http':
			if (failure.httpCode === 401 || failure.httpCode === 403) {
				return `${call} was refused${tried}. Check the API key and the data centre in the GPTBots API credential: a key belongs to one workflow or agent in one data centre.`;
			}
			if (failure.httpCode === 429) {
				return `${call} was rate-limited${tried}. Lower the Concurrency option or spread the runs out.`;
			}
			return `${call} failed${tried}.`;
		case 'apiCode':
			return `${call} was answered with HTTP ${failure.httpCode} but an error code in the body.`;
		case 'nonJson':
			return `${call}: GPTBots (or a proxy in front of it) sent something that is not JSON${tried}. Check the base URL of the credential.`;
		case 'timeout':
			return (
				req.onTimeout ?? `${call} timed out${tried}. Raise the Timeout option if GPTBots is slow.`
			);
		case 'network':
			return `${call} got no answer${tried}. Check the data centre or base URL of the credential and the network.`;
	}
}
