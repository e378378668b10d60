/** Figures measured outside the bench process: tarball size, cold require time, RSS growth. */
import { execFile, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';

import { REPO } from '../lib/constants';

const execFileAsync = promisify(execFile);
const NODE_FILE = path.join(REPO, 'dist', 'nodes', 'GptBots', 'GptBotsWorkflow.node.js');

function newestMtime(dir: string, pattern: RegExp): number {
	let newest = 0;
	if (!fs.existsSync(dir)) return 0;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full, pattern));
		else if (pattern.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
	}
	return newest;
}

/** Builds dist when missing (or when asked); returns a warning when dist is older than the sources. */
export function ensureDist(forceBuild: boolean): string | undefined {
	if (forceBuild || !fs.existsSync(NODE_FILE)) {
		execFileSync('npm', ['run', 'build'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
	}
	const sources = Math.max(
		newestMtime(path.join(REPO, 'nodes'), /\.ts$/),
		newestMtime(path.join(REPO, 'credentials'), /\.ts$/),
	);
	const built = newestMtime(path.join(REPO, 'dist'), /\.js$/);
	return sources > built
		? 'dist/ is older than nodes/ or credentials/ sources: tarballKb and requireMs measure the old build (use --build)'
		: undefined;
}

export interface PackFigures {
	tarballKb: number;
	unpackedKb: number;
	files: number;
}

export async function packSize(): Promise<PackFigures> {
	const { stdout } = await execFileAsync(
		'npm',
		['pack', '--dry-run', '--json', '--ignore-scripts'],
		{ cwd: REPO, maxBuffer: 16 << 20 },
	);
	const [pack] = JSON.parse(stdout) as Array<{
		size: number;
		unpackedSize: number;
		entryCount: number;
	}>;
	return {
		tarballKb: pack.size / 1024,
		unpackedKb: pack.unpackedSize / 1024,
		files: pack.entryCount,
	};
}

/**
 * Cold `require` of the built node in a fresh `node` process, timed inside that process
 * (process start-up excluded). `total`: the node file alone, so n8n-workflow (which it
 * imports) is loaded too, as on a cold start. `own`: n8n-workflow first (n8n has always loaded
 * it already), then the node file: the node's own modules.
 */
export async function requireTimes(): Promise<{
	requireMs: number;
	requireOwnMs: number;
	requireN8nWorkflowMs: number;
}> {
	const script = `
		const t = () => Number(process.hrtime.bigint()) / 1e6;
		const preload = process.argv[1] === 'preload';
		let t0 = t();
		if (preload) require(require.resolve('n8n-workflow', { paths: [${JSON.stringify(REPO)}] }));
		const t1 = t();
		require(${JSON.stringify(NODE_FILE)});
		const t2 = t();
		process.stdout.write(JSON.stringify({ workflow: t1 - t0, node: t2 - t1 }));`;
	const once = async (mode: string) =>
		JSON.parse(
			(await execFileAsync(process.execPath, ['-e', script, mode], { cwd: REPO })).stdout,
		) as { workflow: number; node: number };
	const cold = await once('cold');
	const split = await once('preload');
	return { requireMs: cold.node, requireOwnMs: split.node, requireN8nWorkflowMs: split.workflow };
}

/**
 * Runs this bench's script again in a fresh `node --expose-gc` process with `args` (a leg's child
 * mode): its memory baseline is clean. Resolves the JSON object the child prints last.
 */
export async function benchChild(
	label: string,
	entry: string,
	args: string[],
): Promise<Record<string, number>> {
	return await new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--expose-gc', entry, ...args], {
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let out = '';
		child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
		child.once('error', reject);
		child.once('exit', (code) => {
			if (code !== 0) return reject(new Error(`${label} child exited with ${code}: ${out}`));
			try {
				resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as Record<string, number>);
			} catch (error) {
				reject(error as Error);
			}
		});
	});
}

/** Runs the RSS leg in a fresh process (this bench's script with --rss-child): its baseline is clean. */
export async function rssInChild(
	entry: string,
	simUrl: string,
	items: number,
	concurrency: number | undefined,
	floor = false,
): Promise<Record<string, number>> {
	return await benchChild('RSS', entry, [
		'--rss-child',
		'--sim-url',
		simUrl,
		'--items',
		String(items),
		...(concurrency === undefined ? [] : ['--concurrency', String(concurrency)]),
		...(floor ? ['--rss-floor'] : []),
	]);
}
