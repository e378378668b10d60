/**
 * The GPTBots simulator the bench runs against, started by the n8n driver (scripts/lib/simulator.js):
 * in a child process (default: its CPU is not spent in the event loop that runs the node and the
 * fetch baseline) or in this process. Both are steered the same way: configure / reset / state.
 */
import { SIM_API_KEY } from '../../simulator/names';
import * as simulator from '../lib/simulator';

export const API_KEY = SIM_API_KEY;

export type SimMode = 'child' | 'inproc';

export type SimHandle = simulator.SimulatorHandle;

export interface SimOptions {
	latencyMs?: number;
	maxInFlight?: number | null;
	retryAfterSeconds?: number;
	asyncDurationMs?: number;
}

export async function startSimulator(mode: SimMode, options: SimOptions = {}): Promise<SimHandle> {
	return await simulator.startSimulator({ mode, latencyMs: 50, ...options });
}

/** Attaches to a simulator another process started (the RSS leg's child process). */
export const attachSimulator = simulator.attachSimulator;
