import type { IDataObject } from 'n8n-workflow';

import { SeenIds, idKey } from '../../nodes/GptBots/shared/seenIds';

const ids = (prefix: string, count: number) =>
	Array.from({ length: count }, (_, i) => `${prefix}_${i}`);

describe('SeenIds', () => {
	it('records a run id once and keeps the newest `capacity`', () => {
		const store = new SeenIds(3);
		expect(store.recordIfNew('a')).toBe(true);
		expect(store.recordIfNew('a')).toBe(false);
		for (const id of ['b', 'c', 'd']) store.recordIfNew(id);
		expect(store.size).toBe(3);
		expect(store.has('a')).toBe(false);
		expect(['b', 'c', 'd'].every((id) => store.has(id))).toBe(true);
	});

	it('saves 2,000 run ids as one string of short keys (static data n8n copies per delivery)', () => {
		const store = new SeenIds(2000);
		for (const id of ids('run_0123456789abcdef01234567', 2000)) store.recordIfNew(id);
		const staticData: IDataObject = {};
		store.save(staticData);
		expect(typeof staticData.seenRunIds).toBe('string');
		expect(JSON.stringify(staticData).length).toBeLessThan(27_000);
		expect(String(staticData.seenRunIds).split(' ')).toHaveLength(2000);
	});

	it('a restarted process (a new store) takes in what the old one saved', () => {
		const before = new SeenIds(100);
		for (const id of ids('run', 10)) before.recordIfNew(id);
		const staticData: IDataObject = {};
		before.save(staticData);
		const after = new SeenIds(100);
		after.load(staticData);
		expect(after.recordIfNew('run_3')).toBe(false);
		expect(after.recordIfNew('run_new')).toBe(true);
	});

	it('stale snapshots of its own do not bring dropped ids back (repeats stay caught with a full store)', () => {
		const store = new SeenIds(50);
		for (const id of ids('old', 50)) store.recordIfNew(id);
		const stale: IDataObject = {};
		store.save(stale);
		// 100 deliveries in flight: each was handed the snapshot the database held when it arrived
		for (const id of ids('new', 40)) {
			store.load(stale);
			expect(store.recordIfNew(id)).toBe(true);
		}
		for (const id of ids('new', 40)) expect(store.recordIfNew(id)).toBe(false);
		expect(store.has('old_0')).toBe(false);
	});

	it('merges a snapshot of another process once, not again after recording newer ids', () => {
		const other = new SeenIds(20);
		for (const id of ids('peer', 20)) other.recordIfNew(id);
		const snapshot: IDataObject = {};
		other.save(snapshot);
		const store = new SeenIds(20);
		store.load(snapshot);
		for (const id of ids('mine', 10)) store.recordIfNew(id);
		store.load(snapshot);
		expect(ids('mine', 10).every((id) => store.has(id))).toBe(true);
		expect(store.has('peer_19')).toBe(true);
		expect(store.has('peer_0')).toBe(false);
	});

	it('reads the run ids earlier versions saved as an array', () => {
		const store = new SeenIds(10);
		store.load({ seenRunIds: ['run_a', 'run_b', 42] });
		expect(store.recordIfNew('run_a')).toBe(false);
		expect(store.size).toBe(2);
	});

	it('keys are 12 characters, the same for the same id, different for different ones', () => {
		expect(idKey('run_1')).toHaveLength(12);
		expect(idKey('run_1')).toBe(idKey('run_1'));
		expect(new Set(ids('run', 5000).map(idKey)).size).toBe(5000);
	});
});
