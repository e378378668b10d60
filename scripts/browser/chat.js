'use strict';
// The chat example in the editor: open its chat, send a message, and watch the GPTBots agent's
// answer grow piece by piece in the chat panel (the simulator paces the pieces 250 ms apart).
// How the editor's chat runs the workflow decides whether it can grow:
// - n8n >= 2.10 (here 2.41.1) registers a test webhook for the chat session and posts the message
//   to /webhook-test/<workflow>/<session>, reading the answer as a stream: the node's pieces reach
//   the panel as they come (n8n PR #20991, "Enable streaming in canvas chat").
// - n8n 2.8 runs the workflow with the message as the trigger's data (POST /rest/workflows/<id>/run):
//   a manual run with no response to stream into, so isStreaming() is false in every node and the
//   panel shows the last node's output once the run ends. On that line the check is that the whole
//   answer arrives, and which way the editor sent the message; growth is a note, not a check.

const { notes } = require('../lib/log');
const C = require('../demo/constants');
const { stagesOf, watchAnswer, withPacedPieces } = require('./answerGrowth');
const { openWorkflow } = require('./editor');

const MESSAGE = 'hello agent, tell me something';
const ANSWER = `You said: ${MESSAGE}`;

/**
 * @param {import('../lib/checks').Checks} t
 * @param {import('./run').BrowserEnv} env
 */
async function chatGrows(t, { page, url, simUrl, snap, line }) {
	// Which way the editor sends the chat message: to a test webhook (streamed) or as a run.
	/** @type {string[]} */
	const sent = [];
	const onRequest = (/** @type {import('playwright-core').Request} */ req) => {
		const path = new URL(req.url()).pathname;
		if (req.method() === 'POST' && /^\/(webhook-test\/|rest\/workflows\/[^/]+\/run$)/.test(path))
			sent.push(path.startsWith('/webhook-test/') ? 'test webhook' : 'manual run');
	};
	await withPacedPieces(simUrl, async () => {
		try {
			await openWorkflow(page, url, C.IDS.agentChat);
			page.on('request', onRequest);
			await page.locator('[data-test-id="workflow-chat-button"]').first().click();
			const input = page
				.locator('textarea[data-test-id="chat-input"], [data-test-id="chat-input"] textarea')
				.first();
			await input.waitFor({ timeout: 30000 });
			await input.fill(MESSAGE);
			await input.press('Enter');
			// The whole conversation as shown: the answer is what follows the last "You said".
			const list = page
				.locator('[data-test-id="chat-messages-list"], [data-test-id="canvas-chat-body"]')
				.first();
			const readAnswer = async () => {
				const shown = await list.innerText({ timeout: 1000 }).catch(() => '');
				const at = shown.lastIndexOf('You said');
				return at < 0 ? '' : shown.slice(at).split('\n')[0].trim();
			};
			const seen = await watchAnswer(page, readAnswer, ANSWER, {
				snap,
				file: 'agent-chat-streaming.png',
				after: 2,
			});
			const growing = stagesOf(seen, ANSWER);
			const label = `the editor's chat shows the answer growing piece by piece (${growing.length} stages seen)`;
			if (line.version.startsWith('2.8.')) {
				t.check(
					"n8n 2.8's editor sends the chat message as a manual run (it has no streamed chat)",
					sent.includes('manual run') && !sent.includes('test webhook'),
					JSON.stringify(sent),
				);
				notes.push(
					`n8n ${line.version}: the editor's chat runs the workflow as a manual run (no stream to write to: isStreaming() is false), so the answer can only appear whole; seen in ${growing.length} stage(s): ${JSON.stringify(seen)}`,
				);
			} else {
				t.check(
					"the editor's chat sends the message to the chat's test webhook",
					sent.includes('test webhook'),
					JSON.stringify(sent),
				);
				t.check(label, growing.length >= 3, JSON.stringify(seen));
			}
			t.equal("the chat ends with the agent's whole answer", seen.at(-1), ANSWER);
		} finally {
			page.off('request', onRequest);
		}
	});
}

module.exports = { steps: [['chat example grows piece by piece', chatGrows]] };
