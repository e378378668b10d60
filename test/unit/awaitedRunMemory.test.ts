import {
	AwaitedRuns,
	MAX_REMEMBERED_EXECUTIONS,
	awaitedRunsOf,
	checkOrder,
	forgetAwaitedRuns,
} from '../../nodes/GptBots/workflow/invoke/resumeOnCallback/awaitedRuns';

describe('checkOrder', () => {
	it('own run first, then newest- and oldest-started alternately', () => {
		expect(checkOrder([0, 1, 2, 3, 4, 5], 2)).toEqual([2, 5, 0, 4, 1, 3]);
		expect(checkOrder([3, 1, 7], undefined)).toEqual([7, 1, 3]);
		expect(checkOrder([4], 4)).toEqual([4]);
		expect(checkOrder([], 1)).toEqual([]);
	});

	it('leaves out an own run that is not among those to check (already known to have ended)', () => {
		expect(checkOrder([0, 1], 5)).toEqual([1, 0]);
	});
});

describe('awaitedRunsOf', () => {
	it('one record per key; forgotten on request', () => {
		const a = awaitedRunsOf('exec-a:node');
		a.ended.set('run_a', { status: 'SUCCEED' });
		expect(awaitedRunsOf('exec-a:node')).toBe(a);
		forgetAwaitedRuns('exec-a:node');
		expect(awaitedRunsOf('exec-a:node')).not.toBe(a);
	});

	it('remembers at most MAX_REMEMBERED_EXECUTIONS executions, the least recently used forgotten first', () => {
		const first = awaitedRunsOf('lru-0');
		const second = awaitedRunsOf('lru-1');
		for (let i = 2; i <= MAX_REMEMBERED_EXECUTIONS + 10; i++) {
			awaitedRunsOf(`lru-${i}`);
			if (i % 50 === 0) awaitedRunsOf('lru-0'); // kept in use
		}
		const newest = awaitedRunsOf(`lru-${MAX_REMEMBERED_EXECUTIONS + 10}`);
		expect(awaitedRunsOf(`lru-${MAX_REMEMBERED_EXECUTIONS + 10}`)).toBe(newest);
		expect(awaitedRunsOf('lru-0')).toBe(first);
		expect(awaitedRunsOf('lru-1')).not.toBe(second); // forgotten: a fresh record
	});

	it('claimResume passes once', () => {
		const runs = new AwaitedRuns();
		expect([runs.claimResume(), runs.claimResume()]).toEqual([true, false]);
	});
});
