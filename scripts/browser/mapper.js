'use strict';
// The resource mapper of "Fields from Recent Runs" (issue 14), as a user meets it: the GPTBots
// node opened with that input source lists the fields the simulator's seeded runs sent.
//   node-mapper.png  the node's panel with the fields learned from recent runs

const { request } = require('../lib/http');
const { gptNode, workflow, workflowId } = require('../lib/builders');
const { openWorkflow, openNodePanel, closeNodePanel } = require('./editor');

const KEY = 'browser:mapper';
const NODE = 'GPTBots mapped';
/** What the seeded runs sent, oldest first: the mapper should offer exactly these keys. */
const SEEDED_INPUTS = [
	{ topic: 'news', count: 3, lang: 'en' },
	{ topic: 'sport', count: 5, lang: 'de', urgent: true },
];

function workflows(credential) {
	const node = gptNode(
		NODE,
		{ operation: 'invoke', mode: 'sync', inputSource: 'mapped' },
		credential,
	);
	return [workflow(KEY, 'browser: fields from recent runs', [node], { connections: {} })];
}

async function mapper(t, { page, url, simUrl, snap }) {
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
}

module.exports = { workflows, steps: [['fields from recent runs (mapper)', mapper]] };
