/*
 * Which hosts a file URL named by a run's output may be downloaded from. A run's output is
 * written by a language model and can be steered by its input, so a URL in it must not make n8n
 * fetch from the machine it runs on or its private network (cloud metadata at 169.254.169.254,
 * n8n's own port, a database's admin page…). Pure: no DNS. A name that resolves to a private
 * address is n8n's own guard's to refuse (N8N_SSRF_PROTECTION_ENABLED), as downloads go through
 * n8n's request helper.
 */

/** The option that lets a private deployment fetch files from such hosts (its display name). */
export const ALLOW_PRIVATE_FILE_HOSTS = 'Allow Private File Hosts';

export interface FileHostPolicy {
	/** The option: every host allowed. */
	allowPrivate: boolean;
	/** The API's own host (the credential's base URL): always allowed, it serves the run's files. */
	apiBaseUrl?: string;
}

type Range = [base: number[], prefixBits: number, what: string];

const IPV4_RANGES: Range[] = [
	[[0, 0, 0, 0], 8, 'an unspecified ("this network") address'],
	[[10, 0, 0, 0], 8, 'a private address'],
	[[100, 64, 0, 0], 10, 'a shared (carrier-grade NAT) address'],
	[[127, 0, 0, 0], 8, 'a loopback address'],
	[[169, 254, 0, 0], 16, 'a link-local address'],
	[[172, 16, 0, 0], 12, 'a private address'],
	[[192, 168, 0, 0], 16, 'a private address'],
	[[255, 255, 255, 255], 32, 'the broadcast address'],
];

/** IPv6 ranges over 16-bit groups; the embedded-IPv4 forms are handled in ipv6Problem. */
const IPV6_RANGES: Range[] = [
	[[0, 0, 0, 0, 0, 0, 0, 0], 128, 'the unspecified address'],
	[[0, 0, 0, 0, 0, 0, 0, 1], 128, 'a loopback address'],
	[[0xfc00], 7, 'a unique local (private) address'],
	[[0xfe80], 10, 'a link-local address'],
	[[0xfec0], 10, 'a site-local (private) address'],
];

function inRange(parts: number[], base: number[], prefixBits: number, width: number): boolean {
	for (let bit = 0; bit < prefixBits; bit++) {
		const index = Math.floor(bit / width);
		const shift = width - 1 - (bit % width);
		if ((((parts[index] ?? 0) >> shift) & 1) !== (((base[index] ?? 0) >> shift) & 1)) return false;
	}
	return true;
}

/** A dotted-quad IPv4 address (as WHATWG URL parsing leaves every IPv4 form) → 4 bytes. */
function parseIpv4(host: string): number[] | undefined {
	const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
	if (!match) return undefined;
	const bytes = match.slice(1).map(Number);
	return bytes.every((byte) => byte <= 255) ? bytes : undefined;
}

function ipv4Problem(bytes: number[]): string | undefined {
	return IPV4_RANGES.find(([base, bits]) => inRange(bytes, base, bits, 8))?.[2];
}

/** An IPv6 address (no brackets) → 8 groups of 16 bits; a trailing dotted quad is allowed. */
function parseIpv6(host: string): number[] | undefined {
	let text = host.toLowerCase().replace(/%.*$/, '');
	const quad = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
	if (quad) {
		const bytes = parseIpv4(quad[1]);
		if (!bytes) return undefined;
		const hex = (high: number, low: number) => ((high << 8) | low).toString(16);
		text = `${text.slice(0, quad.index)}${hex(bytes[0], bytes[1])}:${hex(bytes[2], bytes[3])}`;
	}
	const halves = text.split('::');
	if (halves.length > 2) return undefined;
	const groups = (part: string) => (part === '' ? [] : part.split(':'));
	const head = groups(halves[0]);
	const tail = halves.length === 2 ? groups(halves[1]) : [];
	const missing = 8 - head.length - tail.length;
	if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
	const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
	if (!all.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return undefined;
	return all.map((group) => parseInt(group, 16));
}

function ipv6Problem(groups: number[]): string | undefined {
	const found = IPV6_RANGES.find(([base, bits]) => inRange(groups, base, bits, 16));
	if (found) return found[2];
	const v4 = (high: number, low: number) => [high >> 8, high & 255, low >> 8, low & 255];
	const zeros = (from: number, to: number) => groups.slice(from, to).every((group) => group === 0);
	// IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d)
	const mapped =
		(zeros(0, 5) && (groups[5] === 0xffff || groups[5] === 0)) ||
		(groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6));
	if (mapped) {
		const problem = ipv4Problem(v4(groups[6], groups[7]));
		return problem && `${problem} (IPv4 written as IPv6)`;
	}
	if (groups[0] === 0x2002) {
		const problem = ipv4Problem(v4(groups[1], groups[2])); // 6to4
		return problem && `${problem} (IPv4 written as IPv6)`;
	}
	return undefined;
}

function hostOf(url: string): string | undefined {
	try {
		return new URL(url).hostname.toLowerCase().replace(/\.$/, '');
	} catch {
		return undefined;
	}
}

/** What is wrong with a host name or literal address as a file host, or undefined if nothing. */
export function hostProblem(hostname: string): string | undefined {
	const host = hostname.toLowerCase().replace(/\.$/, '');
	if (host === 'localhost' || host.endsWith('.localhost')) return 'localhost';
	if (host.startsWith('[') && host.endsWith(']')) {
		const groups = parseIpv6(host.slice(1, -1));
		return groups ? ipv6Problem(groups) : 'an IPv6 address that cannot be read';
	}
	const bytes = parseIpv4(host);
	return bytes ? ipv4Problem(bytes) : undefined;
}

/**
 * Why the file at `url` is not downloaded under `policy`, or undefined if it may be: the URL
 * is not http(s), or its host is localhost or a loopback, private, link-local or unspecified
 * address written as a literal in any form, and is neither the API's own host nor allowed by
 * the option.
 */
export function fileHostProblem(url: string, policy: FileHostPolicy): string | undefined {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return 'not downloaded: the URL cannot be read';
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
		return `not downloaded: only http and https URLs are fetched, not ${parsed.protocol}`;
	if (policy.allowPrivate) return undefined;
	const host = parsed.hostname.toLowerCase().replace(/\.$/, '');
	if (policy.apiBaseUrl !== undefined && hostOf(policy.apiBaseUrl) === host) return undefined;
	const problem = hostProblem(host);
	if (problem === undefined) return undefined;
	return `not downloaded: the host ${host} is ${problem === 'localhost' ? 'the local machine (localhost)' : problem}, which files are not fetched from unless the option "${ALLOW_PRIVATE_FILE_HOSTS}" is on`;
}
