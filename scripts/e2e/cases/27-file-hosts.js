'use strict';
// Files out only from safe hosts, in a real n8n: an output naming a file on a loopback address
// (127.0.0.2, and the same as IPv4-mapped IPv6) is not fetched, and fileErrors says why and names
// the option; the API's own host (the simulator on 127.0.0.1) is fetched. With the option on, the
// download is attempted. On n8n 2.41 (its own SSRF guard) the same with
// N8N_SSRF_PROTECTION_ENABLED=true and the API host allowed: a normal run works, and with our
// option on, n8n's guard refuses the private address itself.
const { manualInvokeWorkflow } = require('../../lib/builders');
const { notes } = require('../../lib/log');

const OPTION = 'Allow Private File Hosts';
const SSRF_ENV = {
	N8N_SSRF_PROTECTION_ENABLED: 'true',
	N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.1/32',
};

/** @typedef {import('../run').E2eEnv} E2eEnv */

/** @param {E2eEnv} env */
const input = (env) => {
	const port = new URL(env.simUrl).port;
	return {
		__outputFiles: { report: 'hosts report.pdf' },
		loopback: `http://127.0.0.2:${port}/files/secret.pdf`,
		mapped: `http://[::ffff:7f00:2]:${port}/files/secret.pdf`,
	};
};

/**
 * @param {E2eEnv} env
 * @param {string} key
 * @param {Record<string, unknown>} options
 */
const hostsWorkflow = (env, key, options) =>
	manualInvokeWorkflow(
		key,
		`files out: safe hosts (${key})`,
		{
			mode: 'sync',
			inputSource: 'json',
			inputJson: JSON.stringify(input(env)),
			options: { downloadFiles: 'allUrls', ...options },
		},
		env.cred.good,
	);

/**
 * Runs workflow `key` and returns its one output item (json, binary keys) and the exit code.
 * @param {E2eEnv} env
 * @param {string} key
 * @param {Record<string, string>} [extraEnv]
 */
async function runHosts(env, key, extraEnv) {
	const r = await env.execute(key, { extraEnv });
	/** @type {Partial<import('../../lib/workflows').ExecutionItem>} */
	const item = (r.output('GPTBots') || [])[0] || {};
	/** @type {Record<string, string>} */
	const errors = Object.fromEntries(
		(item.json?.fileErrors || []).map((/** @type {{ field: string, error: unknown }} */ e) => [
			e.field,
			String(e.error),
		]),
	);
	return { r, item, errors, binaries: Object.keys(item.binary || {}) };
}

/**
 * @param {import('../../lib/checks').Checks} t
 * @param {string} label
 * @param {Awaited<ReturnType<typeof runHosts>>} hosts
 */
function checkRefusedByNode(t, label, { r, item, errors, binaries }) {
	t.exitCode(r, 0);
	t.equal(`${label}: the run itself succeeded`, item.json?.status, 'SUCCEED');
	t.deepEqual(`${label}: the API host's file downloaded, nothing else`, binaries, ['report']);
	t.match(
		`${label}: 127.0.0.2 refused, saying why and naming the option`,
		errors['echo.loopback'],
		new RegExp(`^not downloaded: the host 127\\.0\\.0\\.2 is a loopback address, .*"${OPTION}"`),
	);
	t.match(
		`${label}: [::ffff:7f00:2] refused too`,
		errors['echo.mapped'],
		/^not downloaded: the host \[::ffff:7f00:2\] is a loopback address \(IPv4 written as IPv6\)/,
	);
}

/** @type {import('../run').E2eCase} */
module.exports = {
	name: 'fileHosts',
	workflows: (env) => [
		hostsWorkflow(env, 'file-hosts-default', {}),
		hostsWorkflow(env, 'file-hosts-allowed', { allowPrivateFileHosts: true }),
	],
	async run(t, env) {
		checkRefusedByNode(t, 'default', await runHosts(env, 'file-hosts-default'));

		const allowed = await runHosts(env, 'file-hosts-allowed');
		t.match(
			'option on: the download of 127.0.0.2 is attempted (nothing listens there)',
			allowed.errors['echo.loopback'],
			/^download failed: .*(ECONNREFUSED|connect)/i,
		);

		if (env.line.name !== 'current') return; // n8n 2.8 has no SSRF guard of its own
		const guarded = await runHosts(env, 'file-hosts-default', SSRF_ENV);
		checkRefusedByNode(t, "n8n's SSRF guard on, API host allowed", guarded);
		const both = await runHosts(env, 'file-hosts-allowed', SSRF_ENV);
		t.equal("n8n's SSRF guard on, option on: the run succeeded", both.item.json?.status, 'SUCCEED');
		const refused = both.errors['echo.loopback'] || '';
		t.check(
			"n8n's SSRF guard on, option on: n8n's guard refused 127.0.0.2 before connecting",
			/^download failed: /.test(refused) && !/ECONNREFUSED/.test(refused),
			refused,
		);
		notes.push(`n8n ${env.line.version} SSRF guard on a file URL to 127.0.0.2: "${refused}"`);
	},
};
