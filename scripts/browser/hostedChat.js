// @ts-check
'use strict';
// The chat example's public chat page: the Chat Trigger (public, hosted chat, response mode
// Streaming) serves it at its production URL, /webhook/<webhookId>/chat, once the workflow is
// active. A user types a message there and the GPTBots agent's answer grows piece by piece: this is
// how a user of n8n 2.8 (whose editor chat cannot stream, see chat.js) gets a streamed answer in a
// browser.
// The page loads n8n's chat widget (@n8n/chat, no version pinned in n8n's page: whatever is newest)
// and normalize.css from a public CDN that this machine cannot reach; those requests are answered
// from the same npm packages (CDN_PACKAGES), fetched once into the cache with `npm pack`.

const fs = require('fs');
const path = require('path');

const { CACHE } = require('../lib/constants');
const { chatUrl } = require('../lib/chat');
const { notes } = require('../lib/log');
const { runOk } = require('../lib/processes');
const { request } = require('../lib/request');
const { waitFor } = require('../lib/wait');
const C = require('../demo/constants');
const { activate } = require('../demo/n8nServer');
const { stagesOf, watchAnswer, withPacedPieces } = require('./answerGrowth');

const MESSAGE = 'hello from the public chat page';
const ANSWER = `You said: ${MESSAGE}`;
const CDN = 'https://cdn.jsdelivr.net/npm/';
/** The CDN's packages the page loads, at the versions served here (@n8n/chat: newest on npm). */
const CDN_PACKAGES = { '@n8n/chat': '1.37.0', 'normalize.css': '8.0.1' };
const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css' };

/**
 * The unpacked package's folder in the cache (`npm pack` + tar the first time).
 * @param {string} name
 * @param {string} version
 */
async function cdnPackage(name, version) {
	const dir = path.join(CACHE, 'cdn', `${name.replace('/', '+')}@${version}`);
	if (fs.existsSync(path.join(dir, 'package', 'package.json'))) return path.join(dir, 'package');
	fs.mkdirSync(dir, { recursive: true });
	const env = { ...process.env, npm_config_cache: path.join(CACHE, 'npm-cache') };
	const packed = await runOk('npm', ['pack', `${name}@${version}`, '--silent'], {
		cwd: dir,
		env,
		label: `npm pack ${name}@${version}`,
	});
	await runOk('tar', ['xzf', packed.stdout.trim().split('\n').at(-1) ?? ''], { cwd: dir });
	return path.join(dir, 'package');
}

/**
 * Answers the page's CDN requests from the packed packages; returns the undo.
 * @param {import('playwright-core').BrowserContext} context
 */
async function serveCdn(context) {
	/** @type {Record<string, string>} */
	const folders = {};
	for (const [name, version] of Object.entries(CDN_PACKAGES))
		folders[name] = await cdnPackage(name, version);
	/** @param {import('playwright-core').Route} route */
	const handler = async (route) => {
		const rest = route.request().url().slice(CDN.length).split('?')[0];
		const name = Object.keys(folders).find(
			(n) => rest.startsWith(`${n}/`) || rest.startsWith(`${n}@`),
		);
		const file = name && path.join(folders[name], rest.slice(rest.indexOf('/', name.length)));
		if (!name || !file || !file.startsWith(folders[name]) || !fs.existsSync(file))
			return route.fulfill({ status: 404, body: `not served here: ${rest}` });
		const type = TYPES[/** @type {keyof typeof TYPES} */ (path.extname(file))] ?? 'text/plain';
		return route.fulfill({ status: 200, contentType: type, body: fs.readFileSync(file) });
	};
	await context.route(`${CDN}**`, handler);
	return () => context.unroute(`${CDN}**`, handler);
}

/**
 * @param {import('../lib/checks').Checks} t
 * @param {import('./run').BrowserEnv} env
 */
async function hostedChatGrows(t, { page, url, simUrl, snap, rest, line }) {
	await activate(rest, C.IDS.agentChat);
	const pageUrl = chatUrl({ url }, C.AGENT_CHAT_WEBHOOK_ID);
	// Activation registers the webhook; wait until the page is served.
	await waitFor('the public chat page', async () => (await request('GET', pageUrl)).status === 200);
	const unroute = await serveCdn(page.context());
	/** @type {string[]} */
	const sent = [];
	/** @param {import('playwright-core').Request} req */
	const onRequest = (req) => {
		if (req.method() === 'POST') sent.push(new URL(req.url()).pathname);
	};
	await withPacedPieces(simUrl, async () => {
		try {
			await page.goto(pageUrl);
			page.on('request', onRequest);
			const input = page.locator('[data-test-id="chat-input"], .chat-inputs textarea').first();
			await input.waitFor({ timeout: 30000 });
			await input.fill(MESSAGE);
			await input.press('Enter');
			const bot = page.locator('.chat-message-from-bot');
			// The last bot message with the answer (a typing indicator may follow it while it streams).
			const readAnswer = async () => {
				const texts = await bot.allInnerTexts().catch(() => /** @type {string[]} */ ([]));
				return (texts.filter((shown) => shown.includes('You said')).at(-1) ?? '').trim();
			};
			const seen = await watchAnswer(page, readAnswer, ANSWER, {
				snap,
				file: 'agent-hosted-chat-streaming.png',
				after: 4,
			});
			const stages = stagesOf(seen, ANSWER).filter((text) => text !== ANSWER);
			t.check(
				"the public chat page sends the message to the Chat Trigger's production URL",
				sent.includes(new URL(pageUrl).pathname),
				JSON.stringify(sent),
			);
			t.check(
				`the public chat page shows the answer growing piece by piece (${stages.length} stages before the whole answer)`,
				stages.length >= 3,
				JSON.stringify(seen),
			);
			t.equal("the public chat page ends with the agent's whole answer", seen.at(-1), ANSWER);
			notes.push(
				`n8n ${line.version}: the public chat page (@n8n/chat ${CDN_PACKAGES['@n8n/chat']}) showed ${JSON.stringify(seen)}`,
			);
		} finally {
			page.off('request', onRequest);
			await unroute();
		}
	});
}

/** @type {import('./run').BrowserStep[]} */
const steps = [['hosted chat page grows piece by piece', hostedChatGrows]];

module.exports = { steps };
