'use strict';
// The examples that start with a manual trigger, run headless with `n8n execute` (no n8n server):
// each one's output, and what the simulator received from it.

const { tail } = require('../../lib/log');
const { pool } = require('../../lib/pool');
const { executeWorkflow } = require('../../lib/workflows');
const { Checks, show } = require('../../lib/checks');
const { fileContent } = require('../../../simulator/files');
const C = require('../constants');
const { triggerUrl } = require('../n8nServer');

/**
 * What each headless example gets.
 * @typedef {{ ctx: import('../../lib/install').N8nContext, sim: import('../../lib/simulator').Simulator,
 *   n8nUrl: string, results: import('../../lib/checks').CheckResult[] }} HeadlessEnv
 * @typedef {Awaited<ReturnType<typeof executeWorkflow>>} Execution
 */

/**
 * @param {Execution} run
 * @param {string} node
 */
const firstJson = (run, node) => run.output(node)?.map((i) => i.json);
const output = (/** @type {Execution} */ run) => tail(run.stdout + run.stderr, 15);

/** @param {HeadlessEnv} env */
async function asyncRunAndWait({ ctx, results }) {
	const t = new Checks('async-run-and-wait.json', results);
	const run = await executeWorkflow(ctx, C.IDS.asyncPoll);
	const out = firstJson(run, 'Result') || [];
	t.check('n8n execute exits 0', run.code === 0, output(run));
	t.check(
		'3 runs polled to SUCCEED, answers paired with their topics',
		out.length === 3 && out.every((r) => r.status === 'SUCCEED' && r.answer.includes(r.topic)),
		show(out),
	);
}

/** @param {HeadlessEnv} env */
async function runPerRow({ ctx, sim, results }) {
	const t = new Checks('run-per-row.json', results);
	// Runs alone (see headless): the simulator's peak then counts this example's requests only.
	sim.state.peakInFlight = sim.state.inFlight;
	const run = await executeWorkflow(ctx, C.IDS.perRow);
	const out = firstJson(run, 'Answers') || [];
	t.check('n8n execute exits 0', run.code === 0, output(run));
	const inOrder =
		out.length === 25 &&
		out.every((r, i) => r.name === `Customer ${i + 1}` && r.answer.includes(r.question));
	t.check(
		'25 rows, 25 answers in row order, each paired with its own row',
		inOrder,
		show(out.slice(0, 3)),
	);
	t.check(
		'at most 5 runs in flight (Concurrency 5)',
		sim.state.peakInFlight <= 5,
		`peak ${sim.state.peakInFlight}`,
	);
}

/**
 * Resolves the run id of the run it started (the served phase delivers it to the trigger).
 * @param {HeadlessEnv} env
 */
async function triggerSender({ ctx, sim, n8nUrl, results }) {
	const t = new Checks('trigger-follow-up-sender.json', results);
	const run = await executeWorkflow(ctx, C.IDS.triggerSender);
	const item = firstJson(run, 'GPTBots Workflow')?.[0];
	t.check(
		'n8n execute exits 0 with a PENDING run',
		run.code === 0 && item?.status === 'PENDING' && item?.workflowRunId,
		`${show(item)}\n${tail(run.stdout + run.stderr, 10)}`,
	);
	const hook = item && sim.state.runs.get(item.workflowRunId)?.webhooks?.[0];
	t.check(
		"the run's webhook is the trigger's URL with the secret header",
		hook?.url === triggerUrl({ url: n8nUrl }) &&
			hook?.method === 'POST' &&
			hook?.headers?.['X-GPTBots-Secret'] === C.TRIGGER_SECRET,
		show(hook),
	);
	return item?.workflowRunId;
}

/** @param {HeadlessEnv} env */
async function summariseAPdf({ ctx, sim, results }) {
	const t = new Checks('summarise-a-pdf.json', results);
	const run = await executeWorkflow(ctx, C.IDS.summarisePdf);
	const out = firstJson(run, 'Summary')?.[0];
	t.check('n8n execute exits 0', run.code === 0, output(run));
	const received = [...sim.state.runs.values()]
		.map((r) => r.run.input)
		.find((input) => input?.document?.name === C.SAMPLE_PDF_NAME);
	t.check(
		'GPTBots received the PDF as a file object (format pdf, its name, its bytes)',
		received?.document?.format === 'pdf' &&
			received.document.bytes > 0 &&
			/^[0-9a-f]{64}$/.test(received.document.sha256 ?? '') &&
			received.instruction?.startsWith('Summarise'),
		show(received),
	);
	t.check(
		'Summary pairs the answer with the file',
		out?.file === C.SAMPLE_PDF_NAME && out?.summary?.startsWith('processed'),
		show(out),
	);
}

/** @param {HeadlessEnv} env */
async function makeADocument({ ctx, results }) {
	const t = new Checks('make-a-document.json', results);
	const run = await executeWorkflow(ctx, C.IDS.makeDocument);
	t.check('n8n execute exits 0', run.code === 0, output(run));
	const made = run.output('GPTBots Workflow')?.[0];
	const { name, bytes } = C.SAMPLE_DOCUMENT;
	t.check(
		'the file URL came back as the binary property "document"',
		made?.binary?.document?.fileName === name && !made?.json?.fileErrors,
		show(made?.binary?.document ?? made?.json),
	);
	const text = firstJson(run, 'Read the Document')?.[0]?.text;
	const expected = fileContent(name, bytes).toString('utf8');
	t.check(
		'the next node reads exactly the file GPTBots answered with',
		text === expected,
		show(String(text).slice(0, 80)),
	);
}

/**
 * Runs the headless examples against the in-process simulator `sim`; `n8nUrl` is the address the
 * examples were imported for. Resolves { senderRunId } for the served phase.
 * @param {HeadlessEnv['ctx']} ctx
 * @param {HeadlessEnv['sim']} sim
 * @param {string} n8nUrl
 * @param {HeadlessEnv['results']} results
 */
async function headless(ctx, sim, n8nUrl, results) {
	const env = { ctx, sim, n8nUrl, results };
	// The per-row example first and alone, so that its in-flight peak is its own; the rest two at a time.
	await runPerRow(env);
	// The simulator answers every run with a document URL meanwhile: only make-a-document downloads it.
	sim.configure({ outputFiles: { document: C.SAMPLE_DOCUMENT } });
	/** @type {string | undefined} */
	let senderRunId;
	try {
		const sender = async () => (senderRunId = await triggerSender(env));
		await pool(
			[asyncRunAndWait, sender, summariseAPdf, makeADocument].map((fn) => () => fn(env)),
			2,
		);
	} finally {
		sim.configure({ outputFiles: null });
	}
	return { senderRunId };
}

module.exports = { headless };
