// @ts-check
'use strict';
// The GPTBots simulator (simulator/), started the one way every suite starts it: in this process
// or as a child process (`node simulator/cli.js`), on 127.0.0.1, steered the same way either way.

const { spawn } = require('child_process');
const path = require('path');

const { REPO, SIM_API_KEY } = require('./constants');
const { onCleanup, stopProcess } = require('./processes');
const { request } = require('./request');

/**
 * A request the simulator recorded (simulator/records.js); `body` is the JSON the client sent.
 * `auth` says whether it carried a valid key (never the key); `runId` is the run an invoke made.
 * @typedef {{ id: number, method: string, path: string, query: Record<string, string>,
 *   headers: import('http').IncomingHttpHeaders, auth: 'missing' | 'valid' | 'invalid',
 *   keyKind: 'workflow' | 'agent' | null, body: any, time: number, runId?: string,
 *   answeredStatus: number | null, fault: string | null }} RecordedRequest
 */
/**
 * The simulator's own object (simulator/server.js), as far as the suites use it. Its records of
 * runs and webhook deliveries are the simulator's own objects (simulator/runs.js, deliveries.js),
 * read by the suites as JSON.
 * @typedef {object} Simulator
 * @property {string | null} url
 * @property {{ runs: Map<string, any>, requests: RecordedRequest[], deliveries: any[],
 *   counts: Record<string, number>, inFlight: number, peakInFlight: number,
 *   agent: AgentRecords }} state
 * @property {(port?: number, host?: string) => Promise<{ port: number, url: string }>} start
 * @property {() => Promise<void>} stop
 * @property {SimulatorOptions} options the options in force
 * @property {() => void} reset
 * @property {(options: Partial<SimulatorOptions>) => SimulatorOptions} configure
 * @property {(count: number, options?: { userId?: string, startTime?: number, inputs?: object[] }) => string[]} seedRuns
 * @property {(delivery: { url: string, method?: string, headers?: Record<string, string>, run: object }) => Promise<{ statusCode?: number, error?: string }>} deliver
 * @property {{ humanReply: (reply: { conversation_id: string, text: string }) => Promise<{ message_id: string }> }} agent
 *   a human agent's reply, delivered to the agent's webhook
 */
/**
 * The simulator's agent records (simulator/agent/agentState.js): conversations, every accepted
 * message (`{conversationId, messageId, mode, messages: [{role, text, parts}], config, answer}`),
 * and every stream (`{messageId, pieces: [{text, sentAt}], endSentAt, broken, clientGone}`).
 * @typedef {{ conversations: Map<string, any>, messages: any[], streams: any[] }} AgentRecords
 */
/**
 * The simulator's options (simulator/options.js), e.g. { latencyMs, asyncDurationMs }.
 * @typedef {Record<string, unknown>} SimulatorOptions
 */

/**
 * What a suite reads of the simulator's counters.
 * @typedef {{ counts: Record<string, number>, peakInFlight: number }} SimulatorState
 */

/**
 * A running simulator. `sim` is the simulator's own object when it runs in this process.
 * @typedef {object} SimulatorHandle
 * @property {'inproc' | 'child'} mode
 * @property {string} url
 * @property {number} pid the process it runs in
 * @property {Simulator} [sim]
 * @property {(options: Partial<SimulatorOptions>) => Promise<void>} configure
 * @property {() => Promise<void>} reset clears the records (runs, requests, counts); keeps options
 * @property {() => Promise<SimulatorState>} state
 * @property {() => Promise<void>} stop also registered for cleanup
 */

/**
 * Starts the simulator on 127.0.0.1 and `port` (0: any free one), with `options` (simulator/
 * options.js; latency 0 unless given). `mode` 'child' runs it in a process of its own (its CPU is
 * not spent in this event loop; it outlives nothing: stopped by PID at cleanup).
 * @param {Partial<SimulatorOptions> & { mode?: 'inproc' | 'child', port?: number }} [options]
 * @returns {Promise<SimulatorHandle>}
 */
async function startSimulator({ mode = 'inproc', port = 0, ...options } = {}) {
	const merged = { latencyMs: 0, ...options };
	return mode === 'child' ? await startChild(port, merged) : await startInProcess(port, merged);
}

/**
 * @param {number} port
 * @param {Partial<SimulatorOptions>} options
 * @returns {Promise<SimulatorHandle>}
 */
async function startInProcess(port, options) {
	const { createSimulator } = require(path.join(REPO, 'simulator', 'server'));
	/** @type {Simulator} */
	const sim = createSimulator(options);
	const { url } = await sim.start(port, '127.0.0.1');
	const unregister = onCleanup('simulator', () => sim.stop());
	return {
		mode: 'inproc',
		url,
		pid: process.pid,
		sim,
		configure: async (partial) => void sim.configure(partial),
		reset: async () => sim.reset(),
		state: async () => ({ counts: { ...sim.state.counts }, peakInFlight: sim.state.peakInFlight }),
		stop: async () => {
			unregister();
			await sim.stop();
		},
	};
}

/**
 * @param {number} port
 * @param {Partial<SimulatorOptions>} options
 * @returns {Promise<SimulatorHandle>}
 */
async function startChild(port, options) {
	const child = spawn(
		process.execPath,
		[path.join(REPO, 'simulator', 'cli.js'), '--port', String(port)],
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
	/** @type {string} */
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
	const handle = { ...attachSimulator(url), mode: /** @type {const} */ ('child') };
	await handle.configure(options);
	return {
		...handle,
		pid: /** @type {number} */ (child.pid),
		async stop() {
			unregister();
			await stop();
		},
	};
}

/**
 * A simulator another process started, steered over its control API (/__sim/). stop() does
 * nothing: its owner stops it.
 * @param {string} url
 * @returns {SimulatorHandle}
 */
function attachSimulator(url) {
	/**
	 * @param {'GET' | 'POST'} method
	 * @param {string} route
	 * @param {unknown} [body]
	 */
	const control = async (method, route, body) => {
		const res = await request(method, `${url}${route}`, { body });
		if (res.status !== 200) throw new Error(`simulator ${route}: HTTP ${res.status} ${res.text}`);
		return /** @type {Record<string, unknown>} */ (res.json);
	};
	return {
		mode: 'child',
		url,
		pid: 0,
		configure: async (partial) => void (await control('POST', '/__sim/configure', partial)),
		reset: async () => void (await control('POST', '/__sim/reset', {})),
		state: async () => {
			const summary = await control('GET', '/__sim/state?requests=0');
			return {
				counts: /** @type {Record<string, number>} */ (summary.counts),
				peakInFlight: /** @type {number} */ (summary.peakInFlight),
			};
		},
		stop: async () => {},
	};
}

/**
 * POSTs to the GPTBots API of a simulator (e.g. `/v1/workflow/invoke`) with the simulator's key.
 * @param {string} simUrl
 * @param {string} apiPath
 * @param {unknown} body
 */
function simulatorPost(simUrl, apiPath, body) {
	return request('POST', `${simUrl}${apiPath}`, {
		headers: { authorization: `Bearer ${SIM_API_KEY}` },
		body,
	});
}

module.exports = { startSimulator, attachSimulator, simulatorPost };
