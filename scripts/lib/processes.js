// @ts-check
'use strict';
// Processes and cleanup: everything a suite starts is registered here and undone by PID / path,
// also on SIGINT / SIGTERM / an uncaught error.

const { spawn } = require('child_process');
const path = require('path');

const { log } = require('./log');

/** @typedef {import('child_process').ChildProcess} ChildProcess */

/** @type {{ label: string, fn: () => unknown }[]} */
const cleanups = [];
/** @type {Set<ChildProcess>} */
const children = new Set();
/** Children with a cleanup entry of their own (trackChild's `managed`). @type {WeakSet<ChildProcess>} */
const managedChildren = new WeakSet();
/** @type {Promise<void> | null} */
let cleaningUp = null;

/**
 * Registers an undo step; they run in reverse order. Returns a function that unregisters it.
 * @param {string} label
 * @param {() => unknown} fn
 * @returns {() => void}
 */
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

/** True once cleanup has begun. */
function isStopping() {
	return stopping;
}

/** @param {string} what */
function assertNotStopping(what) {
	if (stopping) throw new Error(`not starting ${what}: the suite is stopping`);
}

async function cleanupAll() {
	if (cleaningUp) return cleaningUp;
	stopping = true;
	cleaningUp = (async () => {
		// First any running CLI child (e.g. n8n execute cut short by SIGINT): it may still write
		// into the scratch folder that a later step removes.
		await Promise.all(
			[...children]
				.filter((c) => !managedChildren.has(c))
				.map((child) => stopProcess(child, 'n8n CLI', 3000)),
		);
		for (let entry = cleanups.pop(); entry; entry = cleanups.pop()) {
			const { label, fn } = entry;
			try {
				await fn();
			} catch (error) {
				log(`cleanup "${label}" failed: ${/** @type {Error} */ (error).message}`);
			}
		}
		await Promise.all([...children].map((child) => stopProcess(child, 'leftover child', 3000)));
	})();
	return cleaningUp;
}

/**
 * Stops everything on SIGINT / SIGTERM / an uncaught error, then exits. `summary(interrupted)`,
 * if given, prints the suite's last line ("N passed, M failed") before the exit.
 * @param {{ summary?: (interrupted: boolean) => string }} [options]
 */
function installSignalHandlers({ summary } = {}) {
	const exit = (/** @type {number} */ code) => {
		if (summary) process.stdout.write(`${summary(true)}\n`);
		process.exit(code);
	};
	let signalled = false;
	const onSignal = (/** @type {NodeJS.Signals} */ signal) => {
		if (signalled) return;
		signalled = true;
		log(`${signal}: stopping what the suite started`);
		cleanupAll().finally(() => exit(signal === 'SIGINT' ? 130 : 143));
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	process.on('uncaughtException', (error) => {
		log(`uncaught exception: ${error.stack || error}`);
		cleanupAll().finally(() => exit(1));
	});
	process.on('unhandledRejection', (error) => {
		log(`unhandled rejection: ${(error && /** @type {Partial<Error>} */ (error).stack) || error}`);
		cleanupAll().finally(() => exit(1));
	});
}

/**
 * Tracks a child this module did not spawn (e.g. `n8n start`) so that cleanup can stop it.
 * `managed`: it has its own cleanup entry, so cleanup does not stop it first as a stray CLI call.
 * @param {ChildProcess} child
 * @param {{ managed?: boolean }} [options]
 */
function trackChild(child, { managed = false } = {}) {
	if (managed) managedChildren.add(child);
	children.add(child);
	child.once('exit', () => children.delete(child));
}

/** @param {number} pid */
function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
 * Stops a child we spawned: SIGTERM (or `signal`) to its PID, SIGKILL to its process group (it was
 * spawned detached, so the group is exactly it and its own children, e.g. n8n's task runners) after
 * `graceMs`; what is left in the group is killed, also when the child had exited already.
 * @param {ChildProcess} child
 * @param {string} [label]
 * @param {number} [graceMs]
 * @param {NodeJS.Signals} [signal]
 */
async function stopProcess(child, label = 'process', graceMs = 10000, signal = 'SIGTERM') {
	const pid = child?.pid;
	if (pid === undefined) return; // never spawned (process.kill would throw, and we would return)
	if (child.exitCode !== null || child.signalCode !== null) return reapGroup(pid);
	const exited = new Promise((resolve) => child.once('exit', resolve));
	try {
		process.kill(pid, signal);
	} catch {
		return;
	}
	const timer = new Promise((resolve) => setTimeout(resolve, graceMs, 'timeout'));
	if ((await Promise.race([exited, timer])) === 'timeout') {
		log(`${label} (pid ${pid}) ignored ${signal} for ${graceMs / 1000} s: SIGKILL`);
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
	reapGroup(pid);
}

/**
 * Kills what is left in the process group of a child we spawned detached (e.g. n8n's task
 * runners), also after the child itself has exited.
 * @param {number} pid
 */
function reapGroup(pid) {
	try {
		process.kill(-pid, 0);
		process.kill(-pid, 'SIGKILL');
	} catch {
		/* group empty */
	}
}

/**
 * @typedef {{ env?: NodeJS.ProcessEnv, cwd?: string, uid?: number, gid?: number, timeoutMs?: number, label?: string, input?: string, echoStderr?: boolean }} RunOptions
 * @typedef {{ code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string, timedOut: boolean, ms: number }} RunResult
 */

/**
 * Spawns a command in its own process group (as `uid`/`gid` if given), collecting its output
 * (`echoStderr`: its stderr also shown as it comes, e.g. an installer's progress); tracked for cleanup.
 * Resolves { code, signal, stdout, stderr, ms }; rejects only if it cannot be spawned.
 * @param {string} command
 * @param {string[]} args
 * @param {RunOptions} [options]
 * @returns {Promise<RunResult>}
 */
function run(
	command,
	args,
	{
		env,
		cwd,
		uid,
		gid,
		timeoutMs = 180000,
		label = path.basename(command),
		input,
		echoStderr = false,
	} = {},
) {
	return new Promise((resolve, reject) => {
		assertNotStopping(label);
		const started = Date.now();
		const child = spawn(command, args, {
			env,
			cwd,
			uid,
			gid,
			detached: true,
			stdio: ['pipe', 'pipe', 'pipe'],
		});
		children.add(child);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => {
			stderr += d;
			if (echoStderr) process.stderr.write(d);
		});
		child.stdin.on('error', () => {}); // a command that exits without reading its input
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

/**
 * Like run(), but throws with the output's tail when the exit code is not 0.
 * @param {string} command
 * @param {string[]} args
 * @param {RunOptions} [options]
 */
async function runOk(command, args, options = {}) {
	const result = await run(command, args, options);
	if (result.code !== 0) {
		const tail = (result.stderr + '\n' + result.stdout).trim().split('\n').slice(-25).join('\n');
		throw new Error(
			`${options.label || command} ${args.join(' ')} exited ${result.code}${result.signal ? ` (${result.signal})` : ''}:\n${tail}`,
		);
	}
	return result;
}

module.exports = {
	onCleanup,
	cleanupAll,
	installSignalHandlers,
	isAlive,
	isStopping,
	assertNotStopping,
	trackChild,
	stopProcess,
	run,
	runOk,
};
