import { AdaptiveLimiter } from '../../nodes/GptBots/shared/transport/adaptiveLimiter';
import { mapWithConcurrency } from '../../nodes/GptBots/shared/itemPool';
import { pollDelayMs } from '../../nodes/GptBots/workflow/invoke/waitByPolling';

const tick = async () => await new Promise((resolve) => setImmediate(resolve));

describe('AdaptiveLimiter', () => {
	it('never lets more than the limit in flight, in FIFO order', async () => {
		const limiter = new AdaptiveLimiter(2);
		const order: number[] = [];
		await limiter.acquire();
		await limiter.acquire();
		const third = limiter.acquire().then(() => order.push(3));
		const fourth = limiter.acquire().then(() => order.push(4));
		await tick();
		expect(limiter.active).toBe(2);
		expect(order).toEqual([]);
		limiter.release(false);
		await third;
		expect(order).toEqual([3]);
		limiter.release(false);
		await fourth;
		expect(order).toEqual([3, 4]);
	});

	const clean = async (limiter: AdaptiveLimiter, answers: number) => {
		for (let i = 0; i < answers; i++) {
			await limiter.acquire();
			limiter.release(false);
		}
	};

	it('drops by one per 429, not below 1, and climbs back after clean answers', async () => {
		const limiter = new AdaptiveLimiter(4);
		for (let i = 0; i < 4; i++) await limiter.acquire();
		for (let i = 0; i < 4; i++) limiter.release(true);
		expect(limiter.limit).toBe(1);
		// that burst was one episode: 2 rounds of `limit` clean answers per step up
		await clean(limiter, 1);
		expect(limiter.limit).toBe(1);
		await clean(limiter, 1);
		expect(limiter.limit).toBe(2);
		await clean(limiter, 4);
		expect(limiter.limit).toBe(3);
		await clean(limiter, 6);
		expect(limiter.limit).toBe(4);
		await clean(limiter, 100);
		expect(limiter.limit).toBe(4);
	});

	it('doubles the clean stretch after each failed probe, up to 64 rounds', async () => {
		const limiter = new AdaptiveLimiter(20);
		await clean(limiter, 5);
		expect(limiter.limit).toBe(20);
		const probeFails = async () => {
			await limiter.acquire();
			limiter.release(true);
		};
		await probeFails(); // 19, penalty 2
		await clean(limiter, 19 * 2 - 1);
		expect(limiter.limit).toBe(19);
		await clean(limiter, 1);
		expect(limiter.limit).toBe(20);
		await probeFails(); // 19, penalty 4
		await clean(limiter, 19 * 4 - 1);
		expect(limiter.limit).toBe(19);
		await clean(limiter, 1);
		expect(limiter.limit).toBe(20);
		for (let i = 0; i < 10; i++) {
			await probeFails();
			await clean(limiter, 19 * 64);
		}
		await probeFails();
		await clean(limiter, 19 * 64 - 1);
		expect(limiter.limit).toBe(19); // capped at 64 rounds, not more
		await clean(limiter, 1);
		expect(limiter.limit).toBe(20);
	});
});

describe('mapWithConcurrency', () => {
	it('keeps order and bounds the running tasks', async () => {
		let running = 0;
		let peak = 0;
		const result = await mapWithConcurrency(
			50,
			7,
			async (i) => {
				running++;
				peak = Math.max(peak, running);
				await new Promise((resolve) => setTimeout(resolve, (i * 7) % 5));
				running--;
				return i * 2;
			},
			false,
		);
		expect(result).toEqual(Array.from({ length: 50 }, (_, i) => i * 2));
		expect(peak).toBe(7);
	});

	it('stops starting new items after a failure and throws the lowest failing index', async () => {
		const started: number[] = [];
		await expect(
			mapWithConcurrency(
				100,
				3,
				async (i) => {
					started.push(i);
					await new Promise((resolve) => setTimeout(resolve, i === 2 ? 5 : 1));
					if (i === 1 || i === 2) throw new Error(`item ${i}`);
					return i;
				},
				true,
			),
		).rejects.toThrow('item 1');
		expect(started.length).toBeLessThan(10);
	});
});

describe('pollDelayMs', () => {
	it('keeps the interval for five intervals, then waits 20 % of the time waited, at most 30 s', () => {
		expect(pollDelayMs(0, 1000)).toBe(1000);
		expect(pollDelayMs(4000, 1000)).toBe(1000);
		expect(pollDelayMs(6000, 1000)).toBe(1200);
		expect(pollDelayMs(100_000, 1000)).toBe(20_000);
		expect(pollDelayMs(10_000_000, 1000)).toBe(30_000);
		expect(pollDelayMs(10_000_000, 60_000)).toBe(60_000);
	});
});
