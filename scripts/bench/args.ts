/** The bench's command line. */
import type { BenchConfig } from './legs';
import { DEFAULT_CONFIG } from './legs';
import type { SimMode } from './sim';

export const LEGS = [
	'sync',
	'limited',
	'serial',
	'poll',
	'rss',
	'files',
	'pack',
	'require',
	'trigger',
	'agent',
	'stream',
] as const;
export type Leg = (typeof LEGS)[number];

export type N8nLineName = 'legacy' | 'current';

export interface Args extends BenchConfig {
	sim: SimMode;
	only: Set<Leg>;
	rssItems: number;
	rssLatencyMs: number;
	/** The RSS leg's second measurement (and its floor's): at this concurrency; the first is at default options. */
	rssConcurrency: number;
	build: boolean;
	n8n: boolean;
	/** --n8n-line legacy|current|all: the n8n lines the --n8n legs run on. */
	n8nLines: N8nLineName[];
	/** Stream leg (--n8n): pieces of the streamed answer, and their pace. */
	streamPieces: number;
	streamPieceMs: number;
	/** Trigger leg: unique run ids per side (each delivered once, 20 % of them twice). */
	triggerRuns: number;
	/** Trigger leg: the trigger's Options collection, e.g. {"dedupe": false} to see what de-duplication costs. */
	triggerOptions: Record<string, unknown>;
	/** Trigger leg: run ids already in the trigger's store at the start (default: its capacity, 2,000). */
	triggerPrefill?: number;
	/** Trigger leg: extra environment for `n8n start`, e.g. {"NODE_OPTIONS": "--cpu-prof --cpu-prof-dir=/tmp/prof"}. */
	triggerN8nEnv: Record<string, string>;
	rssChild: boolean;
	/** internal: the files leg's fresh process */
	filesChild: boolean;
	/** Files leg: size of each file, in MB. */
	fileMb: number;
	filesMode: 'sync' | 'asyncPoll';
	/** internal: the RSS child runs the floor instead of the node */
	rssFloor: boolean;
	simUrl?: string;
	items?: number;
	concurrency?: number;
}

export function parseArgs(argv: string[]): Args {
	const args: Args = {
		...DEFAULT_CONFIG,
		sim: 'child',
		only: new Set(LEGS),
		rssItems: 10_000,
		rssLatencyMs: 2,
		rssConcurrency: 100,
		build: false,
		n8n: false,
		n8nLines: ['legacy'],
		triggerRuns: 1000,
		streamPieces: 200,
		streamPieceMs: 20,
		triggerOptions: {},
		triggerN8nEnv: {},
		rssChild: false,
		filesChild: false,
		fileMb: 10,
		filesMode: 'sync',
		rssFloor: false,
	};
	const positiveInt = (flag: string, raw: string) => {
		const value = Number(raw);
		if (!Number.isInteger(value) || value < 1)
			throw new Error(`${flag} needs a whole number ≥ 1, got ${raw}`);
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
			case '--reps':
				args.reps = positiveInt(flag, value());
				break;
			case '--sim': {
				const mode = value();
				if (mode !== 'child' && mode !== 'inproc') throw new Error('--sim must be child or inproc');
				args.sim = mode;
				break;
			}
			case '--only': {
				const legs = value()
					.split(',')
					.map((s) => s.trim())
					.filter(Boolean);
				const unknown = legs.filter((leg) => !LEGS.includes(leg as Leg));
				if (unknown.length)
					throw new Error(
						`--only: unknown leg(s) ${unknown.join(', ')}; known: ${LEGS.join(', ')}`,
					);
				args.only = new Set(legs as Leg[]);
				break;
			}
			case '--items':
				args.syncItems = positiveInt(flag, value());
				args.items = args.syncItems;
				break;
			case '--serial-items':
				args.serialItems = positiveInt(flag, value());
				break;
			case '--rss-items':
				args.rssItems = positiveInt(flag, value());
				break;
			case '--rss-latency':
				args.rssLatencyMs = Number(value());
				break;
			case '--rss-concurrency':
				args.rssConcurrency = positiveInt(flag, value());
				break;
			case '--build':
				args.build = true;
				break;
			case '--n8n':
				args.n8n = true;
				break;
			case '--n8n-line': {
				const line = value();
				if (line !== 'legacy' && line !== 'current' && line !== 'all')
					throw new Error('--n8n-line must be legacy, current or all');
				args.n8nLines = line === 'all' ? ['legacy', 'current'] : [line];
				args.n8n = true;
				break;
			}
			case '--stream-pieces':
				args.streamPieces = positiveInt(flag, value());
				break;
			case '--stream-piece-ms':
				args.streamPieceMs = Number(value());
				break;
			case '--trigger-runs':
				args.triggerRuns = positiveInt(flag, value());
				break;
			case '--trigger-n8n-env':
				args.triggerN8nEnv = JSON.parse(value()) as Record<string, string>;
				break;
			case '--trigger-prefill':
				args.triggerPrefill = Number(value());
				break;
			case '--trigger-options':
				args.triggerOptions = JSON.parse(value()) as Record<string, unknown>;
				break;
			// internal: the RSS leg's fresh process
			case '--rss-child':
				args.rssChild = true;
				break;
			case '--rss-floor':
				args.rssFloor = true;
				break;
			case '--files-child':
				args.filesChild = true;
				break;
			case '--file-mb':
				args.fileMb = Number(value());
				break;
			case '--files-mode':
				args.filesMode = value() === 'asyncPoll' ? 'asyncPoll' : 'sync';
				break;
			case '--sim-url':
				args.simUrl = value();
				break;
			case '--concurrency':
				args.concurrency = positiveInt(flag, value());
				break;
			case '--help':
			case '-h':
				console.log(
					'usage: npm run bench -- [--reps 3] [--sim child|inproc] [--only ' +
						LEGS.join(',') +
						'] [--items 1000] [--serial-items 200] [--rss-items 10000] [--rss-latency 2] [--rss-concurrency 100] [--file-mb 10] [--build] [--n8n] [--n8n-line legacy|current|all] [--trigger-runs 1000] [--trigger-options JSON] [--trigger-prefill 2000] [--trigger-n8n-env JSON]',
				);
				process.exit(0);
				break;
			default:
				throw new Error(`unknown argument ${argv[i]}`);
		}
	}
	return args;
}
