'use strict';
// The GPTBots simulator as a child process (`node simulator/cli.js`), for the demo: it stays up
// as long as the demo, and is stopped by PID with everything else.

const { spawn } = require('child_process');
const path = require('path');

const { REPO } = require('../lib/constants');
const { onCleanup, stopProcess } = require('../lib/processes');

/** `node simulator/cli.js` as a child (on `port` if given, else any): resolves { url, pid, child, stop() }. */
async function startSimulatorProcess({ latencyMs = 50, asyncDurationMs = 3000, port = 0 } = {}) {
	const child = spawn(
		process.execPath,
		[
			path.join(REPO, 'simulator', 'cli.js'),
			'--port',
			String(port),
			'--latency',
			String(latencyMs),
			'--async-duration',
			String(asyncDurationMs),
		],
		{
			cwd: REPO,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	const stop = () => stopProcess(child, 'simulator', 3000);
	const unregister = onCleanup(`simulator pid ${child.pid}`, stop);
	let stderr = '';
	child.stderr.on('data', (d) => (stderr += d));
	const url = await new Promise((resolve, reject) => {
		let out = '';
		const timer = setTimeout(
			() => reject(new Error('the simulator did not start within 10 s')),
			10000,
		);
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

module.exports = { startSimulatorProcess };
