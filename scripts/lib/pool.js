// @ts-check
'use strict';
// Running async tasks a few at a time.

/**
 * Runs async tasks with at most `width` at a time; resolves when all have settled.
 * @param {Array<() => Promise<unknown>>} tasks
 * @param {number} width
 */
async function pool(tasks, width) {
	let next = 0;
	const workers = Array.from({ length: Math.min(width, tasks.length) }, async () => {
		while (next < tasks.length) {
			const task = tasks[next++];
			await task();
		}
	});
	await Promise.all(workers);
}

module.exports = { pool };
