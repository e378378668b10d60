/**
 * The run ids a trigger has already started a workflow for, newest last, at most `capacity`.
 * Checking and recording is one synchronous step, so within one n8n process two deliveries that
 * arrive at the same moment cannot both pass (n8n runs webhook handlers on one event loop).
 * Across processes (queue mode) only the saved static data is shared, and n8n writes it whole,
 * last writer wins: there copies that arrive at the same time can both pass. n8n offers a
 * webhook no atomic store to do better (its de-duplication helpers are not atomic either).
 */
export class SeenRunIds {
	private readonly ids = new Set<string>();

	constructor(readonly capacity: number) {}

	/** Adds ids recorded elsewhere (n8n's saved static data), keeping the newest `capacity`. */
	merge(ids: unknown): void {
		if (!Array.isArray(ids)) return;
		for (const id of ids) if (typeof id === 'string' && !this.ids.has(id)) this.remember(id);
	}

	has(id: string): boolean {
		return this.ids.has(id);
	}

	/** True if `id` is new (and now recorded); false for a repeat. */
	recordIfNew(id: string): boolean {
		if (this.ids.has(id)) return false;
		this.remember(id);
		return true;
	}

	toArray(): string[] {
		return [...this.ids];
	}

	private remember(id: string): void {
		this.ids.add(id);
		if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value as string);
	}
}

const stores = new Map<string, SeenRunIds>();

/** The process-wide store of one trigger node (per workflow and node id). */
export function seenRunIdsOf(key: string, capacity: number): SeenRunIds {
	let store = stores.get(key);
	if (!store) {
		store = new SeenRunIds(capacity);
		stores.set(key, store);
	}
	return store;
}
