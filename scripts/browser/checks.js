'use strict';
// The editor checks: what a user meets when looking for the GPTBots nodes and opening them.
// Each step gets (t, { page, url, line, snap }) and records PASS/FAIL lines with t.check & co.

const path = require('path');

const { REPO } = require('../lib/constants');
const { gptNode, workflow, workflowId } = require('../lib/builders');
const {
	nodeCreator,
	openWorkflow,
	openNodePanel,
	closeNodePanel,
	shownOption,
	canvasSubtitle,
	canvasNodeNames,
	dismissPopups,
} = require('./editor');

const ENTRY = 'GPTBots Workflow';
/** The names we give the node's actions and the trigger's event (nodes/GptBots/…). */
const TRIGGER_ACTIONS = ['When a GPTBots workflow run ends'];
const NODE_ACTIONS = [
	'Run a workflow',
	'Get the result of a run',
	'Get runs',
	'Run a workflow and wait for its answer',
	'Start a workflow run and return its run ID',
	'Start a workflow run and poll until it ends',
	'Start a workflow run and resume on its callback',
];

/** One GPTBots Workflow node per mode and operation: [node name, parameters, dropdown texts]. */
/**
 * A node on the panels workflow: its name, its parameters, and what its panel should show.
 * @type {[name: string, parameters: { operation: string, mode?: string },
 *   shown: { operation: string, mode?: string }][]}
 */
const PANELS = [
	['Sync', { operation: 'invoke', mode: 'sync' }, { operation: 'Run Workflow', mode: 'Sync' }],
	[
		'Async',
		{ operation: 'invoke', mode: 'async' },
		{ operation: 'Run Workflow', mode: 'Async (Return Run ID)' },
	],
	[
		'Async poll',
		{ operation: 'invoke', mode: 'asyncPoll' },
		{ operation: 'Run Workflow', mode: 'Async, Wait by Polling' },
	],
	[
		'Async callback',
		{ operation: 'invoke', mode: 'asyncWebhook' },
		{ operation: 'Run Workflow', mode: 'Async, Wait by Callback' },
	],
	['Get result', { operation: 'getResult' }, { operation: 'Get Result' }],
	['Get runs', { operation: 'getRuns' }, { operation: 'Get Runs' }],
];
const PANELS_KEY = 'browser:panels';

/**
 * Workflows the checks open (imported before n8n starts).
 * @param {{ id: string, name: string }} credential
 */
function workflows(credential) {
	const nodes = PANELS.map(([name, parameters]) => gptNode(name, parameters, credential));
	return [workflow(PANELS_KEY, 'browser: every mode', nodes, { connections: {} })];
}

/**
 * The names the nodes panel lists, or what it said instead (for a FAIL line).
 * @param {import('playwright-core').Page} page
 */
async function searchResult(page) {
	const names = await nodeCreator.itemNames(page);
	return {
		names,
		detail: `listed: ${JSON.stringify(names)}; the panel says: ${(await nodeCreator.text(page)).slice(0, 300)}`,
	};
}

/**
 * Checks that depend on a failed one count as failed: the number of checks stays the same.
 * @param {import('../lib/checks').Checks} t
 * @param {string[]} labels
 */
function notReached(t, labels) {
	for (const label of labels) t.fail(label, 'not reached: the search did not find the node');
}

/**
 * @param {import('../lib/checks').Checks} t
 * @param {import('./run').BrowserEnv} env
 */
async function firstStep(t, { page, url, snap }) {
	await openWorkflow(page, url, 'new');
	await nodeCreator.openForFirstStep(page);
	await nodeCreator.search(page, 'GPTBots');
	const found = await searchResult(page);
	const labels = [
		'first step: opening GPTBots Workflow offers the trigger "When a GPTBots workflow run ends"',
		'the trigger added from the panel says on the canvas "Run ended: Succeeded or Failed"',
	];
	if (
		!t.check(
			'first step: "GPTBots" in the nodes panel finds GPTBots Workflow',
			found.names.includes(ENTRY),
			found.detail,
		)
	)
		return notReached(t, labels);
	await snap('nodes-panel-search.png');

	await nodeCreator.openItem(page, ENTRY);
	const actions = await nodeCreator.actionsBySection(page);
	t.deepEqual(labels[0], actions.Triggers, TRIGGER_ACTIONS);
	await snap('node-details.png');

	await nodeCreator.clickAction(page, TRIGGER_ACTIONS[0]);
	await closeNodePanel(page);
	const [trigger] = await canvasNodeNames(page);
	t.equal(labels[1], await canvasSubtitle(page, trigger), 'Run ended: Succeeded or Failed');
}

/**
 * @param {import('../lib/checks').Checks} t
 * @param {import('./run').BrowserEnv} env
 */
async function nextStep(t, { page, url }) {
	await openWorkflow(page, url, 'new');
	await nodeCreator.openForFirstStep(page);
	await nodeCreator.search(page, 'manual');
	// Named "Manual Trigger" in search results, "Trigger manually" in the list.
	await nodeCreator.openItem(page, /^(Manual Trigger|Trigger manually)$/);
	await closeNodePanel(page);
	const [manual] = await canvasNodeNames(page);
	await nodeCreator.openAfter(page, manual);
	await nodeCreator.search(page, 'GPTBots');
	const found = await searchResult(page);
	const labels = [
		'next step: the node\'s actions have our names (no "Async Wait By Polling")',
		'the action "Start a workflow run and poll until it ends" opens the node in mode "Async, Wait by Polling"',
	];
	if (
		!t.check(
			`next step after "${manual}": "GPTBots" finds GPTBots Workflow`,
			found.names.includes(ENTRY),
			found.detail,
		)
	)
		return notReached(t, labels);

	await nodeCreator.openItem(page, ENTRY);
	const actions = await nodeCreator.actionsBySection(page);
	t.deepEqual(labels[0], actions.Actions, NODE_ACTIONS);

	// A mode's action sets the mode: the panel that opens says so.
	await nodeCreator.clickAction(page, 'Start a workflow run and poll until it ends');
	await page.locator('[data-test-id="node-parameters"]').first().waitFor();
	t.equal(labels[1], await shownOption(page, 'mode'), 'Async, Wait by Polling');
	await closeNodePanel(page);
}

/**
 * @param {import('../lib/checks').Checks} t
 * @param {import('./run').BrowserEnv} env
 */
async function panels(t, { page, url }) {
	await openWorkflow(page, url, workflowId(PANELS_KEY));
	for (const [name, parameters, shown] of PANELS) {
		const label = parameters.mode ? `mode ${parameters.mode}` : `operation ${parameters.operation}`;
		const subtitle = shown.mode ? `${shown.operation}: ${shown.mode}` : shown.operation;
		t.equal(
			`${label}: the canvas subtitle is "${subtitle}"`,
			await canvasSubtitle(page, name),
			subtitle,
		);
		await openNodePanel(page, name);
		/** @type {Record<string, string | null | undefined>} */
		const seen = {};
		for (const parameter of Object.keys(shown))
			seen[parameter] = await shownOption(page, parameter);
		t.deepEqual(`${label}: the node panel opens and shows ${JSON.stringify(shown)}`, seen, shown);
		if (parameters.operation === 'getResult') {
			// A Get Result node left as added: the field holds its default expression, shown as n8n
			// shows an expression (no leading "="), not a grey look-alike placeholder.
			const shownRunId = await page
				.locator('[data-test-id="parameter-input-workflowRunId"]')
				.first()
				.innerText();
			t.match(
				'Get Result: Workflow Run ID is filled in with the expression {{ $json.workflowRunId }}',
				shownRunId,
				/^(?!\s*=)[^]*\{\{ \$json\.workflowRunId \}\}/,
			);
		}
		await closeNodePanel(page);
	}
}

/**
 * @param {import('../lib/checks').Checks} t
 * @param {import('./run').BrowserEnv} env
 */
async function credentialDialog(t, { page, url, snap }) {
	/** @type {typeof import('../../credentials/GptBotsApi.credentials')} */
	const { GptBotsApi } = require(
		path.join(REPO, 'dist', 'credentials', 'GptBotsApi.credentials.js'),
	);
	// the credential's Data Centre field and its options (the test fails if either is missing)
	const endpoint = /** @type {import('n8n-workflow').INodeProperties} */ (
		new GptBotsApi().properties.find((p) => p.name === 'endpoint')
	);
	const centres = /** @type {import('n8n-workflow').INodePropertyOptions[]} */ (
		endpoint.options
	).map((o) => o.name);
	await page.goto(`${url}/home/credentials`, { waitUntil: 'domcontentloaded' });
	await page
		.getByText('GPTBots (demo simulator)', { exact: false })
		.first()
		.click({ timeout: 60000 });
	const select = page.locator('[data-test-id="parameter-input-endpoint"]').first();
	await select.click();
	await page.waitForTimeout(500);
	const listed = (
		await page.locator('.el-select-dropdown__item:visible, [role="option"]:visible').allInnerTexts()
	)
		.map((s) => s.trim())
		.filter(Boolean);
	t.deepEqual('the credential dialog lists the data centres', listed, centres);
	await snap('credential-dialog.png');
	await dismissPopups(page);
}

module.exports = {
	workflows,
	steps: [
		['first step', firstStep],
		['next step', nextStep],
		['node panels', panels],
		['credential dialog', credentialDialog],
	],
};
