'use strict';
// The README's pictures of the examples (the nodes-panel pictures are taken by checks.js):
//   canvas.png          "one run per row", executed in the editor (item counts on the links)
//   node-panel.png      its GPTBots Workflow node's panel, with input and output of that run
//   node-panel-async.png the node in the async example (mode, input fields, poll options), output as JSON
//   trigger-panel.png   the trigger example's panel with its Production URL
// Each picture is a check: it fails when what it should show is not there.

const C = require('../demo/constants');
const {
	openWorkflow,
	openNodePanel,
	closeNodePanel,
	dismissPopups,
	parameterShown,
} = require('./editor');

/**
 * Clicks "Execute workflow"; resolves whether the last node got its success mark.
 * @param {import('playwright-core').Page} page
 * @param {string} lastNode
 */
async function executeInEditor(page, lastNode) {
	await page.locator('[data-test-id="execute-workflow-button"]').first().click();
	const done = page.locator(
		`[data-test-id="canvas-node"][data-node-name="${lastNode}"] [data-test-id="canvas-node-status-success"]`,
	);
	const ok = await done.waitFor({ timeout: 90000 }).then(
		() => true,
		() => false,
	);
	await page.waitForTimeout(800);
	await dismissPopups(page);
	return ok;
}

/**
 * Clicks the visible element with exactly this text that is furthest right (e.g. the output's tab).
 * @param {import('playwright-core').Page} page
 * @param {string} text
 */
async function clickRightmost(page, text) {
	const candidates = page.getByText(text, { exact: true });
	let best;
	for (let i = 0; i < (await candidates.count()); i++) {
		const box = await candidates
			.nth(i)
			.boundingBox()
			.catch(() => null);
		if (box && (!best || box.x > best.box.x)) best = { i, box };
	}
	if (!best) return false;
	await candidates.nth(best.i).click({ timeout: 5000 });
	return true;
}

/**
 * @param {import('../lib/checks').Checks} t
 * @param {import('./run').BrowserEnv} env
 */
async function canvas(t, { page, url, snap }) {
	await openWorkflow(page, url, C.IDS.perRow);
	const ran = await executeInEditor(page, 'Answers');
	// Fit the workflow to the view (the canvas's "zoom to fit" key).
	await page.keyboard.press('1').catch(() => {});
	await page.waitForTimeout(600);
	t.check('canvas.png: "one run per row" ran in the editor to its last node', ran);
	await snap('canvas.png');

	await openNodePanel(page, 'GPTBots Workflow');
	await page.waitForTimeout(800);
	const items = await page
		.locator('[data-test-id="output-panel"]')
		.first()
		.innerText()
		.catch(() => '');
	t.match("node-panel.png: the node's panel shows the run's output items", items, /\d+ items?/);
	await snap('node-panel.png');
	await closeNodePanel(page);
}

/**
 * @param {import('../lib/checks').Checks} t
 * @param {import('./run').BrowserEnv} env
 */
async function asyncPanel(t, { page, url, snap }) {
	await openWorkflow(page, url, C.IDS.asyncPoll);
	t.check(
		'node-panel-async.png: the async example ran in the editor to its last node',
		await executeInEditor(page, 'Result'),
	);
	await openNodePanel(page, 'GPTBots Workflow');
	t.deepEqual(
		'node-panel-async.png: Poll Interval and Max Wait are shown beside the mode, not under Options',
		[await parameterShown(page, 'pollInterval'), await parameterShown(page, 'maxWait')],
		[true, true],
	);
	t.check('node-panel-async.png: the output switched to JSON', await clickRightmost(page, 'JSON'));
	await page.waitForTimeout(800);
	await snap('node-panel-async.png');
	await closeNodePanel(page);
}

/**
 * @param {import('../lib/checks').Checks} t
 * @param {import('./run').BrowserEnv} env
 */
async function triggerPanel(t, { page, url, snap }) {
	await openWorkflow(page, url, C.IDS.trigger);
	await openNodePanel(page, 'GPTBots Workflow Trigger');
	// Unfold "Webhook URLs" and show the Production URL (what users copy into the GPTBots node).
	await page.getByText('Webhook URLs', { exact: true }).first().click();
	await page.waitForTimeout(400);
	await page
		.locator('label:has-text("Production URL"), [role="radio"]:has-text("Production URL")')
		.first()
		.click({ timeout: 5000 });
	await page.waitForTimeout(800);
	const shown = await page
		.locator('[data-test-id="node-parameters"], [data-test-id="ndv"]')
		.first()
		.innerText();
	t.match(
		"trigger-panel.png: the trigger's panel shows its Production URL",
		shown,
		new RegExp(`/webhook/${C.TRIGGER_WEBHOOK_ID}/gptbots`),
	);
	await snap('trigger-panel.png');
	await closeNodePanel(page);
}

/** @type {import('./run').BrowserStep[]} */
const steps = [
	['canvas screenshots', canvas],
	['async panel screenshot', asyncPanel],
	['trigger panel screenshot', triggerPanel],
];

module.exports = { steps };
