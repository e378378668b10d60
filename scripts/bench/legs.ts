/**
 * The measured legs. Each returns plain numbers for one repetition; bench.ts takes medians.
 * Node and fetch runs of a leg alternate which one goes first from rep to rep, so that a slow
 * patch of the (shared, noisy) machine does not always land on the same side.
 */
import type { IDataObject } from 'n8n-workflow';

import { fetchPool } from './fetchPool';
import { collectGarbage } from './gc';
import type { ItemRunner, RunOutcome } from './runners';
import type { SimHandle } from './sim';

export interface BenchConfig {
	reps: number;
	/** Items of the sync legs (issue: 1,000). */
	syncItems: number;
	/** Items of the concurrency-1 leg (1,000 would take ~55 s: per-item times are compared). */
	serialItems: number;
	/** Simulator latency of the throughput legs (issue: 50 ms). */
	latencyMs: number;
	/** Concurrency of the "no limit" leg, node and fetch (issue: 100). */
	unlimitedConcurrency: number;
	/** The simulator's maxInFlight in the "limit" leg, and the fetch floor's width (issue: 10). */
	limit: number;
	/** Retry-After the simulator sends with a 429 in the "limit" leg (simulator default: 1 s). */
	retryAfterSeconds: number;
	pollRuns: number;
	pollMinMs: number;
	pollMaxMs: number;
	pollIntervalSeconds: number;
}

export const DEFAULT_CONFIG: BenchConfig = {
	reps: 3,
	syncItems: 1000,
	serialItems: 200,
	latencyMs: 50,
	unlimitedConcurrency: 100,
	limit: 10,
	retryAfterSeconds: 1,
	pollRuns: 100,
	pollMinMs: 200,
	pollMaxMs: 3000,
	pollIntervalSeconds: 1,
};

export type Figures = Record<string, number>;

const TEXT = 'Summarise the quarterly report for the sales team in three short bullet points.';

/** The incoming items of a sync leg; each one's JSON is the workflow input. */
export function syncItems(count: number): IDataObject[] {
	return Array.from({ length: count }, (_, i) => ({
		item: i,
		topic: `bench item ${i}`,
		text: TEXT,
	}));
}

/** The invoke body the node sends for such an item (input = the item's JSON; sync). */
export function invokeBodies(items: IDataObject[]): object[] {
	return items.map((input) => ({ input, isAsync: false }));
}

export function check(
	label: string,
	outcome: RunOutcome,
	expected: number,
	allowErrors = false,
): void {
	if (outcome.items !== expected || (!allowErrors && outcome.errors > 0)) {
		throw new Error(
			`${label}: expected ${expected} items without error, got ${outcome.items} items, ${outcome.errors} errors` +
				(outcome.firstError ? ` (first: ${outcome.firstError})` : ''),
		);
	}
}

async function inOrder<A, B>(
	nodeFirst: boolean,
	node: () => Promise<A>,
	raw: () => Promise<B>,
): Promise<[A, B]> {
	if (nodeFirst) {
		const a = await node();
		return [a, await raw()];
	}
	const b = await raw();
	return [await node(), b];
}

/** A short unmeasured run of both sides: JIT, connection pools, lazily loaded modules. */
export async function warmUp(runner: ItemRunner, sim: SimHandle, cfg: BenchConfig): Promise<void> {
	await sim.configure({ latencyMs: cfg.latencyMs, maxInFlight: null });
	const items = syncItems(Math.min(300, cfg.syncItems));
	await runner.warmUp?.();
	await runner.run({
		items,
		mode: 'sync',
		concurrency: cfg.unlimitedConcurrency,
		continueOnFail: false,
	});
	await runner.floor?.run({
		items,
		mode: 'sync',
		concurrency: cfg.unlimitedConcurrency,
		continueOnFail: false,
	});
	await fetchPool(sim.url, invokeBodies(items), cfg.unlimitedConcurrency);
	await sim.reset();
}

/**
 * Node and floor as A B B A (B A A B on odd reps), each after a full garbage collection: a load
 * that rises or falls during the rep then hits both sides alike, which one turn each does not.
 */
export async function mirrored<T>(
	rep: number,
	a: () => Promise<T>,
	b: () => Promise<T>,
): Promise<[T[], T[]]> {
	const order = rep % 2 === 0 ? [a, b, b, a] : [b, a, a, b];
	const as: T[] = [];
	const bs: T[] = [];
	for (const side of order) {
		collectGarbage();
		(side === a ? as : bs).push(await side());
	}
	return [as, bs];
}

export const mean = (outcomes: RunOutcome[], value: (outcome: RunOutcome) => number) =>
	outcomes.reduce((total, outcome) => total + value(outcome), 0) / outcomes.length;

/** One measured leg of a rep: its figures. */
type Leg = (runner: ItemRunner, sim: SimHandle, cfg: BenchConfig, rep: number) => Promise<Figures>;

/**
 * No limit: the node at concurrency N against fetch with N in flight and, if the runner has one,
 * against its floor (the bare request-helper loop at N), node and floor mirrored (A B B A).
 */
export const unlimitedLeg: Leg = async (runner, sim, cfg, rep) => {
	await sim.configure({ latencyMs: cfg.latencyMs, maxInFlight: null });
	const items = syncItems(cfg.syncItems);
	const bodies = invokeBodies(items);
	const job = {
		items,
		mode: 'sync' as const,
		concurrency: cfg.unlimitedConcurrency,
		continueOnFail: false,
	};
	let peakInFlight = 0;
	const runNode = async () => {
		await sim.reset();
		const outcome = await runner.run(job);
		peakInFlight = Math.max(peakInFlight, (await sim.state()).peakInFlight);
		check('no-limit node', outcome, cfg.syncItems);
		return outcome;
	};
	const runFetch = async () => {
		collectGarbage();
		const outcome = await fetchPool(sim.url, bodies, cfg.unlimitedConcurrency);
		if (outcome.ok !== cfg.syncItems)
			throw new Error(`no-limit fetch: ${outcome.ok} of ${cfg.syncItems} ok`);
		return outcome;
	};
	const floorRunner = runner.floor;
	const rawBefore = rep % 2 === 1 ? await runFetch() : undefined;
	const [nodes, floors] = floorRunner
		? await mirrored(rep, runNode, async () => {
				await sim.reset();
				const outcome = await floorRunner.run(job);
				check('no-limit floor', outcome, cfg.syncItems);
				return outcome;
			})
		: [[await runNode()], []];
	const raw = rawBefore ?? (await runFetch());
	const nodeMs = mean(nodes, (outcome) => outcome.ms);
	const figures: Figures = {
		syncNodeMs: nodeMs,
		syncFetchMs: raw.ms,
		syncRatioVsFetch: nodeMs / raw.ms,
		syncNodePeakInFlight: peakInFlight,
	};
	if (floors.length === 0) return figures;
	const floorMs = mean(floors, (outcome) => outcome.ms);
	const nodeCpuMs = mean(nodes, (outcome) => outcome.cpuMs ?? 0);
	const floorCpuMs = mean(floors, (outcome) => outcome.cpuMs ?? 0);
	return {
		...figures,
		syncFloorMs: floorMs,
		floorRatio: nodeMs / floorMs,
		...(nodeCpuMs > 0 &&
			floorCpuMs > 0 && {
				syncNodeCpuMs: nodeCpuMs,
				syncFloorCpuMs: floorCpuMs,
				floorCpuRatio: nodeCpuMs / floorCpuMs,
			}),
	};
};

/** Limit: the simulator admits `limit` at once (429 + Retry-After beyond); node on defaults. */
export const limitedLeg: Leg = async (runner, sim, cfg, rep) => {
	await sim.configure({
		latencyMs: cfg.latencyMs,
		maxInFlight: cfg.limit,
		retryAfterSeconds: cfg.retryAfterSeconds,
	});
	const items = syncItems(cfg.syncItems);
	const bodies = invokeBodies(items);
	let node429 = 0;
	let nodeInvokes = 0;
	try {
		const [node, raw] = await inOrder(
			rep % 2 === 0,
			async () => {
				await sim.reset();
				const outcome = await runner.run({ items, mode: 'sync', continueOnFail: true });
				const state = await sim.state();
				node429 = state.counts.rateLimited;
				nodeInvokes = state.counts.invoke;
				return outcome;
			},
			async () => await fetchPool(sim.url, bodies, cfg.limit),
		);
		check('limited node', node, cfg.syncItems, true);
		if (raw.ok !== cfg.syncItems)
			throw new Error(`limited fetch: ${raw.ok} of ${cfg.syncItems} ok`);
		return {
			limitedNodeMs: node.ms,
			limitedFetchMs: raw.ms,
			rateLimitedRatio: node.ms / raw.ms,
			rateLimitedErrors: node.errors,
			limitedNode429s: node429,
			limitedNodeInvokes: nodeInvokes,
			limitedFetch429s: raw.rateLimited,
		};
	} finally {
		await sim.configure({ maxInFlight: null });
	}
};

/** Concurrency 1 against the default concurrency, per item (the serial leg has fewer items). */
export const serialLeg: Leg = async (runner, sim, cfg, rep) => {
	await sim.configure({ latencyMs: cfg.latencyMs, maxInFlight: null });
	const [serial, parallel] = await inOrder(
		rep % 2 === 0,
		async () =>
			await runner.run({
				items: syncItems(cfg.serialItems),
				mode: 'sync',
				concurrency: 1,
				continueOnFail: false,
			}),
		async () =>
			await runner.run({ items: syncItems(cfg.syncItems), mode: 'sync', continueOnFail: false }),
	);
	check('serial node', serial, cfg.serialItems);
	check('default node', parallel, cfg.syncItems);
	const serialPerItem = serial.ms / cfg.serialItems;
	const defaultPerItem = parallel.ms / cfg.syncItems;
	return {
		serialMs: serial.ms,
		serialPerItemMs: serialPerItem,
		defaultMs: parallel.ms,
		defaultPerItemMs: defaultPerItem,
		speedupVsSerial: serialPerItem / defaultPerItem,
	};
};

/** Deterministic shuffle (mulberry32), so every rep and every runner sees the same order. */
function shuffled<T>(list: T[], seed: number): T[] {
	let a = seed >>> 0;
	const random = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const out = [...list];
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

export function pollDurations(cfg: BenchConfig): number[] {
	const step = (cfg.pollMaxMs - cfg.pollMinMs) / Math.max(1, cfg.pollRuns - 1);
	return shuffled(
		Array.from({ length: cfg.pollRuns }, (_, i) => Math.round(cfg.pollMinMs + i * step)),
		7,
	);
}

/** asyncPoll runs of staggered lengths: total time against the slowest run, polls per run. */
export const pollLeg: Leg = async (runner, sim, cfg) => {
	await sim.configure({ latencyMs: cfg.latencyMs, maxInFlight: null });
	await sim.reset();
	const durations = pollDurations(cfg);
	const items = durations.map((ms, i) => ({ item: i, text: TEXT, __durationMs: ms }));
	const outcome = await runner.run({
		items,
		mode: 'asyncPoll',
		pollIntervalSeconds: cfg.pollIntervalSeconds,
		continueOnFail: false,
	});
	check('asyncPoll node', outcome, cfg.pollRuns);
	const { counts } = await sim.state();
	const slowest = Math.max(...durations);
	// Reference: a poller with a fixed interval, first poll one interval after the start.
	const fixedInterval = durations.reduce(
		(sum, d) => sum + Math.max(1, Math.ceil(d / (cfg.pollIntervalSeconds * 1000))),
		0,
	);
	return {
		pollTotalMs: outcome.ms,
		pollSlowestMs: slowest,
		pollTotalVsSlowest: outcome.ms / slowest,
		pollsPerRun: counts.query / cfg.pollRuns,
		pollsPerRunFixedInterval: fixedInterval / cfg.pollRuns,
		pollInvokes: counts.invoke,
	};
};
