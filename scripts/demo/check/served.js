'use strict';
// The examples that a running n8n serves, driven through their real entry points: the webhook,
// the form (page, submission, ending page), the wait by callback, and the trigger; then the agent
// examples (servedAgent.js).

const { request } = require('../../lib/request');
const { simulatorPost } = require('../../lib/simulator');
const { waitFor } = require('../../lib/wait');
const {
	restExecutionIds,
	tryNewExecutionOutput,
	waitForNewExecution,
} = require('../../lib/executions');
const { waitForWebhook } = require('../../lib/n8nStart');
const { Checks, show } = require('../../lib/checks');
const C = require('../constants');
const { productionUrl, triggerUrl } = require('../n8nServer');
const { servedAgentExamples } = require('./servedAgent');

/**
 * What each served example gets; `senderRunId` is the run the headless phase started.
 * @typedef {{ server: import('../n8nServer').N8nServer, rest: import('../n8nServer').RestClient,
 *   sim: import('../../lib/simulator').Simulator, senderRunId: string | undefined,
 *   results: import('../../lib/checks').CheckResult[] }} ServedEnv
 */

/**
 * The new execution of a workflow, or { status: why not } (a failed check shows it).
 * @param {ServedEnv['rest']} rest
 * @param {string} workflowId
 * @param {string[]} before
 */
const newExecution = (rest, workflowId, before) =>
	waitForNewExecution(rest, workflowId, before).catch((/** @type {Error} */ e) => ({
		status: e.message,
	}));

/** @param {ServedEnv} env */
async function syncRunFromWebhook({ server, results }) {
	const t = new Checks('sync-run-from-webhook.json', results);
	const hook = productionUrl(server, C.WEBHOOK_PATHS.webhook);
	await waitForWebhook(hook);
	const res = await request('POST', hook, { body: { topic: 'check-examples' } });
	t.check(
		"POST answers 200 with the run's output",
		res.status === 200 &&
			res.json?.status === 'SUCCEED' &&
			res.json?.output?.answer?.includes('check-examples'),
		`${res.status} ${res.text.slice(0, 300)}`,
	);
	// A body GPTBots cannot take: the node's error output answers the caller with its message.
	const bad = await request('POST', hook, { body: [1, 2] });
	t.check(
		"a bad body ([1,2]) is answered 400 with the node's message",
		bad.status === 400 &&
			bad.json?.error === 'Input (JSON): must be a JSON object, got an array [item 0]',
		`${bad.status} ${bad.text.slice(0, 300)}`,
	);
}

/** @param {ServedEnv} env */
async function syncRunFromForm({ server, rest, results }) {
	const t = new Checks('sync-run-from-form.json', results);
	const formUrl = `${server.url}/form/${C.WEBHOOK_PATHS.form}`;
	const page = await request('GET', formUrl);
	t.check(
		'the form page is served',
		page.status === 200 && page.text.includes('Ask GPTBots') && page.text.includes('Topic'),
		`${page.status} ${page.text.slice(0, 200)}`,
	);
	const form = new FormData();
	form.append('field-0', 'forms');
	const before = await restExecutionIds(rest, C.IDS.form);
	// As the form page's script does: POST the fields, then open the formWaitingUrl it answers with,
	// which shows the Form Ending page once the workflow got there.
	const submitted = await fetch(formUrl, { method: 'POST', body: form });
	// the form's answer: JSON that names the form-waiting URL
	const submittedJson = /** @type {{ formWaitingUrl?: string } | undefined} */ (
		await submitted.json().catch(() => undefined)
	);
	const waitingUrl = submittedJson?.formWaitingUrl;
	t.check(
		'a submission is accepted and answered with the form-waiting URL',
		submitted.status === 200 && waitingUrl,
		`${submitted.status} ${show(submittedJson)}`,
	);
	let ending = '';
	if (waitingUrl) {
		ending = await waitFor(
			'the Form Ending page',
			async () => {
				const r = await request('GET', waitingUrl);
				return r.status === 200 && r.text.includes('GPTBots answered') ? r.text : false;
			},
			{ timeoutMs: 20000, intervalMs: 300 },
		).catch((/** @type {Error} */ e) => e.message);
	}
	t.check(
		"the ending page shows GPTBots' answer for the topic",
		ending.includes('GPTBots answered') && /processed.*forms/.test(ending),
		ending.slice(0, 300),
	);
	// The ending page's own script then POSTs back to its URL, which ends the execution.
	if (waitingUrl) await request('POST', waitingUrl, { body: {} }).catch(() => {});
	const exec = await newExecution(rest, C.IDS.form, before);
	t.check('the execution succeeded', exec.status === 'success', show(exec));
}

/** @param {ServedEnv} env */
async function asyncWaitByCallback({ server, rest, results }) {
	const t = new Checks('async-wait-by-callback.json', results);
	const before = await restExecutionIds(rest, C.IDS.callback);
	const cb = await request('POST', productionUrl(server, C.WEBHOOK_PATHS.callback), {
		body: { topic: 'callback-check' },
	});
	t.check(
		'the webhook starts an execution (200)',
		cb.status === 200,
		`${cb.status} ${cb.text.slice(0, 200)}`,
	);
	const { exec, item: result } = await tryNewExecutionOutput(
		rest,
		C.IDS.callback,
		before,
		'Result',
	);
	t.check(
		'the execution waited, resumed on the callback and succeeded',
		exec.status === 'success' &&
			result?.status === 'SUCCEED' &&
			result?.answer?.includes('callback-check'),
		`${show(exec.status)} ${show(result)}`,
	);
}

/**
 * Delivers the sender's run (from the headless phase) to the trigger, with the webhook exactly as
 * the sender's node configured it.
 * @param {ServedEnv} env
 */
async function triggerFollowUp({ server, rest, sim, senderRunId, results }) {
	const t = new Checks('trigger-follow-up.json', results);
	const record = senderRunId === undefined ? undefined : sim.state.runs.get(senderRunId);
	if (
		!t.check(
			"the sender's run is known to the simulator",
			record && record.webhooks?.length === 1,
			show(record && Object.keys(record)),
		)
	)
		return;
	// the simulator is started: it has its URL
	const simUrl = /** @type {string} */ (sim.url);
	const view = (
		await simulatorPost(simUrl, '/v1/workflow/query/result', { workflowRunId: senderRunId })
	).json;
	const before = await restExecutionIds(rest, C.IDS.trigger);
	await waitForWebhook(triggerUrl(server));
	const delivery = await sim.deliver({ ...record.webhooks[0], run: view });
	t.check('the trigger accepts the delivery (200)', delivery.statusCode === 200, show(delivery));
	const { exec, item: follow } = await tryNewExecutionOutput(
		rest,
		C.IDS.trigger,
		before,
		'Follow-up',
	);
	t.check(
		"the follow-up ran with the run's result",
		exec.status === 'success' &&
			follow?.workflowRunId === senderRunId &&
			follow?.status === 'SUCCEED',
		`${show(exec.status)} ${show(follow)}`,
	);
	const wrong = await request('POST', triggerUrl(server), {
		headers: { 'X-GPTBots-Secret': 'wrong' },
		body: view,
	});
	t.check(
		'a delivery without the secret is refused (401)',
		wrong.status === 401,
		`${wrong.status}`,
	);
}

/**
 * Runs the served examples one after another on the running n8n `server`.
 * @param {ServedEnv['server']} server
 * @param {ServedEnv['rest']} rest
 * @param {ServedEnv['sim']} sim
 * @param {string | undefined} senderRunId
 * @param {ServedEnv['results']} results
 */
async function served(server, rest, sim, senderRunId, results) {
	const env = { server, rest, sim, senderRunId, results };
	for (const example of [
		syncRunFromWebhook,
		syncRunFromForm,
		asyncWaitByCallback,
		triggerFollowUp,
		...servedAgentExamples,
	])
		await example(env);
}

module.exports = { served };
