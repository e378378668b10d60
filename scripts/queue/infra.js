'use strict';
// Process plumbing for the queue-mode suite: long-running services (logged to a file, run as a
// given user) and throw-away Redis + PostgreSQL servers on 127.0.0.1, on the n8n driver's
// processes, cleanup and log (scripts/lib/).

const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const path = require('path');

// Output, cleanup and one-shot commands: the n8n driver's (scripts/lib/), tagged "queue".
const { setLogPrefix, log, timed, secs, tail } = require('../lib/log');
const {
	onCleanup,
	cleanupAll,
	installSignalHandlers: installDriverSignalHandlers,
	stopProcess,
	run: runCmd,
	runOk,
} = require('../lib/processes');
const { freePort: driverFreePort } = require('../lib/ports');
const { request: driverRequest } = require('../lib/request');
const { sleep, waitFor } = require('../lib/wait');

setLogPrefix('queue');

/** `summary()` gives the last line to print ("N passed, M failed") when a signal ends the run. */
function installSignalHandlers(summary = () => '0 passed, 1 failed') {
	installDriverSignalHandlers({ summary });
}

function isRunning(child) {
	return child && child.exitCode === null && child.signalCode === null;
}

/** SIGTERM (or `signal`) to the PID; SIGKILL to its process group after `graceMs`; reaps the group. */
async function stopChild(child, label, { signal = 'SIGTERM', graceMs = 15000 } = {}) {
	if (!child || !child.pid) return;
	await stopProcess(child, label, graceMs, signal);
	// Also when it had exited already: children left in its process group (n8n's task runners).
	try {
		process.kill(-child.pid, 0);
		process.kill(-child.pid, 'SIGKILL');
	} catch {
		/* group empty */
	}
}

// ---------------------------------------------------------------------------------------------
// Services

/**
 * Starts a long-running process in its own process group, output appended to `logFile` and kept
 * (last 2 MB) in memory. Registered for cleanup (stopped by PID). Returns a handle.
 */
function startService(
	label,
	command,
	args,
	{ env, cwd, logFile, uid, gid, stopSignal = 'SIGTERM' } = {},
) {
	const out = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : null;
	const child = spawn(command, args, {
		env,
		cwd,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
		uid,
		gid,
	});
	let output = '';
	const keep = (d) => {
		output += d;
		if (output.length > 4e6) output = output.slice(-2e6);
		if (out) out.write(d);
	};
	child.stdout.on('data', keep);
	child.stderr.on('data', keep);
	const spawnError = new Promise((resolve) => child.once('error', resolve));
	const handle = {
		label,
		child,
		pid: child.pid,
		output: () => output,
		running: () => isRunning(child),
		spawnError,
		async stop() {
			unregister();
			const started = Date.now();
			await stopChild(child, label, { signal: stopSignal });
			if (out) out.end();
			log(`${label} (pid ${child.pid}) stopped in ${secs(Date.now() - started)}`);
		},
	};
	const unregister = onCleanup(label, () => handle.stop());
	return handle;
}

// ---------------------------------------------------------------------------------------------
// Network

/** Distinct free ports (a port handed out once is not handed out again in this run). */
const handedOut = new Set();
async function freshPort() {
	for (;;) {
		const port = await driverFreePort();
		if (!handedOut.has(port)) {
			handedOut.add(port);
			return port;
		}
	}
}

// No keep-alive: concurrent deliveries must each open their own connection, as GPTBots' would.
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

/** One HTTP request (the driver's, scripts/lib/http.js): resolves { status, headers, text, json, ms }. */
function request(method, url, options = {}) {
	return driverRequest(method, url, { timeoutMs: 30000, agent, ...options });
}

/** Sends a Redis inline command on a fresh connection; resolves the first reply line. */
function redisCommand(port, command) {
	return new Promise((resolve, reject) => {
		const socket = net.connect(port, '127.0.0.1');
		let data = '';
		socket.setTimeout(2000, () => socket.destroy(new Error('redis: no answer')));
		socket.on('connect', () => socket.write(`${command}\r\n`));
		socket.on('data', (d) => {
			data += d;
			if (data.includes('\r\n')) {
				socket.end();
				resolve(data.split('\r\n')[0]);
			}
		});
		socket.on('error', reject);
	});
}

// ---------------------------------------------------------------------------------------------
// apt packages

function haveCommand(file) {
	return fs.existsSync(file);
}

function pgBinDir() {
	const base = '/usr/lib/postgresql';
	if (!fs.existsSync(base)) return null;
	const versions = fs
		.readdirSync(base)
		.filter((v) => /^\d+$/.test(v) && fs.existsSync(path.join(base, v, 'bin', 'postgres')))
		.sort((a, b) => b - a);
	return versions.length ? path.join(base, versions[0], 'bin') : null;
}

function redisBinary() {
	for (const file of ['/usr/bin/redis-server', '/usr/local/bin/redis-server'])
		if (haveCommand(file)) return file;
	return null;
}

/** apt-get install -y the packages whose binaries are missing; apt-get update only if that fails. */
async function ensurePackages() {
	const missing = [];
	if (!redisBinary()) missing.push('redis-server');
	if (!pgBinDir()) missing.push('postgresql');
	if (missing.length) {
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		log(`apt-get install -y ${missing.join(' ')}`);
		let r = await runCmd('apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
			env,
			timeoutMs: 600000,
			label: 'apt-get install',
		});
		if (r.code !== 0) {
			log('apt-get install failed: apt-get update, then again');
			await runOk('apt-get', ['update'], { env, timeoutMs: 300000, label: 'apt-get update' });
			r = await runOk('apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
				env,
				timeoutMs: 600000,
				label: 'apt-get install',
			});
		}
	}
	const redis = redisBinary();
	const pgBin = pgBinDir();
	if (!redis || !pgBin)
		throw new Error(
			`after apt-get: redis-server ${redis || 'missing'}, postgres ${pgBin || 'missing'}`,
		);
	return { redis, pgBin, installed: missing };
}

// ---------------------------------------------------------------------------------------------
// Redis + PostgreSQL

async function startRedis(redisBin, dir) {
	fs.mkdirSync(dir, { recursive: true });
	const port = await freshPort();
	const handle = startService(
		'redis-server',
		redisBin,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--dir',
			dir,
			'--save',
			'',
			'--appendonly',
			'no',
			'--daemonize',
			'no',
			'--protected-mode',
			'yes',
			'--logfile',
			'',
		],
		{ logFile: path.join(dir, 'redis.log') },
	);
	await waitFor(
		'redis PING',
		async () => {
			if (!handle.running())
				throw Object.assign(new Error(`redis-server exited: ${tail(handle.output(), 10)}`), {
					fatal: true,
				});
			return (await redisCommand(port, 'PING')) === '+PONG';
		},
		{ timeoutMs: 20000, intervalMs: 100 },
	);
	return { port, handle };
}

/** The uid/gid of a non-root user to run initdb/postgres as: `postgres`, else a user we create. */
async function postgresUser() {
	const tryUser = (name) => {
		const u = spawnSync('id', ['-u', name], { encoding: 'utf8' });
		const g = spawnSync('id', ['-g', name], { encoding: 'utf8' });
		return u.status === 0
			? { name, uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) }
			: null;
	};
	let user = tryUser('postgres');
	if (user && user.uid !== 0) return user;
	const name = 'n8nqueuepg';
	user = tryUser(name);
	if (!user) {
		await runOk('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', name], {
			label: 'useradd',
		});
		user = tryUser(name);
	}
	return user;
}

async function startPostgres(pgBin, dir) {
	const user = await postgresUser();
	const data = path.join(dir, 'data');
	fs.mkdirSync(dir, { recursive: true });
	fs.chownSync(dir, user.uid, user.gid);
	const userEnv = { PATH: process.env.PATH, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', HOME: dir };
	await runOk(
		path.join(pgBin, 'initdb'),
		['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C.UTF-8'],
		{
			uid: user.uid,
			gid: user.gid,
			env: userEnv,
			cwd: dir,
			label: 'initdb',
			timeoutMs: 120000,
		},
	);
	const port = await freshPort();
	const handle = startService(
		'postgres',
		path.join(pgBin, 'postgres'),
		[
			'-D',
			data,
			'-p',
			String(port),
			'-k',
			dir,
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			'max_connections=200',
			'-c',
			'fsync=off',
			'-c',
			'synchronous_commit=off',
			'-c',
			'full_page_writes=off',
			'-c',
			'log_min_messages=warning',
		],
		{
			uid: user.uid,
			gid: user.gid,
			env: userEnv,
			cwd: dir,
			logFile: path.join(dir, '..', 'postgres.log'),
			stopSignal: 'SIGINT',
		},
	);
	const psqlBin = path.join(pgBin, 'psql');
	const psqlEnv = {
		PATH: process.env.PATH,
		PGHOST: '127.0.0.1',
		PGPORT: String(port),
		PGUSER: 'postgres',
		PGCONNECT_TIMEOUT: '3',
	};
	await waitFor(
		'postgres accepting connections',
		async () => {
			if (!handle.running())
				throw Object.assign(new Error(`postgres exited: ${tail(handle.output(), 10)}`), {
					fatal: true,
				});
			const r = await runCmd(
				path.join(pgBin, 'pg_isready'),
				['-h', '127.0.0.1', '-p', String(port)],
				{ env: psqlEnv, timeoutMs: 5000 },
			);
			return r.code === 0;
		},
		{ timeoutMs: 30000, intervalMs: 200 },
	);
	await runOk(psqlBin, ['-X', '-q', '-d', 'postgres', '-c', 'CREATE DATABASE n8n'], {
		env: psqlEnv,
		label: 'createdb',
	});
	/** Runs a SELECT; resolves its rows (the query is wrapped in json_agg). */
	async function query(sql) {
		const r = await runOk(
			psqlBin,
			[
				'-X',
				'-q',
				'-A',
				'-t',
				'-d',
				'n8n',
				'-v',
				'ON_ERROR_STOP=1',
				'-c',
				`SELECT coalesce(json_agg(t), '[]'::json) FROM (${sql}) t`,
			],
			{ env: psqlEnv, label: 'psql', timeoutMs: 60000 },
		);
		return JSON.parse(r.stdout.trim() || '[]');
	}
	async function exec(sql) {
		await runOk(psqlBin, ['-X', '-q', '-d', 'n8n', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
			env: psqlEnv,
			label: 'psql',
			timeoutMs: 60000,
		});
	}
	return { port, handle, user, query, exec };
}

module.exports = {
	log,
	timed,
	secs,
	tail,
	sleep,
	onCleanup,
	cleanupAll,
	installSignalHandlers,
	stopChild,
	startService,
	runCmd,
	runOk,
	freshPort,
	request,
	waitFor,
	ensurePackages,
	startRedis,
	startPostgres,
};
