'use strict';
// The resource mapper of "Fields from Recent Runs" (issue 14), as a user meets it: the GPTBots
// node opened with that input source lists the fields the simulator's seeded runs sent, and the
// editor saves an untouched yes/no field empty, not false.
//   node-mapper.png  the node's panel with the fields learned from recent runs

const { request } = require('../lib/request');
const { waitFor } = require('../lib/wait');
const { notes } = require('../lib/log');
const { gptNode, workflow, workflowId } = require('../lib/builders');
const { openWorkflow, openNodePanel, closeNodePanel } = require('./editor');

const KEY = 'browser:mapper';
const NODE = 'GPTBots mapped';
/** What the seeded runs sent, oldest first: the mapper should offer exactly these keys. */
const SEEDED_INPUTS = [
	{ topic: 'news', count: 3, lang: 'en' },
	{ topic: 'sport', count: 5, lang: 'de', urgent: true },
];

/** @param {{ id: string, name: string }} credential */
function workflows(credential) {
	const node = gptNode(
		NODE,
		{ operation: 'invoke', mode: 'sync', inputSource: 'mapped' },
		credential,
	);
	return [workflow(KEY, 'browser: fields from recent runs', [node], { connections: {} })];
}

/**
 * @param {import('../lib/checks').Checks} t
 * @param {import('./run').BrowserEnv} env
 */
async function mapper(t, { page, url, simUrl, snap, rest, line }) {
	const seeded = await request('POST', `${simUrl}/__sim/seed-runs`, {
		body: { count: 6, inputs: SEEDED_INPUTS },
	});
	t.equal('the simulator took 6 seeded API runs', seeded.status, 200);
	await openWorkflow(page, url, workflowId(KEY));
	await openNodePanel(page, NODE);
	const panel = page.locator('[data-test-id="node-parameters"]').first();
	const keys = ['topic', 'count', 'lang', 'urgent'];
	const listed = await panel
		.getByText('urgent', { exact: false })
		.first()
		.waitFor({ timeout: 30000 })
		.then(
			() => true,
			() => false,
		);
	const text = await panel.innerText().catch(() => '');
	t.check(
		`the mapper lists the keys recent runs sent: ${keys.join(', ')}`,
		listed && keys.every((key) => text.includes(key)),
		text.slice(0, 600),
	);
	await snap('node-mapper.png');
	await closeNodePanel(page);

	// What the editor saves (it saves by itself) for the fields the user did not touch.
	const mapping = await savedMapping(rest);
	notes.push(
		`n8n ${line.version}: the editor saved the untouched mapper fields as ${JSON.stringify(mapping?.value)}`,
	);
	t.check(
		'the editor saved the mapper with the fields learned from recent runs',
		keys.every((key) =>
			mapping?.schema?.some((/** @type {{ id: string }} */ field) => field.id === key),
		),
		JSON.stringify(mapping),
	);
	t.check(
		'an untouched yes/no field is saved empty, not false (so it is not sent)',
		mapping?.value?.urgent === null || mapping?.value?.urgent === undefined,
		JSON.stringify(mapping?.value),
	);
}

/**
 * The node's saved mapper value, once the editor has saved it (up to 15 s); else undefined.
 * It is the workflow's JSON as n8n keeps it (any).
 * @param {import('../lib/rest').RestClient} rest
 * @returns {Promise<any>}
 */
async function savedMapping(rest) {
	const saved = async () => {
		const got = await rest.get(`/rest/workflows/${workflowId(KEY)}`);
		const node = (got.json?.data ?? got.json)?.nodes?.find(
			(/** @type {{ name: string }} */ n) => n.name === NODE,
		);
		const mapping = node?.parameters?.inputMapping;
		return mapping?.schema?.length ? mapping : false;
	};
	return await waitFor('the editor to save the mapper', saved, {
		timeoutMs: 15000,
		intervalMs: 500,
	}).catch(() => undefined);
}

/** @type {import('./run').BrowserStep[]} */
const steps = [['fields from recent runs (mapper)', mapper]];

module.exports = { workflows, steps };
