import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { AdaptiveLimiter } from './adaptiveLimiter';
import type { GptBotsRequest } from './apiError';
import { toApiError } from './apiError';
import { baseUrlProblem, resolveBaseUrl } from '../../../../credentials/baseUrl';
import { jsonBody } from './jsonBody';
import type { GptBotsFailure } from './responses';
import { interpretRequestError, interpretResponse } from './responses';
import type { KeyKind } from './keyKind';
import { isRefusal, keyKindOf, verifyKey, wrongKeyError } from './keyKind';
import { bodyToText, chunksOf, isJsonContent, readWhole } from './responseBody';
import type { RetryPolicy } from './retryPolicy';
import { DEFAULT_RETRY_POLICY, isRetryable, retryDelayMs } from './retryPolicy';

export const CREDENTIAL_TYPE = 'gptBotsApi';

export interface ClientSettings {
	concurrency: number;
	retryInvokeWhenSafe: boolean;
	retryPolicy?: RetryPolicy;
}

type Context = IExecuteFunctions | IWebhookFunctions | ILoadOptionsFunctions;

/** Replaces every occurrence of a secret in a text, so no message can carry the API key. */
export function redactSecrets(text: string, secrets: string[]): string {
	let result = text;
	for (const secret of secrets) {
		if (secret.length >= 4 && result.includes(secret)) result = result.split(secret).join('***');
	}
	return result;
}

export class GptBotsClient {
	readonly limiter: AdaptiveLimiter;

	private secrets?: Promise<string[]>;

	private apiKeys: string[] = [];

	/** Where the calls go (not secret): named in error descriptions, so a wrong host shows. */
	private baseUrl = '';

	/** The API's base URL, once a request has read the credential ('' before). */
	get apiBaseUrl(): string {
		return this.baseUrl;
	}

	/**
	 * The credential, read once. Handed to n8n with every request: otherwise n8n reads and
	 * decrypts it from its database per request, which in a real n8n costs ≈1 ms of CPU each and
	 * queues the requests on the database connection (measured: 1,000 items 2× slower).
	 */
	private credentials?: ICredentialsDecrypted;

	private readonly policy: RetryPolicy;

	/** Which product the key belongs to, once asked (see wrongKeyError). */
	private keyKind?: Promise<KeyKind | undefined>;

	constructor(
		private readonly ctx: Context,
		private readonly settings: ClientSettings,
	) {
		this.limiter = new AdaptiveLimiter(settings.concurrency);
		this.policy = settings.retryPolicy ?? DEFAULT_RETRY_POLICY;
	}

	/** Sends one call, retrying as the policy allows; throws a NodeApiError naming the item. */
	async request(req: GptBotsRequest, itemIndex: number): Promise<IDataObject> {
		return await this.call(req, itemIndex);
	}

	/**
	 * Sends one call whose answer is streamed (a message in streaming mode) and hands its body,
	 * chunk by chunk, to `consume`, which reads it while the call holds its request slot. What
	 * `consume` throws is passed on as it is. A failure before the body (an HTTP error, an error
	 * code in a JSON body) is reported and retried as in request(); a JSON body is handed over as
	 * one line.
	 */
	async stream<T>(
		req: GptBotsRequest,
		itemIndex: number,
		consume: (body: AsyncIterable<Uint8Array | string>) => Promise<T>,
	): Promise<T> {
		return await this.call(req, itemIndex, consume);
	}

	private async call<T>(
		req: GptBotsRequest,
		itemIndex: number,
		consume?: (body: AsyncIterable<Uint8Array | string>) => Promise<T>,
	): Promise<T> {
		const secrets = [...(await this.loadSecrets(itemIndex)), ...(req.secrets ?? [])];
		const redact = (text: string) => redactSecrets(text, secrets);
		const started = Date.now();
		// Written once (files base64-encoded straight into it), sent as it is by every attempt.
		const body = req.body === undefined ? undefined : jsonBody(req.body);
		for (let attempt = 0; ; attempt++) {
			const outcome = await this.sendOnce(req, body, redact, consume);
			if (outcome.ok) return outcome.data as T;
			const failure = outcome.failure;
			const canRetry =
				attempt < this.policy.maxRetries &&
				isRetryable(failure, req.idempotent, this.settings.retryInvokeWhenSafe);
			const delay = canRetry ? retryDelayMs(attempt + 1, failure, this.policy) : 0;
			if (!canRetry || Date.now() - started + delay > this.policy.maxTotalMs) {
				const error = toApiError(this.ctx.getNode(), {
					failure,
					req,
					itemIndex,
					retries: attempt,
					baseUrl: this.baseUrl,
					redact,
				});
				throw (await this.wrongKeyError(failure, req, itemIndex)) ?? error;
			}
			await sleep(delay);
		}
	}

	private async sendOnce<T>(
		req: GptBotsRequest,
		body: string | Buffer | undefined,
		redact: (text: string) => string,
		consume?: (body: AsyncIterable<Uint8Array | string>) => Promise<T>,
	): Promise<{ ok: true; data: IDataObject | T } | { ok: false; failure: GptBotsFailure }> {
		const options: IHttpRequestOptions = {
			method: req.method,
			url: req.path,
			qs: req.qs,
			headers: {
				Accept: consume ? 'text/event-stream, application/json' : 'application/json',
				'Content-Type': 'application/json',
			},
			body,
			// Raw text, so that a non-JSON body is reported as such rather than half-parsed.
			encoding: consume ? 'stream' : 'text',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: req.timeoutMs,
		};
		await this.limiter.acquire();
		let rateLimited = false;
		try {
			let response: IN8nHttpFullResponse;
			try {
				response = (await this.ctx.helpers.httpRequestWithAuthentication.call(
					this.ctx,
					CREDENTIAL_TYPE,
					options,
					{ credentialsDecrypted: this.credentials },
				)) as IN8nHttpFullResponse;
			} catch (error) {
				return { ok: false, failure: interpretRequestError(error, req.timeoutMs, redact) };
			}
			rateLimited = response.statusCode === 429;
			const headers = response.headers as Record<string, unknown>;
			const success = response.statusCode >= 200 && response.statusCode <= 299;
			if (consume && success && !isJsonContent(headers)) {
				try {
					return { ok: true, data: await consume(chunksOf(response.body)) };
				} catch (error) {
					// A stream's error may quote what GPTBots sent (its error events): no key in it.
					throw withRedactedMessage(error, redact);
				}
			}
			const text = consume
				? await readWhole(response.body, req.timeoutMs, redact)
				: typeof response.body === 'string'
					? response.body
					: bodyToText(response.body);
			if (typeof text !== 'string') return { ok: false, failure: text };
			const outcome = interpretResponse(response.statusCode, text, headers, redact);
			if (!outcome.ok || !consume) return outcome;
			return { ok: true, data: await consume(chunksOf(JSON.stringify(outcome.data))) };
		} finally {
			this.limiter.release(rateLimited);
		}
	}

	/**
	 * For a call refused (401/403) on a product's endpoint: asks GPTBots which kind of key this is
	 * (once per execution, only after a refusal, so a good key costs nothing extra) and, when it is
	 * the other product's, the error that says so.
	 */
	private async wrongKeyError(
		failure: GptBotsFailure,
		req: GptBotsRequest,
		itemIndex: number,
	): Promise<Error | undefined> {
		if (!req.product || !isRefusal(failure)) return undefined;
		this.keyKind ??= verifyKey(this, itemIndex).then(keyKindOf, () => undefined);
		const kind = await this.keyKind;
		if (!kind || kind === req.product) return undefined;
		return wrongKeyError(this.ctx.getNode(), req.product, kind, itemIndex);
	}

	/** Reads the credential once: to check its base URL up front and to know what to redact. */
	private async loadSecrets(itemIndex: number): Promise<string[]> {
		this.secrets ??= (async () => {
			const credentials = await this.ctx.getCredentials(CREDENTIAL_TYPE);
			const reference = this.ctx.getNode().credentials?.[CREDENTIAL_TYPE];
			this.credentials = {
				id: reference?.id ?? '',
				name: reference?.name ?? '',
				type: CREDENTIAL_TYPE,
				data: credentials,
			};
			const problem = baseUrlProblem(credentials.endpoint, credentials.baseUrl);
			if (problem) {
				throw new NodeOperationError(this.ctx.getNode(), `GPTBots API credential: ${problem}`, {
					itemIndex,
				});
			}
			this.baseUrl = resolveBaseUrl(credentials.endpoint, credentials.baseUrl);
			const apiKey = typeof credentials.apiKey === 'string' ? credentials.apiKey : '';
			this.apiKeys = [apiKey, apiKey.trim()].filter(
				(value, i, all) => value && all.indexOf(value) === i,
			);
			return this.apiKeys;
		})();
		return await this.secrets;
	}
}

function withRedactedMessage(error: unknown, redact: (text: string) => string): unknown {
	if (error instanceof Error) error.message = redact(error.message);
	return error;
}
