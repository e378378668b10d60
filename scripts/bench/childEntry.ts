/**
 * What bench.js does when a leg starts it as its own child process, so that the leg's memory is
 * measured in a fresh process: `--rss-child` (the RSS leg, static.ts `rssInChild`) and
 * `--files-child` (the files leg, fileMemory.ts). Each prints one JSON line of figures.
 */
import type { Args } from './args';
import { fileMemoryChild } from './fileMemory';
import { syncItems } from './legs';
import { engineRunner } from './runners';
import { attachSimulator } from './sim';

/** Runs the child leg the flags ask for; false if bench.js was not started as a child. */
export async function runAsChild(args: Args): Promise<boolean> {
	if (args.rssChild) {
		await rssChild(args);
		return true;
	}
	if (args.filesChild) {
		if (!args.simUrl) throw new Error('--files-child needs --sim-url');
		await fileMemoryChild(args.simUrl, {
			items: args.items ?? 40,
			concurrency: args.concurrency ?? 5,
			fileMb: args.fileMb,
			mode: args.filesMode,
		});
		return true;
	}
	return false;
}

/** The RSS leg's process: a warm-up, the baseline, then one measured run of `--items` items. */

async function rssChild(args: Args): Promise<void> {
	if (!args.simUrl) throw new Error('--rss-child needs --sim-url');
	const sim = attachSimulator(args.simUrl);
	const node = engineRunner(sim.url);
	const runner = args.rssFloor ? node.floor! : node;
	const count = args.items ?? 10_000;
	// Load everything and warm up on a few items, then take the baseline: growth is what scales with items.
	await runner.run({
		items: syncItems(20),
		mode: 'sync',
		concurrency: args.concurrency,
		continueOnFail: false,
	});
	const items = syncItems(count);
	const gc = (globalThis as { gc?: () => void }).gc;
	gc?.();
	await new Promise((resolve) => setTimeout(resolve, 100));
	gc?.();
	const baseline = process.memoryUsage().rss;
	const heapBefore = process.memoryUsage().heapUsed;
	let peak = baseline;
	const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
	const outcome = await runner.run({
		items,
		mode: 'sync',
		concurrency: args.concurrency,
		continueOnFail: false,
	});
	peak = Math.max(peak, process.memoryUsage().rss);
	clearInterval(timer);
	if (outcome.items !== count || outcome.errors)
		throw new Error(
			`RSS run: ${outcome.items} items, ${outcome.errors} errors (${outcome.firstError})`,
		);
	// What is left once the run's output is dropped and garbage collected: a leak check.
	gc?.();
	const heapAfter = process.memoryUsage().heapUsed;
	const mb = (bytes: number) => bytes / 1024 / 1024;
	process.stdout.write(
		`${JSON.stringify({ rssBaselineMb: mb(baseline), rssPeakMb: mb(peak), rssGrowthMb: mb(peak - baseline), rssRunMs: outcome.ms, heapRetainedMb: mb(heapAfter - heapBefore) })}\n`,
	);
}
