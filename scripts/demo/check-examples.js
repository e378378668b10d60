#!/usr/bin/env node
'use strict';
// Keeps examples/ from rotting: imports every example workflow into a scratch n8n (the packed
// package installed as a community package, a credential pointing at the GPTBots simulator),
// runs the manual-trigger ones headless (`n8n execute`), then starts n8n and drives the others
// through their real entry points (webhook, form, callback, trigger). Last line "N passed, M failed";
// exit code 1 on any failure.
//   node scripts/demo/check-examples.js [--line legacy|current] [--keep]

const fs = require('fs');
const os = require('os');
const path = require('path');

const env = require('./env');
const { CREDENTIAL_TYPE, NODE_TYPE, SIM_API_KEY, TRIGGER_TYPE } = require('../lib/constants');
const { tail } = require('../lib/log');
const { cleanupAll, onCleanup } = require('../lib/processes');
const { freePort, pool, request, startSimulator, waitFor } = require('../lib/http');
const { n8nContext } = require('../lib/install');
const { restExecutions, restExecutionData } = require('../lib/executions');
const { waitForWebhook } = require('../lib/n8nStart');
const { executeWorkflow } = require('../lib/workflows');
const { C } = env;
env.setLogPrefix('examples');

const results = [];
function check(label, ok, detail) {
	results.push({ label, ok: Boolean(ok) });
	process.stdout.write(`[examples] ${ok ? 'PASS' : 'FAIL'} ${label}${ok || detail === undefined ? '' : `\n           ${String(detail).slice(0, 1500).split('\n').join('\n           ')}`}\n`);
	return Boolean(ok);
}
const show = (v) => (v === undefined ? 'undefined' : JSON.stringify(v));

/** What the contract allows, checked without n8n: catches a renamed parameter or value early. */
function staticChecks(examples) {
	const modes = ['sync', 'async', 'asyncPoll', 'asyncWebhook'];
	const sources = ['fields', 'json', 'item', 'mapped'];
	const optionNames = ['outputMode', 'failOnRunFailure', 'timeout', 'pollInterval', 'maxWait', 'concurrency', 'retryInvokeWhenSafe', 'maxFileSize', 'downloadFiles', 'downloadFields', 'checkInputAgainstRuns'];
	for (const { file, workflow } of examples) {
		const problems = [];
		if (!workflow.id || !workflow.name || !Array.isArray(workflow.nodes) || typeof workflow.connections !== 'object') problems.push('not an n8n workflow export (id, name, nodes, connections)');
		const names = new Set(workflow.nodes.map((n) => n.name));
		for (const [from, out] of Object.entries(workflow.connections)) {
			if (!names.has(from)) problems.push(`connection from unknown node ${from}`);
			for (const target of (out.main || []).flat()) if (!names.has(target.node)) problems.push(`connection to unknown node ${target.node}`);
		}
		for (const node of workflow.nodes) {
			if (node.type === NODE_TYPE || node.type === `${NODE_TYPE}Tool`) {
				const p = node.parameters;
				if (!['invoke', 'getResult', 'getRuns'].includes(p.operation ?? 'invoke')) problems.push(`${node.name}: operation ${p.operation}`);
				if (!modes.includes(p.mode ?? 'sync')) problems.push(`${node.name}: mode ${p.mode}`);
				if (!sources.includes(p.inputSource ?? 'fields')) problems.push(`${node.name}: inputSource ${p.inputSource}`);
				for (const key of Object.keys(p.options || {})) if (!optionNames.includes(key)) problems.push(`${node.name}: unknown option ${key}`);
				const cred = node.credentials?.[CREDENTIAL_TYPE];
				if (!cred || cred.id !== C.DEMO_CREDENTIAL.id || cred.name !== C.DEMO_CREDENTIAL.name) problems.push(`${node.name}: credential reference ${show(cred)}`);
			}
			if (node.type === TRIGGER_TYPE && !node.webhookId) problems.push(`${node.name}: no webhookId`);
			// A reference is {id, name}; anything more (e.g. `data`) would be the credential itself.
			const leaked = Object.values(node.credentials || {}).some((ref) => Object.keys(ref).some((key) => !['id', 'name'].includes(key)));
			if (leaked) problems.push(`${node.name}: credential data in the file`);
		}
		check(`${file}: a valid export, contract parameters, credential by reference only`, problems.length === 0, problems.join('\n'));
	}
}

const firstJson = (run, node) => run.output(node)?.map((i) => i.json);

async function headless(ctx, sim, n8nUrl) {
	const tasks = [
		async () => {
			const run = await executeWorkflow(ctx, C.IDS.asyncPoll);
			const out = firstJson(run, 'Result') || [];
			check('async-run-and-wait.json: n8n execute exits 0', run.code === 0, tail(run.stdout + run.stderr, 15));
			check('async-run-and-wait.json: 3 runs polled to SUCCEED, answers paired with their topics', out.length === 3 && out.every((r) => r.status === 'SUCCEED' && r.answer.includes(r.topic)), show(out));
		},
		async () => {
			// Runs alone (see below): the simulator's peak then counts this example's requests only.
			sim.state.peakInFlight = sim.state.inFlight;
			const run = await executeWorkflow(ctx, C.IDS.perRow);
			const out = firstJson(run, 'Answers') || [];
			check('run-per-row.json: n8n execute exits 0', run.code === 0, tail(run.stdout + run.stderr, 15));
			const inOrder = out.length === 25 && out.every((r, i) => r.name === `Customer ${i + 1}` && r.answer.includes(r.question));
			check('run-per-row.json: 25 rows, 25 answers in row order, each paired with its own row', inOrder, show(out.slice(0, 3)));
			check('run-per-row.json: at most 5 runs in flight (Concurrency 5)', sim.state.peakInFlight <= 5, `peak ${sim.state.peakInFlight}`);
		},
		async () => {
			const run = await executeWorkflow(ctx, C.IDS.triggerSender);
			const item = firstJson(run, 'GPTBots Workflow')?.[0];
			check('trigger-follow-up-sender.json: n8n execute exits 0 with a PENDING run', run.code === 0 && item?.status === 'PENDING' && item?.workflowRunId, `${show(item)}\n${tail(run.stdout + run.stderr, 10)}`);
			const record = item && sim.state.runs.get(item.workflowRunId);
			const hook = record?.webhooks?.[0];
			check("trigger-follow-up-sender.json: the run's webhook is the trigger's URL with the secret header",
				hook?.url === `${n8nUrl}/webhook/${C.TRIGGER_WEBHOOK_ID}/gptbots` && hook?.method === 'POST' && hook?.headers?.['X-GPTBots-Secret'] === C.TRIGGER_SECRET, show(hook));
			return item?.workflowRunId;
		},
		async () => {
			const run = await executeWorkflow(ctx, C.IDS.summarisePdf);
			const out = firstJson(run, 'Summary')?.[0];
			check('summarise-a-pdf.json: n8n execute exits 0', run.code === 0, tail(run.stdout + run.stderr, 15));
			const received = [...sim.state.runs.values()].map((r) => r.run.input).find((input) => input?.document?.name === C.SAMPLE_PDF_NAME);
			check('summarise-a-pdf.json: GPTBots received the PDF as a file object (format pdf, its name, its bytes)',
				received?.document?.format === 'pdf' && received.document.bytes > 0 && /^[0-9a-f]{64}$/.test(received.document.sha256 ?? '') && received.instruction?.startsWith('Summarise'), show(received));
			check('summarise-a-pdf.json: Summary pairs the answer with the file', out?.file === C.SAMPLE_PDF_NAME && out?.summary?.startsWith('processed'), show(out));
		},
		async () => {
			const run = await executeWorkflow(ctx, C.IDS.makeDocument);
			check('make-a-document.json: n8n execute exits 0', run.code === 0, tail(run.stdout + run.stderr, 15));
			const made = run.output('GPTBots Workflow')?.[0];
			const { name, bytes } = C.SAMPLE_DOCUMENT;
			check('make-a-document.json: the file URL came back as the binary property "document"', made?.binary?.document?.fileName === name && !made?.json?.fileErrors, show(made?.binary?.document ?? made?.json));
			const text = firstJson(run, 'Read the Document')?.[0]?.text;
			const expected = require('../../simulator/files').fileContent(name, bytes).toString('utf8');
			check('make-a-document.json: the next node reads exactly the file GPTBots answered with', text === expected, show(String(text).slice(0, 80)));
		},
	];
	const outcomes = [];
	// The per-row example first and alone, so that its in-flight peak is its own; the rest two at a time.
	outcomes[1] = await tasks[1]();
	// The simulator answers every run with a document URL meanwhile: only make-a-document downloads it.
	sim.configure({ outputFiles: { document: C.SAMPLE_DOCUMENT } });
	try {
		await pool([0, 2, 3, 4].map((i) => async () => (outcomes[i] = await tasks[i]())), 2);
	} finally {
		sim.configure({ outputFiles: null });
	}
	return { senderRunId: outcomes[2] };
}

async function newExecution(rest, workflowId, before, timeoutMs = 30000) {
	return await waitFor(`an execution of ${workflowId}`, async () => {
		const list = await restExecutions(rest, workflowId);
		return list.find((e) => !before.includes(String(e.id)) && !['new', 'running', 'waiting'].includes(e.status));
	}, { timeoutMs, intervalMs: 300 });
}
const ids = async (rest, workflowId) => (await restExecutions(rest, workflowId)).map((e) => String(e.id));
const nodeOut = (exec, node) => exec?.data?.resultData?.runData?.[node]?.[0]?.data?.main?.[0]?.map((i) => i.json);

async function served(server, rest, sim, senderRunId) {
	// sync-run-from-webhook
	const hook = env.productionUrl(server, C.WEBHOOK_PATHS.webhook);
	await waitForWebhook(hook);
	const res = await request('POST', hook, { body: { topic: 'check-examples' } });
	check('sync-run-from-webhook.json: POST answers 200 with the run\'s output', res.status === 200 && res.json?.status === 'SUCCEED' && res.json?.output?.answer?.includes('check-examples'), `${res.status} ${res.text.slice(0, 300)}`);

	// sync-run-from-form
	const formUrl = `${server.url}/form/${C.WEBHOOK_PATHS.form}`;
	const page = await request('GET', formUrl);
	check('sync-run-from-form.json: the form page is served', page.status === 200 && page.text.includes('Ask GPTBots') && page.text.includes('Topic'), `${page.status} ${page.text.slice(0, 200)}`);
	const form = new FormData();
	form.append('field-0', 'forms');
	const before = await ids(rest, C.IDS.form);
	// As the form page's script does: POST the fields, then open the formWaitingUrl it answers with,
	// which shows the Form Ending page once the workflow got there.
	const submitted = await fetch(formUrl, { method: 'POST', body: form });
	const submittedJson = await submitted.json().catch(() => undefined);
	const waitingUrl = submittedJson?.formWaitingUrl;
	check('sync-run-from-form.json: a submission is accepted and answered with the form-waiting URL', submitted.status === 200 && waitingUrl, `${submitted.status} ${show(submittedJson)}`);
	let ending = '';
	if (waitingUrl) {
		ending = await waitFor('the Form Ending page', async () => {
			const r = await request('GET', waitingUrl);
			return r.status === 200 && r.text.includes('GPTBots answered') ? r.text : false;
		}, { timeoutMs: 20000, intervalMs: 300 }).catch((e) => e.message);
	}
	check('sync-run-from-form.json: the ending page shows GPTBots\' answer for the topic', ending.includes('GPTBots answered') && /processed.*forms/.test(ending), ending.slice(0, 300));
	// The ending page's own script then POSTs back to its URL, which ends the execution.
	if (waitingUrl) await request('POST', waitingUrl, { body: {} }).catch(() => {});
	const formExec = await newExecution(rest, C.IDS.form, before).catch((e) => ({ status: e.message }));
	check('sync-run-from-form.json: the execution succeeded', formExec.status === 'success', show(formExec));

	// async-wait-by-callback
	const cbBefore = await ids(rest, C.IDS.callback);
	const cb = await request('POST', env.productionUrl(server, C.WEBHOOK_PATHS.callback), { body: { topic: 'callback-check' } });
	check('async-wait-by-callback.json: the webhook starts an execution (200)', cb.status === 200, `${cb.status} ${cb.text.slice(0, 200)}`);
	const cbExec = await newExecution(rest, C.IDS.callback, cbBefore).catch((e) => ({ status: e.message }));
	const cbData = cbExec.id ? await restExecutionData(rest, cbExec.id) : undefined;
	const cbResult = nodeOut(cbData, 'Result')?.[0];
	check('async-wait-by-callback.json: the execution waited, resumed on the callback and succeeded', cbExec.status === 'success' && cbResult?.status === 'SUCCEED' && cbResult?.answer?.includes('callback-check'), `${show(cbExec.status)} ${show(cbResult)}`);

	// trigger-follow-up: deliver the sender's run (from the headless phase) to the trigger, with
	// the webhook exactly as the sender's node configured it.
	const record = sim.state.runs.get(senderRunId);
	if (!check('trigger-follow-up.json: the sender\'s run is known to the simulator', record && record.webhooks?.length === 1, show(record && Object.keys(record)))) return;
	const view = (await request('POST', `${sim.url}/v1/workflow/query/result`, { headers: { authorization: `Bearer ${SIM_API_KEY}` }, body: { workflowRunId: senderRunId } })).json;
	const trBefore = await ids(rest, C.IDS.trigger);
	await waitForWebhook(env.triggerUrl(server));
	const delivery = await sim.deliver({ ...record.webhooks[0], run: view });
	check('trigger-follow-up.json: the trigger accepts the delivery (200)', delivery.statusCode === 200, show(delivery));
	const trExec = await newExecution(rest, C.IDS.trigger, trBefore).catch((e) => ({ status: e.message }));
	const trData = trExec.id ? await restExecutionData(rest, trExec.id) : undefined;
	const follow = nodeOut(trData, 'Follow-up')?.[0];
	check('trigger-follow-up.json: the follow-up ran with the run\'s result', trExec.status === 'success' && follow?.workflowRunId === senderRunId && follow?.status === 'SUCCEED', `${show(trExec.status)} ${show(follow)}`);
	const wrong = await request('POST', env.triggerUrl(server), { headers: { 'X-GPTBots-Secret': 'wrong' }, body: view });
	check('trigger-follow-up.json: a delivery without the secret is refused (401)', wrong.status === 401, `${wrong.status}`);
}

async function main() {
	const argv = process.argv.slice(2);
	const lineName = argv.includes('--line') ? argv[argv.indexOf('--line') + 1] : (argv.find((a) => a.startsWith('--line='))?.split('=')[1] ?? 'legacy');
	const keep = argv.includes('--keep');
	for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => cleanupAll().finally(() => process.exit(130)));
	env.setQuiet(false);
	env.checkPrerequisites(lineName);
	const started = Date.now();
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gptbots-examples-'));
	onCleanup('scratch folder', () => (keep ? env.say(`--keep: ${root}`) : fs.rmSync(root, { recursive: true, force: true })));
	try {
		const examples = env.readExamples();
		staticChecks(examples);
		const line = await env.ensureLine(lineName);
		const pack = await env.buildAndPack(path.join(root, 'pack'), { build: 'auto' });
		await env.prepareUserFolder(path.join(root, 'user'), pack);
		const ctx = n8nContext(line, path.join(root, 'user'));
		const { sim, url: simUrl } = await startSimulator({ latencyMs: 20, asyncDurationMs: 1000 });
		const port = await freePort();
		const n8nUrl = `http://127.0.0.1:${port}`;
		env.say(`n8n ${line.version}, scratch ${root}, simulator ${simUrl}`);
		const { examples: imported } = await env.importCredentialAndExamples(ctx, { kind: 'simulator', url: simUrl }, n8nUrl);
		check(`all ${examples.length} examples import into n8n ${line.version} (n8n import:workflow)`, imported.length === examples.length);

		const { senderRunId } = await headless(ctx, sim, n8nUrl);

		const server = await env.startN8n(ctx, port);
		const rest = await env.ownerLogin(server);
		for (const id of [C.IDS.webhook, C.IDS.form, C.IDS.callback, C.IDS.trigger]) {
			try {
				await env.activate(rest, id);
				check(`${id} activates`, true);
			} catch (error) {
				check(`${id} activates`, false, error.message);
			}
		}
		await served(server, rest, sim, senderRunId);
		for (const { file, workflow } of examples) {
			const got = await rest.get(`/rest/workflows/${workflow.id}`);
			const wf = got.json?.data;
			check(`${file}: reads back through n8n's REST API with all its nodes`, got.status === 200 && wf?.nodes?.length === workflow.nodes.length, `${got.status}`);
		}
		const types = await rest.get('/types/nodes.json');
		const known = new Set((types.json || []).map((t) => t.name));
		const used = new Set(examples.flatMap((e) => e.workflow.nodes.map((n) => n.type)));
		const missing = [...used].filter((t) => !known.has(t));
		check(`every node type the examples use is installed in n8n ${line.version}`, missing.length === 0, missing.join(', '));
	} catch (error) {
		check('the check runs to the end', false, error.stack || error.message);
	} finally {
		await cleanupAll();
	}
	const failed = results.filter((r) => !r.ok).length;
	console.log(`[examples] ${((Date.now() - started) / 1000).toFixed(1)} s`);
	console.log(`${results.length - failed} passed, ${failed} failed`);
	process.exitCode = failed || results.length === 0 ? 1 : 0;
}

main();
