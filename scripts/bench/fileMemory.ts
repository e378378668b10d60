/**
 * The files leg: peak RSS while items each send a 10 MB file (Start-node type `file`), measured
 * in a fresh process per run, for 20 and for 40 items at Concurrency 5 (sync), and 40 items with
 * asyncPoll (where 1,000 items may wait side by side but only Concurrency of them hold a body).
 * If the node held every item's base64 body at once, the peak would grow with the item count.
 *
 * The input files live in n8n's filesystem binary-data store, as in n8n 2.x by default, so the
 * items themselves hold only references: what the node reads, it reads through
 * getBinaryDataBuffer, as in a real n8n.
 */
import { createRequire } from 'module';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import type { Container as DiContainer } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';
import type { IDataObject } from 'n8n-workflow';

import type { Figures } from './legs';
import { engineRunner } from './runners';
import type { SimHandle } from './sim';
import { benchChild } from './static';

export interface FileMemoryJob {
	items: number;
	concurrency: number;
	fileMb: number;
	mode: 'sync' | 'asyncPoll';
}

const mb = (bytes: number) => bytes / 1024 / 1024;

/** n8n-core's own copy of the DI container (it may have a nested @n8n/di of another version). */
function coreContainer(): typeof DiContainer {
	const fromCore = createRequire(require.resolve('n8n-core'));
	return (fromCore('@n8n/di') as { Container: typeof DiContainer }).Container;
}

/** Runs in the child (`--files-child`): stores the files, then one measured run; prints JSON. */
export async function fileMemoryChild(simUrl: string, job: FileMemoryJob): Promise<void> {
	const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'gptbots-bench-files-'));
	process.env.N8N_DEFAULT_BINARY_DATA_MODE = 'filesystem';
	process.env.N8N_BINARY_DATA_STORAGE_PATH = storage;
	try {
		// n8n-core's binary-data config reads the environment on its first use, which is here.
		const service = coreContainer().get(BinaryDataService);
		await service.init();
		const content = Buffer.alloc(Math.round(job.fileMb * 1024 * 1024), 'GPTBots file bench. ');
		const location = { type: 'execution' as const, workflowId: 'bench', executionId: 'files' };
		const items = [];
		for (let i = 0; i < job.items; i++) {
			const data = await service.store(location, content, {
				data: '',
				mimeType: 'application/pdf',
				fileName: `file-${i}.pdf`,
			});
			items.push({ json: { i }, binary: { data } } as unknown as IDataObject);
		}
		const runner = engineRunner(simUrl);
		const parameters = {
			inputSource: 'fields',
			inputFields: {
				field: [
					{ name: 'i', type: 'integer', value: '={{ $json.i }}' },
					{ name: 'doc', type: 'file', value: 'data' },
				],
			},
		};
		// Warm-up on one item (modules, JIT), then the baseline.
		await runner.run({
			items: items.slice(0, 1),
			mode: 'sync',
			concurrency: job.concurrency,
			continueOnFail: false,
			parameters,
		});
		const gc = (globalThis as { gc?: () => void }).gc;
		gc?.();
		await new Promise((resolve) => setTimeout(resolve, 100));
		gc?.();
		const baseline = process.memoryUsage().rss;
		let peak = baseline;
		const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
		const outcome = await runner.run({
			items,
			mode: job.mode,
			concurrency: job.concurrency,
			pollIntervalSeconds: 0.2,
			continueOnFail: false,
			parameters,
		});
		clearInterval(timer);
		peak = Math.max(peak, process.memoryUsage().rss);
		if (outcome.items !== job.items || outcome.errors)
			throw new Error(
				`files run: ${outcome.items} items, ${outcome.errors} errors (${outcome.firstError})`,
			);
		process.stdout.write(
			`${JSON.stringify({ baselineMb: mb(baseline), peakMb: mb(peak), growthMb: mb(peak - baseline), ms: outcome.ms })}\n`,
		);
	} finally {
		fs.rmSync(storage, { recursive: true, force: true });
	}
}

async function inChild(
	entry: string,
	simUrl: string,
	job: FileMemoryJob,
): Promise<Record<string, number>> {
	return await benchChild('files', entry, [
		'--files-child',
		'--sim-url',
		simUrl,
		'--items',
		String(job.items),
		'--concurrency',
		String(job.concurrency),
		'--file-mb',
		String(job.fileMb),
		'--files-mode',
		job.mode,
	]);
}

/** 20 and 40 items of `fileMb` at Concurrency `concurrency` (sync), and 40 with asyncPoll. */
export async function fileMemoryLeg(
	entry: string,
	sim: SimHandle,
	fileMb: number,
	concurrency: number,
): Promise<Figures> {
	await sim.configure({ latencyMs: 20, maxInFlight: null, asyncDurationMs: 300 });
	const run = async (
		items: number,
		mode: FileMemoryJob['mode'],
	): Promise<Record<string, number>> => {
		await sim.reset();
		const figures = await inChild(entry, sim.url, { items, concurrency, fileMb, mode });
		const state = await sim.state();
		if (state.counts.invokeAccepted !== items + 1)
			throw new Error(
				`files leg: the simulator accepted ${state.counts.invokeAccepted} runs, expected ${items + 1}`,
			);
		return { ...figures, peakInFlight: state.peakInFlight };
	};
	const half = await run(20, 'sync');
	const full = await run(40, 'sync');
	const poll = await run(40, 'asyncPoll');
	await sim.reset();
	// The figure of issue 22: the peak of the three runs, and per MB of file in flight.
	const filesRssGrowthMb = Math.max(half.growthMb, full.growthMb, poll.growthMb);
	return {
		filesRssGrowthMb,
		filesRssGrowthPerMbInFlight: filesRssGrowthMb / (concurrency * fileMb),
		files20GrowthMb: half.growthMb,
		files40GrowthMb: full.growthMb,
		files40PollGrowthMb: poll.growthMb,
		filesGrowthRatio40vs20: full.growthMb / half.growthMb,
		files40Ms: full.ms,
		files40PeakInFlight: full.peakInFlight,
	};
}
