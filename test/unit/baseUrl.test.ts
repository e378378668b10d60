import { baseUrlProblem, resolveBaseUrl } from '../../credentials/baseUrl';

describe('resolveBaseUrl', () => {
	it.each([
		['sg', 'https://api-sg.gptbots.ai'],
		['jp', 'https://api-jp.gptbots.ai'],
		['th', 'https://api-th.gptbots.ai'],
		['global', 'https://api.gptbots.ai'],
		['', 'https://api-sg.gptbots.ai'],
		[undefined, 'https://api-sg.gptbots.ai'],
	])('data centre %p → %s', (endpoint, expected) => {
		expect(resolveBaseUrl(endpoint, 'ignored')).toBe(expected);
	});

	it.each([
		['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
		['http://127.0.0.1:8080///', 'http://127.0.0.1:8080'],
		['  https://gptbots.example.com/ ', 'https://gptbots.example.com'],
		['gptbots.example.com', 'https://gptbots.example.com'],
		['gptbots.example.com:8443/', 'https://gptbots.example.com:8443'],
		['HTTPS://Example.COM', 'https://example.com'],
	])('custom %p → %s', (baseUrl, expected) => {
		expect(resolveBaseUrl('custom', baseUrl)).toBe(expected);
	});

	it.each([
		['', /empty/],
		['   ', /empty/],
		['ftp://example.com', /http:\/\/ or https:\/\//],
		['https://example.com/v1', /without a path/],
		['https://example.com/api/', /without a path/],
		['https://example.com?x=1', /without a path/],
		['https://user:pw@example.com', /user name or password/],
		['http://exa mple.com', /not a valid URL/],
		['https://', /not a valid URL/],
	])('custom %p is refused', (baseUrl, message) => {
		expect(() => resolveBaseUrl('custom', baseUrl)).toThrow(message);
		expect(baseUrlProblem('custom', baseUrl)).toMatch(message);
	});

	it('refuses an unknown data centre and names the choices', () => {
		expect(() => resolveBaseUrl('eu', '')).toThrow(
			'Unknown GPTBots data centre "eu": choose sg, jp, th, global or custom',
		);
		expect(baseUrlProblem('sg', '')).toBeUndefined();
	});
});
