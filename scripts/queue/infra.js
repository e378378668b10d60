// @ts-check
'use strict';
// The queue-mode suite's services: throw-away Redis and PostgreSQL servers on 127.0.0.1 (apt-get
// installs them if missing), run as the driver's services (scripts/lib/service.js).

const { spawnSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const path = require('path');

const { log, tail } = require('../lib/log');
const { freePort } = require('../lib/ports');
const { run, runOk } = require('../lib/processes');
const { startService } = require('../lib/service');
const { fatalError, waitFor } = require('../lib/wait');

/**
 * Sends a Redis inline command on a fresh connection; resolves the first reply line.
 * @param {number} port
 * @param {string} command
 * @returns {Promise<string>}
 */
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

function pgBinDir() {
	const base = '/usr/lib/postgresql';
	if (!fs.existsSync(base)) return null;
	const versions = fs
		.readdirSync(base)
		.filter((v) => /^\d+$/.test(v) && fs.existsSync(path.join(base, v, 'bin', 'postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(base, versions[0], 'bin') : null;
}

function redisBinary() {
	for (const file of ['/usr/bin/redis-server', '/usr/local/bin/redis-server'])
		if (fs.existsSync(file)) return file;
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
		let r = await run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
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

/**
 * redis-server on 127.0.0.1 and a free port, its data in `dir`; resolves once it answers PING.
 * @param {string} redisBin
 * @param {string} dir
 */
async function startRedis(redisBin, dir) {
	fs.mkdirSync(dir, { recursive: true });
	const port = await freePort();
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
			if (!handle.running()) throw fatalError(`redis-server exited: ${tail(handle.output(), 10)}`);
			return (await redisCommand(port, 'PING')) === '+PONG';
		},
		{ timeoutMs: 20000, intervalMs: 100 },
	);
	return { port, handle };
}

/** @typedef {{ name: string, uid: number, gid: number }} SystemUser */

/**
 * The uid/gid of a non-root user to run initdb/postgres as: `postgres`, else a user we create.
 * @returns {Promise<SystemUser>}
 */
async function postgresUser() {
	/** @type {(name: string) => SystemUser | null} */
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
	if (!user) throw new Error(`useradd ${name} made no user`);
	return user;
}

/**
 * A fresh PostgreSQL cluster in `dir` (run as a non-root user), on 127.0.0.1 and a free port, with
 * an empty database `n8n`; `query` runs a SELECT and resolves its rows, `exec` runs any SQL.
 * @param {string} pgBin
 * @param {string} dir
 */
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
	const port = await freePort();
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
			graceMs: 15000,
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
			if (!handle.running()) throw fatalError(`postgres exited: ${tail(handle.output(), 10)}`);
			const r = await run(path.join(pgBin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], {
				env: psqlEnv,
				timeoutMs: 5000,
			});
			return r.code === 0;
		},
		{ timeoutMs: 30000, intervalMs: 200 },
	);
	await runOk(psqlBin, ['-X', '-q', '-d', 'postgres', '-c', 'CREATE DATABASE n8n'], {
		env: psqlEnv,
		label: 'createdb',
	});
	/**
	 * Runs a SELECT; resolves its rows (the query is wrapped in json_agg).
	 * @param {string} sql
	 * @returns {Promise<Record<string, any>[]>} rows as Postgres' json_agg gives them
	 */
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
	/** @param {string} sql */
	async function exec(sql) {
		await runOk(psqlBin, ['-X', '-q', '-d', 'n8n', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
			env: psqlEnv,
			label: 'psql',
			timeoutMs: 60000,
		});
	}
	return { port, handle, user, query, exec };
}

module.exports = { ensurePackages, startRedis, startPostgres };
