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
	chooseOption,
	parameterShown,
	canvasSubtitle,
	canvasNodeNames,
	dismissPopups,
} = require('./editor');

/**
 * @typedef {import('../lib/checks').Checks} Checks
 * @typedef {import('./run').BrowserEnv} BrowserEnv
 */

const ENTRY = 'GPTBots Workflow';
/** The names we give the node's actions and the trigger's event (nodes/GptBots/…). */
const TRIGGER_ACTIONS = ['When a GPTBots workflow run ends'];
/** One action per operation: the run modes are chosen in the node, not listed as actions. */
const NODE_ACTIONS = ['Run a workflow', 'Get the result of a run', 'Get runs'];
/** The trigger's left pane (triggerPanel.header of GptBotsWorkflowTrigger.node.ts). */
const TRIGGER_PANE = 'Starts when a GPTBots run that has this trigger as its webhook ends';

/**
 * One GPTBots Workflow node per mode and operation: [node name, parameters, dropdown texts].
 * @type {[string, Record<string, string>, Record<string, string>][]}
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

/** A second credential, its key wrong: what its dialog says of it (imported before n8n starts). */
const WRONG_KEY_CREDENTIAL = { id: 'GptBotsWrongKey1', name: 'GPTBots (wrong key)' };

/**
 * The credentials the checks open besides the demo's.
 * @param {import('../lib/workflows').CredentialJson} demoCredential
 */
function credentials(demoCredential) {
	return [
		{
			...demoCredential,
			...WRONG_KEY_CREDENTIAL,
			data: { ...demoCredential.data, apiKey: 'not-a-gptbots-key' },
		},
	];
}

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
 * @param {Checks} t
 * @param {string[]} labels
 */
function notReached(t, labels) {
	for (const label of labels) t.fail(label, 'not reached: the search did not find the node');
}

/**
 * @param {Checks} t
 * @param {BrowserEnv} env
 */
async function firstStep(t, { page, url, snap }) {
	await openWorkflow(page, url, 'new');
	await nodeCreator.openForFirstStep(page);
	await nodeCreator.search(page, 'GPTBots');
	const found = await searchResult(page);
	const labels = [
		'first step: opening GPTBots Workflow offers the trigger "When a GPTBots workflow run ends"',
		'the trigger added from the panel says on the canvas "Run ended: Succeeded or Failed"',
		"the trigger's panel masks the secret header value and names the default header under the masked name (n8n's community lint masks any parameter named secret…)",
		`the trigger's left pane says "${TRIGGER_PANE}"`,
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
	await page.locator('[data-test-id="node-parameters"]').first().waitFor();
	const input = (/** @type {string} */ name) =>
		page.locator(`[data-test-id="parameter-input-${name}"] input`).first();
	t.deepEqual(
		labels[2],
		[
			await input('secretHeaderName')
				.inputValue()
				.catch(() => undefined),
			await input('secretHeaderValue')
				.getAttribute('type')
				.catch(() => undefined),
			await page
				.getByText('Left as it came, this is X-GPTBots-Secret')
				.first()
				.isVisible()
				.catch(() => false),
		],
		['X-GPTBots-Secret', 'password', true],
	);
	t.check(
		labels[3],
		await page
			.getByText(TRIGGER_PANE)
			.first()
			.isVisible()
			.catch(() => false),
	);
	await snap('trigger-added.png');
	await closeNodePanel(page);
	const [trigger] = await canvasNodeNames(page);
	t.equal(labels[1], await canvasSubtitle(page, trigger), 'Run ended: Succeeded or Failed');
}

/**
 * @param {Checks} t
 * @param {BrowserEnv} env
 */
async function nextStep(t, { page, url, snap }) {
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
		'next step: one action per operation, the run modes not listed as actions of their own',
		'the action "Run a workflow" opens the node in mode "Sync"',
		'mode "Async, Wait by Polling" shows Poll Interval and Max Wait beside the mode',
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

	await nodeCreator.clickAction(page, 'Run a workflow');
	await page.locator('[data-test-id="node-parameters"]').first().waitFor();
	t.equal(labels[1], await shownOption(page, 'mode'), 'Sync');
	await chooseOption(page, 'mode', 'Async, Wait by Polling');
	t.deepEqual(
		labels[2],
		[await parameterShown(page, 'pollInterval'), await parameterShown(page, 'maxWait')],
		[true, true],
	);
	await closeNodePanel(page);
}

/**
 * @param {Checks} t
 * @param {BrowserEnv} env
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
		/** @type {Record<string, string | undefined>} */
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
 * @param {Checks} t
 * @param {BrowserEnv} env
 */
async function credentialDialog(t, { page, url, snap, line }) {
	const { GptBotsApi } = require(
		path.join(REPO, 'dist', 'credentials', 'GptBotsApi.credentials.js'),
	);
	const centres = new GptBotsApi().properties
		.find((/** @type {import('n8n-workflow').INodeProperties} */ p) => p.name === 'endpoint')
		.options.map((/** @type {import('n8n-workflow').INodePropertyOptions} */ o) => o.name);
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
	await page.keyboard.press('Escape');
	// The demo's credential is Custom: its Base URL is shown, and marked required.
	const baseUrlLabel = await page
		.locator('label, [class*="label"]', { hasText: /^\s*Base URL/ })
		.first()
		.innerText()
		.catch(() => '');
	t.match('the credential dialog marks Base URL required (Custom)', baseUrlLabel, /Base URL\s*\*/);
	await snap('credential-dialog.png');
	await dismissPopups(page);

	// A refused key: n8n 2.41 gives the credential test's rule the word (a node run's words);
	// n8n 2.8 words a 401 itself ("Authorization failed") before any rule is read.
	await page.goto(`${url}/home/credentials`, { waitUntil: 'domcontentloaded' });
	await page.getByText(WRONG_KEY_CREDENTIAL.name).first().click({ timeout: 60000 });
	// Saving runs the credential test (a key typed anew, as a user fixing a key would).
	await page
		.locator('[data-test-id="parameter-input-apiKey"] input')
		.first()
		.fill('still-not-a-gptbots-key');
	await page.locator('[data-test-id="credential-save-button"]').first().click();
	// "Couldn't connect with these settings" · "More details" unfolds what the test said.
	await page
		.getByText('More details')
		.first()
		.click({ timeout: 30000 })
		.catch(() => {});
	const expected =
		line.name === 'legacy' ? /Authorization failed/ : /the API key was refused\. Check the API key/;
	const said = await page
		.getByText(expected)
		.first()
		.innerText({ timeout: 30000 })
		.catch(() => '(no such message within 30 s)');
	t.match(
		`n8n ${line.version}: the credential test of a wrong key says ${expected}`,
		said,
		expected,
	);
	await dismissPopups(page);
}

module.exports = {
	credentials,
	workflows,
	steps: [
		['first step', firstStep],
		['next step', nextStep],
		['node panels', panels],
		['credential dialog', credentialDialog],
	],
};
