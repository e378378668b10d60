/**
 * Shared by the reliability suites: the figures the summary reporter prints, a capture of
 * everything n8n could log during a run, and a secret scanner. The engine fixture
 * (test/engine/fixture.ts) is imported by the suites, not copied.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { inspect } from 'util';
import { LoggerProxy } from 'n8n-workflow';

// ---- figures -------------------------------------------------------------------------------

export interface Figures {
	itemsIn: number;
	itemsOut: number;
	runsDoubled: number;
	leaksFound: number;
	badInputsTried: number;
}

const ROOT = path.resolve(__dirname, '..', '..');

/** Where the tests leave their figures; summaryReporter.js computes the same path. */
export const FIGURES_DIR = path.join(
	os.tmpdir(),
	`n8n-nodes-gptbots-reliability-${createHash('sha1').update(ROOT).digest('hex').slice(0, 12)}`,
);

function figuresFile(): string {
	const testPath = expect.getState().testPath ?? 'unknown';
	return path.join(
		FIGURES_DIR,
		`${createHash('sha1').update(testPath).digest('hex').slice(0, 16)}-${process.pid}.json`,
	);
}

/** Adds to this test file's figures (read-modify-write of its own file: no other writer). */
export function addFigures(partial: Partial<Figures>): void {
	fs.mkdirSync(FIGURES_DIR, { recursive: true });
	const file = figuresFile();
	const current: Figures = fs.existsSync(file)
		? (JSON.parse(fs.readFileSync(file, 'utf8')) as Figures)
		: { itemsIn: 0, itemsOut: 0, runsDoubled: 0, leaksFound: 0, badInputsTried: 0 };
	for (const [key, value] of Object.entries(partial) as Array<[keyof Figures, number]>)
		current[key] += value;
	fs.writeFileSync(file, JSON.stringify(current));
}

// ---- what n8n could log --------------------------------------------------------------------

/** Each log call twice: in full, and with the node's `parameters` left out (see the leak suite). */
const logged: Array<{ full: string; withoutParameters: string }> = [];
function withoutParameters(value: unknown, seen = new WeakSet<object>()): unknown {
	if (value === null || typeof value !== 'object') return value;
	if (seen.has(value)) return '[circular]';
	seen.add(value);
	if (value instanceof Error) {
		return {
			...(withoutParameters({ ...value }, seen) as object),
			message: value.message,
			stack: value.stack,
		};
	}
	if (Array.isArray(value)) return value.map((entry) => withoutParameters(entry, seen));
	return Object.fromEntries(
		Object.entries(value).map(([key, entry]) => [
			key,
			key === 'parameters' ? '[node parameters]' : withoutParameters(entry, seen),
		]),
	);
}
const record = (level: string) => (message: string, meta?: unknown) =>
	void logged.push({
		full: `${level} ${message} ${inspect(meta, { depth: 8 })}`,
		withoutParameters: `${level} ${message} ${inspect(withoutParameters(meta), { depth: 8 })}`,
	});
const capturingLogger = {
	error: record('error'),
	warn: record('warn'),
	info: record('info'),
	debug: record('debug'),
};

export interface Capture {
	/**
	 * Everything logged since the capture started: LoggerProxy, console, stdout and stderr.
	 * `withoutParameters`: LoggerProxy metadata with the node's parameters left out.
	 */
	text(withoutParameters?: boolean): string;
	/** How many LoggerProxy calls were seen (proves the capture is wired to n8n-core). */
	loggerCalls(): number;
	stop(): void;
}

/**
 * Captures, until stop(): n8n-core's LoggerProxy (what n8n's own logger would receive, at every
 * level), console.* and raw writes to process.stdout / process.stderr.
 */
export function captureLogs(): Capture {
	LoggerProxy.init(capturingLogger);
	const start = logged.length;
	const chunks: string[] = [];
	const stdoutWrite = process.stdout.write.bind(process.stdout);
	const stderrWrite = process.stderr.write.bind(process.stderr);
	const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
	const originals = methods.map((name) => console[name]);
	const hook =
		(write: typeof process.stdout.write) =>
		(chunk: unknown, ...rest: unknown[]): boolean => {
			chunks.push(
				typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'),
			);
			return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
		};
	process.stdout.write = hook(stdoutWrite) as typeof process.stdout.write;
	process.stderr.write = hook(stderrWrite) as typeof process.stderr.write;
	methods.forEach((name) => {
		console[name] = (...args: unknown[]) =>
			void chunks.push(args.map((arg) => inspect(arg, { depth: 8 })).join(' '));
	});
	return {
		text: (plain = false) =>
			[
				...logged.slice(start).map((entry) => (plain ? entry.withoutParameters : entry.full)),
				...chunks,
			].join('\n'),
		loggerCalls: () => logged.length - start,
		stop: () => {
			process.stdout.write = stdoutWrite;
			process.stderr.write = stderrWrite;
			methods.forEach((name, i) => {
				console[name] = originals[i];
			});
		},
	};
}

// ---- secrets -------------------------------------------------------------------------------

/** Occurrences of each secret in each text. */
export function countLeaks(
	texts: Record<string, string>,
	secrets: string[],
): Array<{ where: string; secret: string; count: number }> {
	const found: Array<{ where: string; secret: string; count: number }> = [];
	for (const [where, text] of Object.entries(texts)) {
		for (const secret of secrets) {
			const count = text.split(secret).length - 1;
			if (count > 0) found.push({ where, secret, count });
		}
	}
	return found;
}

/** Where a run of `n` or more characters of `secret` shows up in `text` (a partial leak). */
export function partialLeak(text: string, secret: string, n = 8): string | undefined {
	for (let i = 0; i + n <= secret.length; i++) {
		const piece = secret.slice(i, i + n);
		if (text.includes(piece)) return piece;
	}
	return undefined;
}

export const itemKey = (i: number) => `item-${String(i).padStart(4, '0')}`;
