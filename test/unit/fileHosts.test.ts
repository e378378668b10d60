import type { FileHostPolicy } from '../../nodes/GptBots/shared/fileHosts';
import {
	ALLOW_PRIVATE_FILE_HOSTS,
	fileHostProblem,
	hostProblem,
} from '../../nodes/GptBots/shared/fileHosts';

const DEFAULT: FileHostPolicy = { allowPrivate: false, apiBaseUrl: 'https://api.gptbots.ai' };
const refused = (url: string, policy: FileHostPolicy = DEFAULT) => fileHostProblem(url, policy);

describe('file hosts: what a file URL named by a run may not fetch', () => {
	test.each([
		['http://localhost/a.pdf', 'localhost'],
		['http://LOCALHOST./a.pdf', 'localhost'],
		['http://api.localhost:5678/a.pdf', 'localhost'],
		['http://127.0.0.1:5678/a.pdf', 'loopback'],
		['http://127.0.0.2:8080/report.pdf', 'loopback'],
		['http://2130706433/a.pdf', 'loopback'], // decimal
		['http://0x7f000001/a.pdf', 'loopback'], // hex
		['http://0x7f.1/a.pdf', 'loopback'], // hex, short
		['http://0177.0.0.1/a.pdf', 'loopback'], // octal
		['http://127.1/a.pdf', 'loopback'], // short
		['http://[::1]/a.pdf', 'loopback'],
		['http://[0:0:0:0:0:0:0:1]/a.pdf', 'loopback'],
		['http://[::ffff:7f00:2]:5678/a.pdf', 'loopback address (IPv4 written as IPv6)'],
		['http://[::ffff:127.0.0.1]/a.pdf', 'loopback address (IPv4 written as IPv6)'],
		['http://[::127.0.0.1]/a.pdf', 'loopback address (IPv4 written as IPv6)'],
		['http://[64:ff9b::a9fe:a9fe]/a.pdf', 'link-local address (IPv4 written as IPv6)'],
		['http://[2002:a00:1::]/a.pdf', 'private address (IPv4 written as IPv6)'],
		['http://0.0.0.0/a.pdf', 'unspecified'],
		['http://0/a.pdf', 'unspecified'],
		['http://[::]/a.pdf', 'unspecified'],
		['http://169.254.169.254/latest/meta-data/x.json', 'link-local'],
		['http://10.0.0.5/a.pdf', 'private'],
		['http://10.255.255.255/a.pdf', 'private'],
		['http://172.16.0.1/a.pdf', 'private'],
		['http://172.31.255.255/a.pdf', 'private'],
		['http://192.168.1.10/a.pdf', 'private'],
		['http://100.64.0.1/a.pdf', 'shared'],
		['http://[fc00::1]/a.pdf', 'unique local'],
		['http://[fd12:3456::1]/a.pdf', 'unique local'],
		['http://[fe80::1]/a.pdf', 'link-local'],
		['http://[febf::1]/a.pdf', 'link-local'],
		['http://[fec0::1]/a.pdf', 'site-local'],
		['http://[::ffff:10.1.2.3]/a.pdf', 'private address (IPv4 written as IPv6)'],
		['http://[::ffff:a9fe:a9fe]/a.pdf', 'link-local address (IPv4 written as IPv6)'],
	])('%s is refused (%s)', (url, why) => {
		const problem = refused(url);
		expect(problem).toContain(why);
		expect(problem).toMatch(/^not downloaded: the host \S+ is /);
		expect(problem).toContain(`unless the option "${ALLOW_PRIVATE_FILE_HOSTS}" is on`);
	});

	test.each([
		'https://files.gptbots.ai/a.pdf',
		'https://example.com/a.pdf',
		'http://8.8.8.8/a.pdf',
		'http://172.15.255.255/a.pdf', // just below 172.16/12
		'http://172.32.0.0/a.pdf', // just above
		'http://169.253.1.1/a.pdf',
		'http://192.169.0.1/a.pdf',
		'http://11.0.0.1/a.pdf',
		'http://100.128.0.1/a.pdf',
		'http://[2001:db8::1]/a.pdf',
		'http://[2606:4700::1111]/a.pdf',
		'http://[::ffff:808:808]/a.pdf', // 8.8.8.8 as IPv6
		'http://[fbff::1]/a.pdf', // just below fc00::/7
		'http://[fe7f::1]/a.pdf', // just below fe80::/10
		'http://localhost.example.com/a.pdf',
		'http://127.0.0.1.nip.io/a.pdf', // a name: n8n's own guard resolves names
	])('%s is fetched', (url) => {
		expect(refused(url)).toBeUndefined();
	});

	test("the API's own host is the exception, whatever its address", () => {
		const sim = { allowPrivate: false, apiBaseUrl: 'http://127.0.0.1:4010' };
		expect(refused('http://127.0.0.1:4010/files/a.pdf', sim)).toBeUndefined();
		expect(refused('http://127.0.0.1:9999/other-port.pdf', sim)).toBeUndefined();
		expect(refused('http://127.0.0.2:4010/a.pdf', sim)).toContain('loopback');
		expect(refused('http://localhost:4010/a.pdf', sim)).toContain('localhost');
		const named = { allowPrivate: false, apiBaseUrl: 'http://gptbots.internal:8080/' };
		expect(refused('http://GPTBOTS.internal./f.pdf', named)).toBeUndefined();
		expect(refused('http://10.0.0.1/f.pdf', named)).toContain('private');
		const v6 = { allowPrivate: false, apiBaseUrl: 'http://[::1]:4010' };
		expect(refused('http://[0::1]/f.pdf', v6)).toBeUndefined();
	});

	test('the option allows every host', () => {
		const open = { allowPrivate: true, apiBaseUrl: 'https://api.gptbots.ai' };
		for (const url of ['http://127.0.0.1/a.pdf', 'http://[::1]/a.pdf', 'http://10.1.1.1/a.pdf'])
			expect(refused(url, open)).toBeUndefined();
	});

	test('only http and https, and a URL that cannot be read, are refused even with the option', () => {
		const open = { allowPrivate: true };
		expect(refused('file:///etc/passwd', open)).toMatch(/only http and https .* file:/);
		expect(refused('ftp://example.com/a.pdf', open)).toMatch(/ftp:/);
		expect(refused('not a url', open)).toBe('not downloaded: the URL cannot be read');
	});

	test('hostProblem reads hosts alone', () => {
		expect(hostProblem('[::1]')).toBe('a loopback address');
		expect(hostProblem('[1:2:3]')).toBe('an IPv6 address that cannot be read');
		expect(hostProblem('[1::2::3]')).toBe('an IPv6 address that cannot be read');
		expect(hostProblem('example.com')).toBeUndefined();
		expect(hostProblem('999.1.1.1')).toBeUndefined(); // not an address: a name
	});
});
