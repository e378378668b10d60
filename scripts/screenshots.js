#!/usr/bin/env node
'use strict';
// README screenshots from the real n8n editor, in headless Chromium (Debian's `chromium`):
//   docs/canvas.png        an example workflow on the canvas, after a run (item counts on the links)
//   docs/node-panel.png    the GPTBots Workflow node's parameter panel (double-clicked), with its output
//   docs/trigger-panel.png the GPTBots Workflow Trigger's parameter panel
// Needs: root (or chromium already installed) for `apt-get install -y chromium`; playwright-core
// is installed into the cache (~/.cache/n8n-nodes-gptbots/playwright), not into the project.
// The n8n is the demo's (scripts/demo.js --no-run, on a free port), stopped by PID at the end.
//   node scripts/screenshots.js [--line legacy|current] [--out docs] [--debug]

const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const env = require('./demo/env');
const { C, lib } = env;

const PLAYWRIGHT_VERSION = process.env.PLAYWRIGHT_CORE_VERSION || '1.65.1';
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const VIEWPORT = { width: 1440, height: 900 };

const argv = process.argv.slice(2);
const arg = (name, fallback) => {
	const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
	if (i < 0) return fallback;
	return argv[i].includes('=') ? argv[i].split('=').slice(1).join('=') : argv[i + 1];
};
const LINE = arg('--line', 'legacy');
const OUT = path.resolve(C.REPO, arg('--out', 'docs'));
const DEBUG = argv.includes('--debug');

const T0 = Date.now();
function say(message) {
	process.stdout.write(`[screenshots] ${((Date.now() - T0) / 1000).toFixed(1).padStart(5)}s ${message}\n`);
}

function ensureChromium() {
	if (fs.existsSync(CHROMIUM)) return;
	if (process.getuid && process.getuid() !== 0) {
		throw new env.DemoError(`${CHROMIUM} is missing: install Debian's chromium (sudo apt-get install -y chromium), or set CHROMIUM_PATH`);
	}
	say('installing Debian\'s chromium (apt-get install -y chromium) ...');
	const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
	if (install().status !== 0) {
		say('apt-get install failed: apt-get update, then once more');
		if (spawnSync('apt-get', ['update'], { stdio: 'inherit' }).status !== 0 || install().status !== 0) {
			throw new env.DemoError('could not install chromium with apt-get');
		}
	}
	if (!fs.existsSync(CHROMIUM)) throw new env.DemoError(`chromium installed, but ${CHROMIUM} is not there: set CHROMIUM_PATH`);
}

function loadPlaywright() {
	const prefix = path.join(lib.CACHE, 'playwright');
	const main = path.join(prefix, 'node_modules', 'playwright-core');
	const installed = fs.existsSync(path.join(main, 'package.json')) && JSON.parse(fs.readFileSync(path.join(main, 'package.json'), 'utf8')).version;
	if (installed !== PLAYWRIGHT_VERSION) {
		say(`installing playwright-core@${PLAYWRIGHT_VERSION} into ${prefix} (outside the project) ...`);
		fs.mkdirSync(prefix, { recursive: true });
		if (!fs.existsSync(path.join(prefix, 'package.json'))) fs.writeFileSync(path.join(prefix, 'package.json'), '{"name":"gptbots-screenshots-tools","private":true}\n');
		// No browser download: playwright-core drives the system's chromium.
		const result = spawnSync('npm', ['i', '--prefix', prefix, `playwright-core@${PLAYWRIGHT_VERSION}`, '--no-audit', '--no-fund', '--loglevel=error'], {
			stdio: 'inherit',
			cwd: prefix,
			env: { ...process.env, npm_config_cache: path.join(lib.CACHE, 'npm-cache'), PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
		});
		if (result.status !== 0) throw new env.DemoError('npm i playwright-core failed');
	}
	return require(main);
}

/** The demo (n8n + simulator + examples) as a child process; resolves { url, stop() } once it is up. */
async function startDemo() {
	// The demo's own port choice (5678 if free): URLs in the screenshots look like the docs'.
	const child = spawn(process.execPath, [path.join(C.REPO, 'scripts', 'demo.js'), '--no-run', '--line', LINE], {
		cwd: C.REPO,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let out = '';
	child.stdout.on('data', (d) => {
		out += d;
		if (DEBUG) process.stdout.write(d);
	});
	child.stderr.on('data', (d) => (out += d));
	// SIGINT makes the demo stop n8n and the simulator itself; stopProcess sends SIGTERM, also handled.
	const stop = () => lib.stopProcess(child, 'demo', 20000);
	lib.onCleanup(`demo pid ${child.pid}`, stop);
	await lib.waitFor('the demo to be up', () => {
		if (child.exitCode !== null) throw Object.assign(new Error(`the demo exited ${child.exitCode}:\n${lib.tail(out, 20)}`), { fatal: true });
		return /Ctrl-C stops everything/.test(out);
	}, { timeoutMs: 15 * 60 * 1000, intervalMs: 250 }).catch((error) => {
		throw new Error(`${error.message}\n${lib.tail(out, 20)}`);
	});
	const ready = out.match(/ready in ([\d.]+) s/);
	const url = out.match(/n8n editor:\s+(\S+)/)[1];
	say(`demo up on ${url}${ready ? ` (ready in ${ready[1]} s)` : ''}`);
	return { url, stop };
}

async function dismissPopups(page) {
	for (let i = 0; i < 3; i++) {
		await page.keyboard.press('Escape').catch(() => {});
		const closers = page.locator('.el-dialog__headerbtn:visible, [data-test-id="close-button"]:visible, .el-message-box__headerbtn:visible, .el-notification__closeBtn:visible');
		const count = await closers.count().catch(() => 0);
		for (let k = 0; k < count; k++) await closers.nth(k).click({ timeout: 1000 }).catch(() => {});
		await page.waitForTimeout(300);
	}
}

async function login(page, url) {
	await page.goto(`${url}/signin`, { waitUntil: 'domcontentloaded' });
	const email = page.locator('input[name="emailOrLdapLoginId"], input[name="email"], input[type="email"]').first();
	await email.waitFor({ timeout: 60000 });
	await email.fill(C.DEMO_OWNER.email);
	await page.locator('input[name="password"], input[type="password"]').first().fill(C.DEMO_OWNER.password);
	await page.locator('button[type="submit"], [data-test-id="form-submit-button"]').first().click();
	await page.waitForURL((u) => !String(u).includes('/signin'), { timeout: 60000 });
}

async function openWorkflow(page, url, id) {
	await page.goto(`${url}/workflow/${id}`, { waitUntil: 'domcontentloaded' });
	await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60000 });
	await page.waitForTimeout(1500);
	await dismissPopups(page);
}

/** Clicks the visible element with exactly this text that is furthest right (e.g. the output panel's tab). */
async function clickRightmost(page, text) {
	const candidates = page.getByText(text, { exact: true });
	let best;
	for (let i = 0; i < (await candidates.count()); i++) {
		const box = await candidates.nth(i).boundingBox().catch(() => null);
		if (box && (!best || box.x > best.box.x)) best = { i, box };
	}
	if (best) await candidates.nth(best.i).click({ timeout: 5000 }).catch(() => {});
	else say(`(no visible "${text}" to click)`);
}

/** Clicks "Execute workflow" and waits until the last node shows success. */
async function executeInEditor(page, lastNode) {
	await page.locator('[data-test-id="execute-workflow-button"]').first().click();
	const done = page.locator(`[data-test-id="canvas-node"][data-node-name="${lastNode}"] [data-test-id="canvas-node-status-success"]`);
	await done.waitFor({ timeout: 90000 }).catch(async () => {
		say(`(no success mark seen on ${lastNode} within 90 s; taking the screenshot anyway)`);
	});
	await page.waitForTimeout(1000);
	await dismissPopups(page);
}

async function nodeByName(page, name) {
	const byName = page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
	if (await byName.count()) return byName.first();
	return page.locator('[data-test-id="canvas-node"]').filter({ hasText: name }).first();
}

async function snap(page, file, options = {}) {
	const target = path.join(OUT, file);
	await page.screenshot({ path: target, ...options });
	say(`saved ${path.relative(C.REPO, target)}`);
	return target;
}

async function main() {
	for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => lib.cleanupAll().finally(() => process.exit(130)));
	env.checkPrerequisites(LINE);
	ensureChromium();
	const { chromium } = loadPlaywright();
	fs.mkdirSync(OUT, { recursive: true });
	const demo = await startDemo();

	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gptbots-chromium-'));
	lib.onCleanup('chromium profile', () => fs.rmSync(profile, { recursive: true, force: true }));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		viewport: VIEWPORT,
		deviceScaleFactor: 1,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
	});
	lib.onCleanup('chromium', () => context.close().catch(() => {}));
	const page = context.pages()[0] || (await context.newPage());
	page.setDefaultTimeout(30000);

	await login(page, demo.url);
	await dismissPopups(page);
	if (DEBUG) await page.screenshot({ path: path.join(os.tmpdir(), 'gptbots-debug-after-login.png') });

	// (a) The canvas: "one run per row", executed in the editor, so the links show item counts.
	await openWorkflow(page, demo.url, C.IDS.perRow);
	await executeInEditor(page, 'Answers');
	// Fit the workflow to the view (the canvas's own "zoom to fit" shortcut).
	await page.locator('#app').click({ position: { x: 5, y: 5 }, trial: true }).catch(() => {});
	await page.keyboard.press('1').catch(() => {});
	await page.waitForTimeout(800);
	await snap(page, 'canvas.png');

	// (b) The GPTBots Workflow node's panel (double-click), with input and output of that run.
	await (await nodeByName(page, 'GPTBots Workflow')).dblclick();
	await page.locator('[data-test-id="ndv"], .ndv-wrapper, [data-test-id="node-parameters"]').first().waitFor({ timeout: 30000 });
	await page.waitForTimeout(1500);
	await snap(page, 'node-panel.png');
	await page.keyboard.press('Escape');

	// (b2) The same node in the async example (mode, input fields, poll options), after a run.
	await openWorkflow(page, demo.url, C.IDS.asyncPoll);
	await executeInEditor(page, 'Result');
	await (await nodeByName(page, 'GPTBots Workflow')).dblclick();
	await page.locator('[data-test-id="node-parameters"]').first().waitFor({ timeout: 30000 });
	// The output as JSON (the run's fields), not the wide table.
	await clickRightmost(page, 'JSON');
	await page.waitForTimeout(1500);
	await snap(page, 'node-panel-async.png');
	await page.keyboard.press('Escape');

	// (c) The trigger's panel.
	await openWorkflow(page, demo.url, C.IDS.trigger);
	await (await nodeByName(page, 'GPTBots Workflow Trigger')).dblclick();
	await page.locator('[data-test-id="node-parameters"]').first().waitFor({ timeout: 30000 });
	// Unfold "Webhook URLs" and show the Production URL (what users copy into the GPTBots node).
	await page.getByText('Webhook URLs', { exact: true }).first().click().catch(() => {});
	await page.waitForTimeout(500);
	await page.locator('label:has-text("Production URL"), [role="radio"]:has-text("Production URL")').first().click({ timeout: 5000 }).catch(() => say('(could not switch the Webhook URLs to "Production URL")'));
	await page.waitForTimeout(1500);
	await snap(page, 'trigger-panel.png');
	await page.keyboard.press('Escape');
}

main()
	.then(() => lib.cleanupAll())
	.then(() => say('done; everything started here is stopped'))
	.catch(async (error) => {
		console.error(`[screenshots] failed: ${error instanceof env.DemoError ? error.message : error.stack || error.message}`);
		await lib.cleanupAll();
		process.exitCode = 1;
	});
