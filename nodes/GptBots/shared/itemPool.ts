/**
 * Runs `task(index)` for indexes 0..count-1 with at most `width` running at once, and returns
 * the results in index order. Only `width` tasks exist at a time, so memory does not grow with
 * the number of items. A task that throws makes the whole map throw the failure of the lowest
 * index, once every running task has finished (no request is abandoned half-way); with
 * `stopOnError` no new index is started after the first failure.
 */
export async function mapWithConcurrency<T>(
	count: number,
	width: number,
	task: (index: number) => Promise<T>,
	stopOnError: boolean,
): Promise<T[]> {
	const results = new Array<T>(count);
	let next = 0;
	let failed: { index: number; error: unknown } | undefined;

	async function worker(): Promise<void> {
		while (next < count && !(stopOnError && failed)) {
			const index = next++;
			try {
				results[index] = await task(index);
			} catch (error) {
				if (!failed || index < failed.index) failed = { index, error };
			}
		}
	}

	const workers = Array.from({ length: Math.max(1, Math.min(width, count)) }, worker);
	await Promise.all(workers);
	if (failed) throw failed.error;
	return results;
}
