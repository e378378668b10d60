/**
 * The GPTBots simulator the bench runs against, either in a child process (default: its CPU is
 * not spent in the event loop that runs the node and the fetch baseline) or in this process.
 * Both are steered the same way: configure / reset / state.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';
import * as readline from 'readline';

import { SIM_API_KEY } from '../../simulator/names';
import { REPO } from './paths';

export const API_KEY = SIM_API_KEY;

export type SimMode = 'child' | 'inproc';

export interface SimOptions {
	latencyMs?: number;
	maxInFlight?: number | null;
	retryAfterSeconds?: number;
	asyncDurationMs?: number;
}

export interface SimState {
	counts: Record<string, number>;
	peakInFlight: number;
}

export interface SimHandle {
	mode: SimMode;
	url: string;
	configure(options: SimOptions): Promise<void>;
	/** Clears records (runs, requests, counts, peakInFlight); keeps options. */
	reset(): Promise<void>;
	state(): Promise<SimState>;
	stop(): Promise<void>;
}

interface InProcessSimulator {
	url: string;
	state: SimState & { inFlight: number };
	start(): Promise<{ url: string }>;
	stop(): Promise<void>;
	reset(): void;
	configure(options: SimOptions): void;
}

async function control(
	url: string,
	method: 'GET' | 'POST',
	route: string,
	body?: unknown,
): Promise<Record<string, unknown>> {
	const response = await fetch(`${url}${route}`, {
		method,
		headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const json = (await response.json()) as Record<string, unknown>;
	if (!response.ok)
		throw new Error(`simulator ${route}: HTTP ${response.status} ${JSON.stringify(json)}`);
	return json;
}

async function startChild(options: SimOptions): Promise<SimHandle> {
	const args = [
		path.join(REPO, 'simulator', 'cli.js'),
		'--port',
		'0',
		'--latency',
		String(options.latencyMs ?? 50),
	];
	const child: ChildProcess = spawn(process.execPath, args, {
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const url = await new Promise<string>((resolve, reject) => {
		const lines = readline.createInterface({ input: child.stdout! });
		lines.once('line', (line) => {
			try {
				resolve((JSON.parse(line) as { url: string }).url);
			} catch (error) {
				reject(error as Error);
			}
		});
		child.once('exit', (code) => reject(new Error(`simulator exited early (code ${code})`)));
	});
	const handle: SimHandle = {
		...attachSimulator(url),
		stop: async () => {
			if (child.exitCode !== null) return;
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
		},
	};
	await handle.configure(options);
	return handle;
}

async function startInProcess(options: SimOptions): Promise<SimHandle> {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { createSimulator } = require(path.join(REPO, 'simulator', 'server.js')) as {
		createSimulator(options: SimOptions): InProcessSimulator;
	};
	const sim = createSimulator({ latencyMs: 50, ...options });
	const { url } = await sim.start();
	return {
		mode: 'inproc',
		url,
		configure: async (partial) => sim.configure(partial),
		reset: async () => sim.reset(),
		state: async () => ({ counts: { ...sim.state.counts }, peakInFlight: sim.state.peakInFlight }),
		stop: async () => await sim.stop(),
	};
}

export async function startSimulator(mode: SimMode, options: SimOptions = {}): Promise<SimHandle> {
	return mode === 'child' ? await startChild(options) : await startInProcess(options);
}

/** Attaches to a simulator another process started (the RSS leg's child process). */
export function attachSimulator(url: string): SimHandle {
	return {
		mode: 'child',
		url,
		configure: async (partial) => void (await control(url, 'POST', '/__sim/configure', partial)),
		reset: async () => void (await control(url, 'POST', '/__sim/reset', {})),
		state: async () => {
			const summary = await control(url, 'GET', '/__sim/state?requests=0');
			return {
				counts: summary.counts as Record<string, number>,
				peakInFlight: summary.peakInFlight as number,
			};
		},
		stop: async () => {},
	};
}
