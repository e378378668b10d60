import { createHash, randomBytes } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

/**
 * The ids a trigger has already started a workflow for (the workflow trigger's run ids, the agent
 * trigger's message ids), newest last, at most `capacity`.
 * Checking and recording is one synchronous step, so within one n8n process two deliveries that
 * arrive at the same moment cannot both pass (n8n runs webhook handlers on one event loop).
 * Across processes (queue mode) only the saved static data is shared, and n8n writes it whole,
 * last writer wins: there copies that arrive at the same time can both pass. n8n offers a
 * webhook no atomic store to do better (its de-duplication helpers are not atomic either).
 *
 * Saved in the node's static data as one string of 12-character keys (≈26 KB for 2,000 run ids
 * rather than ≈66 KB of quoted ids): n8n loads the static data for every delivery, writes it after
 * every delivery that changed it and copies it into every execution it saves, so its size is paid
 * per delivery. With it goes the id of the process that wrote it: n8n hands each delivery the
 * static data as the database held it when the delivery arrived, often older than this process's
 * store. Merging such a snapshot again would bring back ids the store had already dropped as the
 * newest, each pushing out a really new one, until repeats went through (measured: with a full
 * store and 100 deliveries in flight, every repeat started a run).
 */
export class SeenIds {
	private readonly keys = new Set<string>();

	/** Tells this store's snapshots from those of other processes (or of this one before a restart). */
	private readonly writer = randomBytes(6).toString('base64url');

	/** The last snapshot of another writer merged: merging it again adds nothing. */
	private lastForeign?: string;

	constructor(readonly capacity: number) {}

	/** Takes in what the node's static data holds, unless this store wrote it (or merged it already). */
	load(staticData: IDataObject): void {
		const saved = staticData[SAVED_KEYS];
		if (typeof saved === 'string') {
			if (staticData[SAVED_WRITER] === this.writer || saved === this.lastForeign) return;
			this.lastForeign = saved;
			for (const key of saved.split(SEPARATOR))
				if (key !== '' && !this.keys.has(key)) this.remember(key);
		} else if (Array.isArray(saved)) {
			// the form earlier versions saved: the run ids themselves
			const signature = saved.join('\n');
			if (signature === this.lastForeign) return;
			this.lastForeign = signature;
			for (const id of saved) if (typeof id === 'string') this.recordIfNew(id);
		}
	}

	/** True if `id` is new (and now recorded); false for a repeat. */
	recordIfNew(id: string): boolean {
		const key = idKey(id);
		if (this.keys.has(key)) return false;
		this.remember(key);
		return true;
	}

	/** Writes the store into the node's static data (n8n saves it after the delivery). */
	save(staticData: IDataObject): void {
		staticData[SAVED_KEYS] = [...this.keys].join(SEPARATOR);
		staticData[SAVED_WRITER] = this.writer;
	}

	has(id: string): boolean {
		return this.keys.has(idKey(id));
	}

	get size(): number {
		return this.keys.size;
	}

	private remember(key: string): void {
		this.keys.add(key);
		if (this.keys.size > this.capacity) this.keys.delete(this.keys.values().next().value as string);
	}
}

// The names saved workflows' static data already holds (the store served run ids first).
const SAVED_KEYS = 'seenRunIds';
const SAVED_WRITER = 'seenRunIdsWriter';
const SEPARATOR = ' ';

/**
 * An id's key: 72 bits of its SHA-256, base64url. Two of 2,000 ids share a key with a
 * probability of about 10^-16.
 */
export function idKey(id: string): string {
	return createHash('sha256').update(id, 'utf8').digest('base64url').slice(0, 12);
}

const stores = new Map<string, SeenIds>();

/** The process-wide store of one trigger node (per workflow and node id). */
export function seenIdsOf(key: string, capacity: number): SeenIds {
	let store = stores.get(key);
	if (!store) {
		store = new SeenIds(capacity);
		stores.set(key, store);
	}
	return store;
}
