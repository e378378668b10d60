// The base URL of every request: derived from the credential here, used by the node's transport too.

/** Where each GPTBots data centre serves its API. `global` is the endpoint-less host (Singapore). */
export const DATA_CENTRE_BASE_URLS = {
	sg: 'https://api-sg.gptbots.ai',
	jp: 'https://api-jp.gptbots.ai',
	th: 'https://api-th.gptbots.ai',
	global: 'https://api.gptbots.ai',
} as const;

export class BaseUrlError extends Error {}

/** Why the credential's base URL cannot be used, or undefined when it can. */
export function baseUrlProblem(endpoint: unknown, customBaseUrl: unknown): string | undefined {
	try {
		resolveBaseUrl(endpoint, customBaseUrl);
		return undefined;
	} catch (error) {
		return (error as Error).message;
	}
}

/**
 * The one place the API's base URL is derived from the credential. A custom URL may omit the
 * scheme (https is assumed) and carry trailing slashes; it must be http(s)://host[:port] with no
 * path, query or credentials, because the API's paths are appended to it.
 */
export function resolveBaseUrl(endpoint: unknown, customBaseUrl: unknown): string {
	const key = typeof endpoint === 'string' && endpoint !== '' ? endpoint : 'sg';
	if (key !== 'custom') {
		const known = DATA_CENTRE_BASE_URLS[key as keyof typeof DATA_CENTRE_BASE_URLS];
		if (!known) {
			throw new BaseUrlError(
				`Unknown GPTBots data centre "${key}": choose ${Object.keys(DATA_CENTRE_BASE_URLS).join(', ')} or custom`,
			);
		}
		return known;
	}
	const raw = typeof customBaseUrl === 'string' ? customBaseUrl.trim() : '';
	if (raw === '') {
		throw new BaseUrlError(
			'Base URL is empty: enter http(s)://host[:port] for the custom endpoint',
		);
	}
	const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
	const url = URL.canParse(withScheme) ? new URL(withScheme) : undefined;
	if (!url)
		throw new BaseUrlError(`Base URL "${raw}" is not a valid URL: expected http(s)://host[:port]`);
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new BaseUrlError(`Base URL "${raw}" must start with http:// or https://`);
	}
	if (url.username || url.password) {
		throw new BaseUrlError('Base URL must not contain a user name or password');
	}
	if (url.pathname.replace(/\/+$/, '') !== '' || url.search || url.hash) {
		throw new BaseUrlError(
			`Base URL "${raw}" must be only http(s)://host[:port] without a path (such as /v1): the API paths are added to it`,
		);
	}
	return `${url.protocol}//${url.host}`;
}
