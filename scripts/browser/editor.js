'use strict';
// Driving n8n's editor in headless Chromium (Debian's `chromium`, or the Chrome a CI runner has:
// findBrowser.js), through playwright-core.
// Selectors are n8n's own data-test-id attributes (the ones n8n's Playwright tests use), the same
// on n8n 2.8 and 2.41.

const fs = require('fs');
const os = require('os');
const path = require('path');

const { onCleanup } = require('../lib/processes');
const { findBrowser, HINT } = require('./findBrowser');

/** @typedef {import('playwright-core').Page} Page */

let found;
/** { path, version } of the browser (looked up once); throws saying what to do when there is none. */
function browser() {
	found ??= findBrowser();
	if (!found) throw new Error(HINT);
	return found;
}

const VIEWPORT = { width: 1440, height: 900 };
const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

/** Chromium with a fresh profile (removed at cleanup); resolves { context, page }. */
async function launchBrowser() {
	const executablePath = browser().path;
	if (!fs.existsSync(executablePath))
		throw new Error(`CHROMIUM_PATH=${executablePath} does not exist; ${HINT}`);
	const { chromium } = require('playwright-core');
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gptbots-chromium-'));
	onCleanup('chromium profile', () => fs.rmSync(profile, { recursive: true, force: true }));
	// launchPersistentContext passes the profile as --user-data-dir.
	const context = await chromium.launchPersistentContext(profile, {
		executablePath,
		headless: true,
		viewport: VIEWPORT,
		deviceScaleFactor: 1,
		args: CHROMIUM_FLAGS,
	});
	onCleanup('chromium', () => context.close().catch(() => {}));
	const page = context.pages()[0] || (await context.newPage());
	page.setDefaultTimeout(30000);
	return { context, page };
}

/**
 * Closes what n8n pops up over the canvas (what's new, surveys, notifications).
 * @param {Page} page
 */
async function dismissPopups(page) {
	for (let i = 0; i < 2; i++) {
		await page.keyboard.press('Escape').catch(() => {});
		const closers = page.locator(
			'.el-dialog__headerbtn:visible, .el-message-box__headerbtn:visible, .el-notification__closeBtn:visible',
		);
		const count = await closers.count().catch(() => 0);
		for (let k = 0; k < count; k++)
			await closers
				.nth(k)
				.click({ timeout: 1000 })
				.catch(() => {});
		await page.waitForTimeout(200);
	}
}

/**
 * @param {Page} page
 * @param {string} url
 * @param {import('../lib/rest').Owner} owner
 */
async function login(page, url, owner) {
	await page.goto(`${url}/signin`, { waitUntil: 'domcontentloaded' });
	const email = page
		.locator('input[name="emailOrLdapLoginId"], input[name="email"], input[type="email"]')
		.first();
	await email.waitFor({ timeout: 60000 });
	await email.fill(owner.email);
	await page.locator('input[name="password"], input[type="password"]').first().fill(owner.password);
	await page.locator('button[type="submit"], [data-test-id="form-submit-button"]').first().click();
	await page.waitForURL((u) => !String(u).includes('/signin'), { timeout: 60000 });
	await dismissPopups(page);
}

/**
 * Opens a workflow (an id, or 'new') and waits for the canvas.
 * @param {Page} page
 * @param {string} url
 * @param {string} id
 */
async function openWorkflow(page, url, id) {
	await page.goto(`${url}/workflow/${id}`, { waitUntil: 'domcontentloaded' });
	await page
		.locator(id === 'new' ? '[data-test-id="canvas-add-button"]' : '[data-test-id="canvas-node"]')
		.first()
		.waitFor({ timeout: 60000 });
	await page.waitForTimeout(800);
	await dismissPopups(page);
}

const nodeCreator = {
	/**
	 * The panel for the first step: the canvas's "Add first step" button.
	 * @param {Page} page
	 */
	async openForFirstStep(page) {
		await page.locator('[data-test-id="canvas-add-button"]').first().click();
		await page.locator('[data-test-id="node-creator-search-bar"]').waitFor();
	},

	/**
	 * The panel for the next step after a node: the "+" on that node's output.
	 * @param {Page} page
	 * @param {string} nodeName
	 */
	async openAfter(page, nodeName) {
		await page
			.locator(
				`[data-test-id="canvas-node-output-handle"][data-node-name="${nodeName}"] [data-test-id="canvas-handle-plus"]`,
			)
			.first()
			.click();
		await page.locator('[data-test-id="node-creator-search-bar"]').waitFor();
	},

	/**
	 * @param {Page} page
	 * @param {string} text
	 */
	async search(page, text) {
		const bar = page.locator('[data-test-id="node-creator-search-bar"]');
		await bar.fill('');
		await bar.pressSequentially(text, { delay: 30 });
		await page.waitForTimeout(700);
	},

	/**
	 * The names of the nodes listed (search results or a category).
	 * @param {Page} page
	 */
	async itemNames(page) {
		return (await page.locator('[data-test-id="node-creator-item-name"]').allInnerTexts()).map(
			(t) => t.trim(),
		);
	},

	/**
	 * The text of the panel (to show what it said when a check fails).
	 * @param {Page} page
	 */
	async text(page) {
		return (
			await page
				.locator('[data-test-id="node-creator"]')
				.first()
				.innerText()
				.catch(() => '')
		)
			.replace(/\s+/g, ' ')
			.trim();
	},

	/**
	 * @param {Page} page
	 * @param {string | RegExp} name
	 */
	async openItem(page, name) {
		await page
			.locator('[data-test-id="node-creator-item-name"]', { hasText: name })
			.first()
			.click();
		await page.waitForTimeout(700);
	},

	/**
	 * After opening an entry: its sections (unfolded) and their items, e.g. { Triggers: [...], Actions: [...] }.
	 * @param {Page} page
	 * @returns {Promise<Record<string, string[]>>}
	 */
	async actionsBySection(page) {
		const folded = page.locator(
			'[data-category-collapsed="true"] [data-test-id="node-creator-category-item"]',
		);
		for (let guard = 0; guard < 5 && (await folded.count()) > 0; guard++) {
			await folded.first().click();
			await page.waitForTimeout(300);
		}
		return await page
			.locator('[data-test-id="node-creator"]')
			.first()
			// runs in the page: any, as this project's TypeScript has no DOM types
			.evaluate((/** @type {any} */ root) => {
				/** @type {Record<string, string[]>} */
				const sections = {};
				for (const group of root.querySelectorAll('[data-category-collapsed]')) {
					const title = (
						group.querySelector('[data-test-id="node-creator-category-item"]')?.textContent || ''
					)
						.trim()
						.replace(/\s*\(\d+\)$/, '');
					sections[title] = [
						...group.querySelectorAll(
							'[data-test-id="item-iterator-item"] [data-test-id="node-creator-item-name"]',
						),
					].map((/** @type {any} */ e) => e.textContent.trim());
				}
				return sections;
			});
	},

	/**
	 * @param {Page} page
	 * @param {string} name
	 */
	async clickAction(page, name) {
		await page.locator('[data-test-id="item-iterator-item"]', { hasText: name }).first().click();
		await page.waitForTimeout(700);
	},

	/** @param {Page} page */
	async close(page) {
		await page.keyboard.press('Escape').catch(() => {});
		await page.waitForTimeout(300);
	},
};

/**
 * Double-clicks a canvas node and waits for its parameter panel; returns the panel's locator.
 * @param {Page} page
 * @param {string} nodeName
 */
async function openNodePanel(page, nodeName) {
	await page
		.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`)
		.first()
		.dblclick();
	const panel = page.locator('[data-test-id="node-parameters"]').first();
	await panel.waitFor({ timeout: 30000 });
	await page.waitForTimeout(500);
	return panel;
}

/** @param {Page} page */
async function closeNodePanel(page) {
	const close = page.locator('[data-test-id="ndv-close-button"]:visible').first();
	if (await close.count()) await close.click({ timeout: 3000 }).catch(() => {});
	else await page.keyboard.press('Escape').catch(() => {});
	await page
		.locator('[data-test-id="node-parameters"]')
		.first()
		.waitFor({ state: 'hidden', timeout: 10000 })
		.catch(() => {});
}

/**
 * The value an options parameter shows in the panel (its dropdown's text).
 * @param {Page} page
 * @param {string} parameterName
 */
async function shownOption(page, parameterName) {
	return await page
		.locator(`[data-test-id="parameter-input-${parameterName}"] input`)
		.first()
		.inputValue({ timeout: 5000 })
		.catch(() => undefined);
}

/**
 * Picks an option of an options parameter in the open panel by the text it shows.
 * @param {Page} page
 * @param {string} parameterName
 * @param {string} optionText
 */
async function chooseOption(page, parameterName, optionText) {
	await page.locator(`[data-test-id="parameter-input-${parameterName}"] input`).first().click();
	await page
		.locator('.el-select-dropdown__item:visible, [role="option"]:visible', { hasText: optionText })
		.first()
		.click({ timeout: 5000 });
	await page.waitForTimeout(500);
}

/**
 * Whether the open panel shows this parameter.
 * @param {Page} page
 * @param {string} parameterName
 */
async function parameterShown(page, parameterName) {
	return await page
		.locator(`[data-test-id="parameter-input-${parameterName}"]`)
		.first()
		.isVisible()
		.catch(() => false);
}

/**
 * The names of the nodes on the canvas (every canvas node carries data-node-name).
 * @param {Page} page
 * @returns {Promise<string[]>}
 */
async function canvasNodeNames(page) {
	await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 15000 });
	return await page
		.locator('[data-test-id="canvas-node"]')
		// runs in the page: any, as this project's TypeScript has no DOM types
		.evaluateAll((/** @type {any[]} */ nodes) =>
			nodes.map((n) => n.getAttribute('data-node-name')),
		);
}

/**
 * The subtitle a canvas node shows.
 * @param {Page} page
 * @param {string} nodeName
 */
async function canvasSubtitle(page, nodeName) {
	const node = page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`).first();
	return (
		await node
			.locator('[data-test-id="canvas-node-subtitle"], [class*="subtitle"]')
			.first()
			.innerText({ timeout: 5000 })
			.catch(() => '')
	).trim();
}

module.exports = {
	browser,
	launchBrowser,
	dismissPopups,
	login,
	openWorkflow,
	nodeCreator,
	openNodePanel,
	closeNodePanel,
	shownOption,
	chooseOption,
	parameterShown,
	canvasNodeNames,
	canvasSubtitle,
};
