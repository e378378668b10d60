'use strict';
// Watching a chat answer grow, for both chat steps (the editor's chat, the public chat page): the
// simulator paces the streamed pieces so that a reader polling the page sees each stage.

const { request } = require('../lib/request');

/** The simulator's pace between pieces while a chat step watches, and the suite's own after it. */
const PIECE_MS = 250;
const SUITE_PIECE_MS = 20;
/** How often the page is read, and for how long at most. */
const POLL_MS = 40;
const WATCH_MS = 30000;

/**
 * Runs `body` with the simulator streaming a piece every PIECE_MS, then sets the suite's pace back.
 * @template T
 * @param {string} simUrl
 * @param {() => Promise<T>} body
 */
async function withPacedPieces(simUrl, body) {
	await request('POST', `${simUrl}/__sim/configure`, { body: { streamPieceMs: PIECE_MS } });
	try {
		return await body();
	} finally {
		await request('POST', `${simUrl}/__sim/configure`, { body: { streamPieceMs: SUITE_PIECE_MS } });
	}
}

/**
 * Reads the answer as the page shows it (`readText`) until it is `answer` or WATCH_MS have passed,
 * and returns every distinct text seen, in order. Once `shot.after` stages of the answer have been
 * seen and it is still partial, saves the screenshot `shot.file`.
 * @param {import('playwright-core').Page} page
 * @param {() => Promise<string>} readText
 * @param {string} answer
 * @param {{ snap: (file: string) => Promise<void>, file: string, after: number }} shot
 */
async function watchAnswer(page, readText, answer, shot) {
	/** @type {string[]} */
	const seen = [];
	let shotTaken = false;
	const deadline = Date.now() + WATCH_MS;
	while (Date.now() < deadline) {
		const text = await readText();
		if (text && text !== seen.at(-1)) seen.push(text);
		const partial = text !== answer && answer.startsWith(text);
		if (!shotTaken && text && partial && stagesOf(seen, answer).length >= shot.after) {
			await shot.snap(shot.file);
			shotTaken = true;
		}
		if (text === answer) break;
		await page.waitForTimeout(POLL_MS);
	}
	return seen;
}

/**
 * The texts that were a stage of the answer (a beginning of it), the whole answer included.
 * @param {string[]} seen
 * @param {string} answer
 */
function stagesOf(seen, answer) {
	return seen.filter((text) => answer.startsWith(text));
}

module.exports = { withPacedPieces, watchAnswer, stagesOf };
