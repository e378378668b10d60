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

import type { Args, Leg } from './args';
import { parseArgs } from './args';
import type { BenchConfig, Figures } from './legs';
import { limitedLeg, pollLeg, serialLeg, unlimitedLeg, warmUp } from './legs';
import { createN8nRunners, lineVersion, N8N_LEGS, n8nSummary } from './n8nRunner';
import type { ItemRunner } from './runners';
import { engineRunner } from './runners';
import { collect, median, printTable, round } from './report';
import type { SimHandle } from './sim';
import { startSimulator } from './sim';
import { ensureDist, packSize, requireTimes, rssInChild } from './static';
import { fileMemoryLeg } from './fileMemory';
import { runAsChild } from './childEntry';
import { SETTINGS_PASSES } from './settingsPasses';
import { knowsSettings, triggerThroughput } from './triggerLeg';
import { agentLeg, agentRunner } from './agentLeg';
import { percentile, startStreamN8n, streamRep } from './streamLeg';

// ---------------------------------------------------------------------------------------------
// runners and their legs

/**
 * Measures any ItemRunner on the legs that go through a node (sync, limited, serial, poll),
 * `reps` times. Each runner's figures get their own table.
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
	for (let rep = 0; rep < cfg.reps; rep++)
		reps.push(await measureRep(runner, sim, cfg, legs, log, rep));
	return reps;
}

/** One repetition of the legs of one runner. */
async function measureRep(
	runner: ItemRunner,
	sim: SimHandle,
	cfg: BenchConfig,
	legs: Set<Leg>,
	log: (message: string) => void,
	rep: number,
): Promise<Figures> {
	const figures: Figures = {};
	if (legs.has('sync'))
		Object.assign(
			figures,
			await timedLeg(log, rep, 'no limit', () => unlimitedLeg(runner, sim, cfg, rep)),
		);
	if (legs.has('limited'))
		Object.assign(
			figures,
			await timedLeg(log, rep, 'limit 10', () => limitedLeg(runner, sim, cfg, rep)),
		);
	if (legs.has('serial'))
		Object.assign(
			figures,
			await timedLeg(log, rep, 'serial', () => serialLeg(runner, sim, cfg, rep)),
		);
	if (legs.has('poll'))
		Object.assign(
			figures,
			await timedLeg(log, rep, 'asyncPoll', () => pollLeg(runner, sim, cfg, rep)),
		);
	return figures;
}

/**
 * --n8n: like measureRunner for several runners, but taking turns rep by rep (the first runner
 * first on even reps, last on odd ones), so that a slow patch of the shared machine lands on all
 * of them alike and their figures can be compared rep by rep.
 */
async function measureInTurn(
	runners: ItemRunner[],
	sim: SimHandle,
	cfg: BenchConfig,
	legs: Set<Leg>,
	log: (message: string) => void,
): Promise<Figures[][]> {
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

async function timedLeg<T>(
	log: (m: string) => void,
	rep: number,
	name: string,
	fn: () => Promise<T>,
): Promise<T> {
	const started = Date.now();
	const figures = await fn();
	log(`rep ${rep + 1} ${name} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return figures;
}

/**
 * The stream leg on one n8n line: per rep, every piece's overhead through n8n's chat and through
 * a bare SSE client (streamLeg.ts), as median and p95.
 */
async function streamLegOnLine(
	line: 'legacy' | 'current',
	sim: SimHandle,
	args: Args,
	log: (message: string) => void,
): Promise<Record<string, number[]>> {
	const cfg = { pieces: args.streamPieces, pieceMs: args.streamPieceMs };
	const n8n = await startStreamN8n(line, sim, cfg, log);
	const out: Record<string, number[]> = {};
	const put = (key: string, value: number) => (out[key] ??= []).push(value);
	try {
		await sim.configure({ latencyMs: 0, maxInFlight: null });
		await streamRep(n8n, sim, { ...cfg, pieces: 20 }, -1); // unmeasured: loads both paths
		for (let rep = 0; rep < args.reps; rep++) {
			const { viaN8n, bare } = await timedLeg(log, rep, `stream (${cfg.pieces} pieces)`, () =>
				streamRep(n8n, sim, cfg, rep),
			);
			put('streamOverheadMedianMs', median(viaN8n));
			put('streamOverheadP95Ms', percentile(viaN8n, 95));
			put('streamBareMedianMs', median(bare));
			put('streamBareP95Ms', percentile(bare, 95));
			put('streamPieces', viaN8n.length);
		}
	} finally {
		await n8n.stop();
		await sim.configure({ latencyMs: args.latencyMs });
	}
	return out;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	if (await runAsChild(args)) return;

	const t0 = Date.now();
	const log = (message: string) =>
		process.stderr.write(
			`[bench] ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s ${message}\n`,
		);
	const warnings: string[] = [];

	if (args.only.has('pack') || args.only.has('require')) {
		const stale = ensureDist(args.build);
		if (stale) warnings.push(stale);
	}

	const sim = await startSimulator(args.sim, { latencyMs: args.latencyMs });
	log(`simulator (${sim.mode}) at ${sim.url}, latency ${args.latencyMs} ms; ${args.reps} rep(s)`);
	const perRunner: Array<{ runner: ItemRunner; reps: Figures[] }> = [];
	const runners: ItemRunner[] = [];
	/** Per n8n version: the --n8n figures rep by rep (node vs HTTP Request node, trigger vs Webhook node). */
	const n8nReps: Record<string, Record<string, number[]>> = {};
	try {
		const runner = engineRunner(sim.url);
		runners.push(runner);
		const nodeLegs = new Set(
			[...args.only].filter((leg) => ['sync', 'limited', 'serial', 'poll'].includes(leg)),
		);
		perRunner.push({
			runner,
			reps: nodeLegs.size ? await measureRunner(runner, sim, args, nodeLegs, log) : [],
		});
		for (const line of args.n8n ? args.n8nLines : []) {
			const version = lineVersion(line);
			n8nReps[version] = {};
			if (args.only.has('sync') || args.only.has('limited')) {
				const { node, http } = createN8nRunners(sim, line);
				runners.push(node, http);
				const [nodeReps, httpReps] = await measureInTurn(
					[node, http],
					sim,
					args,
					new Set(N8N_LEGS),
					log,
				);
				perRunner.push({ runner: node, reps: nodeReps }, { runner: http, reps: httpReps });
				Object.assign(n8nReps[version], n8nSummary(nodeReps, httpReps));
			}
			if (args.only.has('stream')) {
				const figures = await streamLegOnLine(line, sim, args, log);
				Object.assign(n8nReps[version], figures);
				// The first line's figures are also the JSON line's top-level stream figures.
				if (line === args.n8nLines[0])
					figures.streamOverheadMedianMs.forEach((_, rep) => {
						perRunner[0].reps[rep] ??= {};
						for (const [key, values] of Object.entries(figures))
							perRunner[0].reps[rep][key] = values[rep];
					});
			}
			if (args.only.has('trigger')) {
				Object.assign(n8nReps[version], await triggerThroughput(line, args, log));
				for (const pass of SETTINGS_PASSES) {
					if (!(await knowsSettings(line, pass))) continue;
					const figures = await triggerThroughput(line, args, log, pass.env);
					for (const [key, values] of Object.entries(figures))
						n8nReps[version][`${key}${pass.suffix}`] = values;
				}
			}
		}
		const main = perRunner[0].reps;
		const agent = args.only.has('agent') ? await agentRunner(sim, args) : undefined;
		for (let rep = 0; rep < args.reps; rep++) {
			main[rep] ??= {};
			if (agent)
				Object.assign(
					main[rep],
					await timedLeg(log, rep, 'agent: node vs floor', () => agentLeg(agent, sim, args, rep)),
				);
			if (args.only.has('rss')) {
				await sim.configure({ latencyMs: args.rssLatencyMs, maxInFlight: null });
				await sim.reset();
				const entry = path.join(__dirname, 'bench.js');
				const rss = async (
					label: string,
					concurrency: number | undefined,
					floor: boolean,
					prefix: string,
				) => {
					const figures = await timedLeg(log, rep, `RSS ${label} (${args.rssItems} items)`, () =>
						rssInChild(entry, sim.url, args.rssItems, concurrency, floor),
					);
					for (const [key, value] of Object.entries(figures))
						main[rep][key.replace(/^rss|^heap/, (m) => `${m}${prefix}`)] = value;
				};
				// At default options (the goal), then at a high concurrency beside the bare helper loop there.
				await rss('node, default options', undefined, false, '');
				await rss(`node, concurrency ${args.rssConcurrency}`, args.rssConcurrency, false, 'AtHigh');
				await rss(
					`floor, concurrency ${args.rssConcurrency}`,
					args.rssConcurrency,
					true,
					'FloorAtHigh',
				);
				await sim.reset();
				await sim.configure({ latencyMs: args.latencyMs });
			}
			if (args.only.has('files')) {
				const entry = path.join(__dirname, 'bench.js');
				Object.assign(
					main[rep],
					await timedLeg(log, rep, `files (${args.fileMb} MB each)`, () =>
						fileMemoryLeg(entry, sim, args.fileMb, 5),
					),
				);
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
			`RSS: ${args.rssItems} items at default options (Concurrency 20), and at concurrency ${args.rssConcurrency} beside the floor; simulator latency ${args.rssLatencyMs} ms, fresh process, baseline after a 20-item warm-up and gc (input items already built).\n` +
			`requireMs: cold require of dist/nodes/GptBots/GptBotsWorkflow.node.js in a fresh node process (start-up excluded), n8n-workflow included; median of 3 per rep.`,
	);
	const medians: Record<string, number>[] = [];
	for (const { runner, reps } of perRunner) medians.push(printTable(runner.name, collect(reps)));
	const n8nFigures: Record<string, Record<string, number>> = {};
	for (const [version, reps] of Object.entries(n8nReps)) {
		n8nFigures[version] = printTable(
			`--n8n, n8n ${version}: the nodes' own executionTime and the triggers' deliveries/s, rep by rep (taking turns)`,
			reps,
		);
	}
	for (const warning of warnings) console.log(`WARNING: ${warning}`);
	console.log(`total ${((Date.now() - t0) / 1000).toFixed(0)} s`);

	const m = medians[0];
	const keys = [
		'floorRatio',
		'agentFloorRatio',
		'streamOverheadMedianMs',
		'streamOverheadP95Ms',
		'syncRatioVsFetch',
		'rateLimitedRatio',
		'rateLimitedErrors',
		'speedupVsSerial',
		'pollTotalVsSlowest',
		'pollsPerRun',
		'rssGrowthMb',
		'tarballKb',
		'requireMs',
	];
	const summary: Record<string, unknown> = {};
	for (const key of keys) if (m[key] !== undefined) summary[key] = round(m[key], 3);
	for (const [key, value] of Object.entries(m))
		if (!(key in summary)) summary[key] = round(value, 3);
	if (Object.keys(n8nFigures).length) {
		summary.n8n = Object.fromEntries(
			Object.entries(n8nFigures).map(([version, figures]) => [
				version,
				Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, round(v, 3)])),
			]),
		);
	}
	summary.reps = args.reps;
	summary.sim = args.sim;
	if (perRunner.length > 1)
		summary.runners = Object.fromEntries(
			perRunner.slice(1).map(({ runner }, i) => [runner.name, medians[i + 1]]),
		);
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
