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
import { interpretRequestError, interpretResponse } from './responses';
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

	/**
	 * The credential, read once. Handed to n8n with every request: otherwise n8n reads and
	 * decrypts it from its database per request, which in a real n8n costs ≈1 ms of CPU each and
	 * queues the requests on the database connection (measured: 1,000 items 2× slower).
	 */
	private credentials?: ICredentialsDecrypted;

	private readonly policy: RetryPolicy;

	constructor(
		private readonly ctx: Context,
		private readonly settings: ClientSettings,
	) {
		this.limiter = new AdaptiveLimiter(settings.concurrency);
		this.policy = settings.retryPolicy ?? DEFAULT_RETRY_POLICY;
	}

	/** Sends one call, retrying as the policy allows; throws a NodeApiError naming the item. */
	async request(req: GptBotsRequest, itemIndex: number): Promise<IDataObject> {
		const secrets = [...(await this.loadSecrets(itemIndex)), ...(req.secrets ?? [])];
		const redact = (text: string) => redactSecrets(text, secrets);
		const started = Date.now();
		for (let attempt = 0; ; attempt++) {
			const outcome = await this.sendOnce(req, redact);
			if (outcome.ok) return outcome.data;
			const failure = outcome.failure;
			const canRetry =
				attempt < this.policy.maxRetries &&
				isRetryable(failure, req.idempotent, this.settings.retryInvokeWhenSafe);
			const delay = canRetry ? retryDelayMs(attempt + 1, failure, this.policy) : 0;
			if (!canRetry || Date.now() - started + delay > this.policy.maxTotalMs) {
				throw toApiError(this.ctx.getNode(), {
					failure,
					req,
					itemIndex,
					retries: attempt,
					baseUrl: this.baseUrl,
					redact,
				});
			}
			await sleep(delay);
		}
	}

	private async sendOnce(req: GptBotsRequest, redact: (text: string) => string) {
		const options: IHttpRequestOptions = {
			method: req.method,
			url: req.path,
			qs: req.qs,
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
			body: req.body === undefined ? undefined : JSON.stringify(req.body),
			// Raw text, so that a non-JSON body is reported as such rather than half-parsed.
			encoding: 'text',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: req.timeoutMs,
		};
		await this.limiter.acquire();
		let rateLimited = false;
		try {
			const response = (await this.ctx.helpers.httpRequestWithAuthentication.call(
				this.ctx,
				CREDENTIAL_TYPE,
				options,
				{ credentialsDecrypted: this.credentials },
			)) as IN8nHttpFullResponse;
			rateLimited = response.statusCode === 429;
			const text = typeof response.body === 'string' ? response.body : bodyToText(response.body);
			return interpretResponse(
				response.statusCode,
				text,
				response.headers as Record<string, unknown>,
				redact,
			);
		} catch (error) {
			return { ok: false as const, failure: interpretRequestError(error, req.timeoutMs, redact) };
		} finally {
			this.limiter.release(rateLimited);
		}
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

function bodyToText(body: unknown): string {
	if (body === undefined || body === null) return '';
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	return typeof body === 'object' ? JSON.stringify(body) : String(body);
}
