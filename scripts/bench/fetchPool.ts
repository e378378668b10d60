/**
 * The raw baseline: the same invoke bodies sent with Node's own `fetch`, by exactly `width`
 * workers (so exactly `width` requests in flight), each answer read and parsed. A 429 is retried
 * after its Retry-After (the worker waits, so in-flight never exceeds `width`), so that at the
 * server's limit the baseline finishes every item: it is the floor the node is measured against.
 */
import { sleep } from '../lib/wait';
import { API_KEY } from './sim';

export interface FetchOutcome {
	ms: number;
	ok: number;
	errors: number;
	rateLimited: number;
}

export async function fetchPool(
	baseUrl: string,
	bodies: object[],
	width: number,
): Promise<FetchOutcome> {
	const url = `${baseUrl}/v1/workflow/invoke`;
	const headers = {
		Accept: 'application/json',
		'Content-Type': 'application/json',
		Authorization: `Bearer ${API_KEY}`,
	};
	let next = 0;
	let ok = 0;
	let errors = 0;
	let rateLimited = 0;

	async function send(body: object): Promise<void> {
		for (;;) {
			const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
			const text = await response.text();
			if (response.status === 429) {
				rateLimited++;
				await sleep(Number(response.headers.get('retry-after') ?? '1') * 1000);
				continue;
			}
			const run = JSON.parse(text) as { status?: string };
			if (response.ok && run.status === 'SUCCEED') ok++;
			else errors++;
			return;
		}
	}

	async function worker(): Promise<void> {
		while (next < bodies.length) {
			const body = bodies[next++];
			try {
				await send(body);
			} catch {
				errors++;
			}
		}
	}

	const started = performance.now();
	await Promise.all(Array.from({ length: Math.min(width, bodies.length) }, worker));
	return { ms: performance.now() - started, ok, errors, rateLimited };
}
