/**
 * Benchmark of the GPTBots Workflow node ("Throughput at scale").
 *
 *   npm run bench [-- --reps 3] [--sim child|inproc] [--only sync,limited,serial,poll,rss,pack,require]
 *                 [--items 1000] [--serial-items 200] [--rss-items 10000] [--rss-latency 2] [--build] [--n8n]
 *
 * Runs the node inside n8n-core's execution engine (test/harness/engine.ts) against the GPTBots
 * simulator (in a child process by default), compares it with raw `fetch`, and prints a table
 * whose LAST line is one JSON object of medians. See scripts/bench/README.md.
 */
import './env';

import * as path from 'path';

import type { BenchConfig, Figures } from './legs';
import { DEFAULT_CONFIG, limitedLeg, pollLeg, serialLeg, syncItems, unlimitedLeg, warmUp } from './legs';
import type { ItemRunner } from './runners';
import { engineRunner } from './runners';
import type { SimHandle, SimMode } from './sim';
import { attachSimulator, startSimulator } from './sim';
import { ensureDist, packSize, requireTimes, rssInChild } from './static';
import { collect, median, printTable } from './table';
import { fileMemoryChild, fileMemoryLeg } from './fileMemory';

const LEGS = ['sync', 'limited', 'serial', 'poll', 'rss', 'files', 'pack', 'require'] as const;
type Leg = (typeof LEGS)[number];

interface Args extends BenchConfig {
	sim: SimMode;
	only: Set<Leg>;
	rssItems: number;
	rssLatencyMs: number;
	rssConcurrency: number;
	build: boolean;
	n8n: boolean;
	rssChild: boolean;
	filesChild: boolean;
	fileMb: number;
	filesMode: 'sync' | 'asyncPoll';
	simUrl?: string;
	items?: number;
	concurrency?: number;
}

function parseArgs(argv: string[]): Args {
	const args: Args = {
		...DEFAULT_CONFIG,
		sim: 'child',
		only: new Set(LEGS),
		rssItems: 10_000,
		rssLatencyMs: 2,
		rssConcurrency: 100,
		build: false,
		n8n: false,
		rssChild: false,
		filesChild: false,
		fileMb: 10,
		filesMode: 'sync',
	};
	const positiveInt = (flag: string, raw: string) => {
		const value = Number(raw);
		if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} needs a whole number ≥ 1, got ${raw}`);
		return value;
	};
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split(/=(.*)/s);
		const value = () => {
			const raw = inline ?? argv[++i];
			if (raw === undefined) throw new Error(`${flag} needs a value`);
			return raw;
		};
		switch (flag) {
			case '--reps': args.reps = positiveInt(flag, value()); break;
			case '--sim': {
				const mode = value();
				if (mode !== 'child' && mode !== 'inproc') throw new Error('--sim must be child or inproc');
				args.sim = mode;
				break;
			}
			case '--only': {
				const legs = value().split(',').map((s) => s.trim()).filter(Boolean);
				const unknown = legs.filter((leg) => !LEGS.includes(leg as Leg));
				if (unknown.length) throw new Error(`--only: unknown leg(s) ${unknown.join(', ')}; known: ${LEGS.join(', ')}`);
				args.only = new Set(legs as Leg[]);
				break;
			}
			case '--items': args.syncItems = positiveInt(flag, value()); args.items = args.syncItems; break;
			case '--serial-items': args.serialItems = positiveInt(flag, value()); break;
			case '--rss-items': args.rssItems = positiveInt(flag, value()); break;
			case '--rss-latency': args.rssLatencyMs = Number(value()); break;
			case '--build': args.build = true; break;
			case '--n8n': args.n8n = true; break;
			// internal: the RSS leg's fresh process
			case '--rss-child': args.rssChild = true; break;
			case '--files-child': args.filesChild = true; break;
			case '--file-mb': args.fileMb = Number(value()); break;
			case '--files-mode': args.filesMode = value() === 'asyncPoll' ? 'asyncPoll' : 'sync'; break;
			case '--sim-url': args.simUrl = value(); break;
			case '--concurrency': args.concurrency = positiveInt(flag, value()); break;
			case '--help': case '-h':
				console.log('usage: npm run bench -- [--reps 3] [--sim child|inproc] [--only ' + LEGS.join(',') + '] [--items 1000] [--serial-items 200] [--rss-items 10000] [--rss-latency 2] [--file-mb 10] [--build] [--n8n]');
				process.exit(0);
				break;
			default: throw new Error(`unknown argument ${argv[i]}`);
		}
	}
	return args;
}

// ---------------------------------------------------------------------------------------------
// statistics and output

const round = (value: number, digits: number) => Number(value.toFixed(digits));

// ---------------------------------------------------------------------------------------------
// the --n8n hook

/**
 * Measures any ItemRunner on the legs that go through a node (sync, limited, serial, poll),
 * `reps` times. The bench calls it with the engine runner; `--n8n` calls it with a runner built
 * by scripts/bench/n8nRunner.ts (not written yet: it should export
 * `createN8nRunners(sim: SimHandle): Promise<ItemRunner[]>`, e.g. our node and n8n's HTTP Request
 * node run by a real n8n, on top of scripts/e2e). Each runner's figures get their own table.
 */
export async function measureRunner(
	runner: ItemRunner,
	sim: SimHandle,
	cfg: BenchConfig,
	legs: Set<Leg>,
	log: (message: string) => void,
): Promise<Figures[]> {
	log(`${runner.name}: warming up`);
	await warmUp(runner, sim, cfg);
	const reps: Figures[] = [];
	for (let rep = 0; rep < cfg.reps; rep++) reps.push(await measureRep(runner, sim, cfg, legs, log, rep));
	return reps;
}

/** One repetition of the legs of one runner. */
async function measureRep(runner: ItemRunner, sim: SimHandle, cfg: BenchConfig, legs: Set<Leg>, log: (message: string) => void, rep: number): Promise<Figures> {
	const figures: Figures = {};
	if (legs.has('sync')) Object.assign(figures, await timedLeg(log, rep, 'no limit', () => unlimitedLeg(runner, sim, cfg, rep)));
	if (legs.has('limited')) Object.assign(figures, await timedLeg(log, rep, 'limit 10', () => limitedLeg(runner, sim, cfg, rep)));
	if (legs.has('serial')) Object.assign(figures, await timedLeg(log, rep, 'serial', () => serialLeg(runner, sim, cfg, rep)));
	if (legs.has('poll')) Object.assign(figures, await timedLeg(log, rep, 'asyncPoll', () => pollLeg(runner, sim, cfg)));
	return figures;
}

/**
 * --n8n: like measureRunner for several runners, but taking turns rep by rep (the first runner
 * first on even reps, last on odd ones), so that a slow patch of the shared machine lands on all
 * of them alike and their figures can be compared rep by rep.
 */
async function measureInTurn(runners: ItemRunner[], sim: SimHandle, cfg: BenchConfig, legs: Set<Leg>, log: (message: string) => void): Promise<Figures[][]> {
	for (const runner of runners) {
		log(`${runner.name}: warming up`);
		await warmUp(runner, sim, cfg);
	}
	const reps = runners.map(() => [] as Figures[]);
	for (let rep = 0; rep < cfg.reps; rep++) {
		const order = runners.map((_, i) => i);
		if (rep % 2 === 1) order.reverse();
		for (const i of order) {
			log(`rep ${rep + 1}: ${runners[i].name}`);
			reps[i].push(await measureRep(runners[i], sim, cfg, legs, log, rep));
		}
	}
	return reps;
}

async function timedLeg(log: (m: string) => void, rep: number, name: string, fn: () => Promise<Figures>): Promise<Figures> {
	const started = Date.now();
	const figures = await fn();
	log(`rep ${rep + 1} ${name} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return figures;
}

interface N8nModule {
	createN8nRunners?: (sim: SimHandle) => Promise<ItemRunner[]>;
	/** The legs the n8n runners run (default: the ones --only selects). */
	N8N_LEGS?: readonly Leg[];
	/** The --n8n figures, rep by rep, from the runners' figures (runner name → reps). */
	n8nSummary?: (reps: Record<string, Figures[]>) => Record<string, number[]>;
}

function n8nModule(): N8nModule {
	try {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		return require('./n8nRunner') as N8nModule;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && /n8nRunner/.test((error as Error).message)) return {};
		throw error;
	}
}

async function loadN8nRunners(sim: SimHandle): Promise<ItemRunner[]> {
	const factory = n8nModule().createN8nRunners;
	if (!factory) {
		throw new Error('--n8n: scripts/bench/n8nRunner.ts (exporting createN8nRunners(sim): Promise<ItemRunner[]>) does not exist yet');
	}
	return await factory(sim);
}

// ---------------------------------------------------------------------------------------------
// the RSS leg's own process

async function rssChild(args: Args): Promise<void> {
	if (!args.simUrl) throw new Error('--rss-child needs --sim-url');
	const sim = attachSimulator(args.simUrl);
	const runner = engineRunner(sim.url);
	const count = args.items ?? 10_000;
	// Load everything and warm up on a few items, then take the baseline: growth is what scales with items.
	await runner.run({ items: syncItems(20), mode: 'sync', concurrency: args.concurrency, continueOnFail: false });
	const items = syncItems(count);
	const gc = (globalThis as { gc?: () => void }).gc;
	gc?.();
	await new Promise((resolve) => setTimeout(resolve, 100));
	gc?.();
	const baseline = process.memoryUsage().rss;
	const heapBefore = process.memoryUsage().heapUsed;
	let peak = baseline;
	const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
	const outcome = await runner.run({ items, mode: 'sync', concurrency: args.concurrency, continueOnFail: false });
	peak = Math.max(peak, process.memoryUsage().rss);
	clearInterval(timer);
	if (outcome.items !== count || outcome.errors) throw new Error(`RSS run: ${outcome.items} items, ${outcome.errors} errors (${outcome.firstError})`);
	// What is left once the run's output is dropped and garbage collected: a leak check.
	gc?.();
	const heapAfter = process.memoryUsage().heapUsed;
	const mb = (bytes: number) => bytes / 1024 / 1024;
	process.stdout.write(
		`${JSON.stringify({ rssBaselineMb: mb(baseline), rssPeakMb: mb(peak), rssGrowthMb: mb(peak - baseline), rssRunMs: outcome.ms, heapRetainedMb: mb(heapAfter - heapBefore) })}\n`,
	);
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	if (args.rssChild) return await rssChild(args);
	if (args.filesChild) {
		if (!args.simUrl) throw new Error('--files-child needs --sim-url');
		return await fileMemoryChild(args.simUrl, { items: args.items ?? 40, concurrency: args.concurrency ?? 5, fileMb: args.fileMb, mode: args.filesMode });
	}

	const t0 = Date.now();
	const log = (message: string) => process.stderr.write(`[bench] ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s ${message}\n`);
	const warnings: string[] = [];

	if (args.only.has('pack') || args.only.has('require') ) {
		const stale = ensureDist(args.build);
		if (stale) warnings.push(stale);
	}

	const sim = await startSimulator(args.sim, { latencyMs: args.latencyMs });
	log(`simulator (${sim.mode}) at ${sim.url}, latency ${args.latencyMs} ms; ${args.reps} rep(s)`);
	const perRunner: Array<{ runner: ItemRunner; reps: Figures[] }> = [];
	const runners: ItemRunner[] = [];
	try {
		const runner = engineRunner(sim.url);
		runners.push(runner, ...(args.n8n ? await loadN8nRunners(sim) : []));
		const nodeLegs = new Set([...args.only].filter((leg) => ['sync', 'limited', 'serial', 'poll'].includes(leg)));
		perRunner.push({ runner, reps: nodeLegs.size ? await measureRunner(runner, sim, args, nodeLegs, log) : [] });
		if (runners.length > 1) {
			const n8nLegs = n8nModule().N8N_LEGS ? new Set(n8nModule().N8N_LEGS) : nodeLegs;
			const reps = n8nLegs.size ? await measureInTurn(runners.slice(1), sim, args, n8nLegs, log) : [];
			runners.slice(1).forEach((each, i) => perRunner.push({ runner: each, reps: reps[i] ?? [] }));
		}
		const main = perRunner[0].reps;
		for (let rep = 0; rep < args.reps; rep++) {
			main[rep] ??= {};
			if (args.only.has('rss')) {
				await sim.configure({ latencyMs: args.rssLatencyMs, maxInFlight: null });
				await sim.reset();
				const entry = path.join(__dirname, 'bench.js');
				Object.assign(main[rep], await timedLeg(log, rep, `RSS (${args.rssItems} items)`, () => rssInChild(entry, sim.url, args.rssItems, args.rssConcurrency)));
				await sim.reset();
				await sim.configure({ latencyMs: args.latencyMs });
			}
			if (args.only.has('files')) {
				const entry = path.join(__dirname, 'bench.js');
				Object.assign(main[rep], await timedLeg(log, rep, `files (${args.fileMb} MB each)`, () => fileMemoryLeg(entry, sim, args.fileMb, 5)));
				await sim.configure({ latencyMs: args.latencyMs });
			}
			if (args.only.has('require')) {
				const samples = [];
				for (let i = 0; i < 3; i++) samples.push(await requireTimes());
				Object.assign(main[rep], {
					requireMs: median(samples.map((s) => s.requireMs)),
					requireOwnMs: median(samples.map((s) => s.requireOwnMs)),
					requireN8nWorkflowMs: median(samples.map((s) => s.requireN8nWorkflowMs)),
				});
			}
		}
		if (args.only.has('pack')) Object.assign(main[0], await packSize());
	} finally {
		await sim.stop();
		for (const runner of runners) await runner.close?.();
	}

	console.log(
		`\nGPTBots Workflow node benchmark — ${args.reps} rep(s), medians; simulator in ${args.sim === 'child' ? 'a child process' : 'this process'}, ` +
			`latency ${args.latencyMs} ms; Node ${process.version}, ${require('os').cpus().length} CPU(s)`,
	);
	console.log(
		`Sync legs: ${args.syncItems} items. Serial leg: ${args.serialItems} items at concurrency 1, compared per item with ${args.syncItems} items at the default concurrency (20).\n` +
			`Limit leg: simulator maxInFlight ${args.limit}, 429 + Retry-After ${args.retryAfterSeconds} s beyond; node on default options with continueOnFail.\n` +
			`asyncPoll: ${args.pollRuns} runs of ${args.pollMinMs}–${args.pollMaxMs} ms (shuffled), Poll Interval ${args.pollIntervalSeconds} s, other options default.\n` +
			`RSS: ${args.rssItems} items, concurrency ${args.rssConcurrency}, simulator latency ${args.rssLatencyMs} ms, fresh process, baseline after a 20-item warm-up and gc (input items already built).\n` +
			`requireMs: cold require of dist/nodes/GptBots/GptBotsWorkflow.node.js in a fresh node process (start-up excluded), n8n-workflow included; median of 3 per rep.`,
	);
	const medians: Record<string, number>[] = [];
	for (const { runner, reps } of perRunner) medians.push(printTable(runner.name, collect(reps)));
	const n8nReps = perRunner.length > 1 ? n8nModule().n8nSummary?.(Object.fromEntries(perRunner.map(({ runner, reps }) => [runner.name, reps]))) : undefined;
	const n8nFigures = n8nReps ? printTable("--n8n: the nodes' own executionTime in n8n, rep by rep (runners taking turns)", n8nReps) : undefined;
	for (const warning of warnings) console.log(`WARNING: ${warning}`);
	console.log(`total ${((Date.now() - t0) / 1000).toFixed(0)} s`);

	const m = medians[0];
	const keys = ['syncRatioVsFetch', 'rateLimitedRatio', 'rateLimitedErrors', 'speedupVsSerial', 'pollTotalVsSlowest', 'pollsPerRun', 'rssGrowthMb', 'tarballKb', 'requireMs'];
	const summary: Record<string, unknown> = {};
	for (const key of keys) if (m[key] !== undefined) summary[key] = round(m[key], 3);
	for (const [key, value] of Object.entries(m)) if (!(key in summary)) summary[key] = round(value, 3);
	if (n8nFigures) for (const [key, value] of Object.entries(n8nFigures)) summary[key] = round(value, 3);
	summary.reps = args.reps;
	summary.sim = args.sim;
	if (perRunner.length > 1) summary.runners = Object.fromEntries(perRunner.slice(1).map(({ runner }, i) => [runner.name, medians[i + 1]]));
	console.log(JSON.stringify(summary));
}

main().then(
	// keep-alive sockets and the engine's timers would otherwise hold the process for a while
	() => process.exit(0),
	(error: Error) => {
		console.error(error.stack ?? error.message);
		process.exit(1);
	},
);
