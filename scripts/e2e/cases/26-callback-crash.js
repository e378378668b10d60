'use strict';
// Wait by callback across a crash of n8n: 10 items wait by callback, n8n is killed with SIGKILL
// and started again. The simulator delivers at least once (retries any non-2xx every 3 s).
//   (a) the callbacks arrive after the restart (the simulator holds them, webhookHold, while the
//       runs end and n8n is down and starting, then lets them go);
//   (b) the callbacks go out while n8n is down (held until it is killed): they fail and are
//       retried until n8n is back.
// In both the execution resumes exactly once with all 10 results, none doubled.
// Stress mode (not in CI): `node scripts/e2e/run.js --only callbackCrash --stress 10` runs each
// scenario 10 times in a row (E2E_STRESS_TRIALS) and notes how many trials stayed stuck.
const { notes } = require('../../lib/log');
const { sleep, waitFor } = require('../../lib/wait');
const { executionsOf } = require('../../lib/executions');
const { waitForWebhook } = require('../../lib/n8nStart');
const { codeNode, gptNode } = require('../../lib/builders');
const { AT_LEAST_ONCE } = require('../../../simulator/options');
const { killN8n, restartN8n } = require('../crash');
const { reports } = require('../reports');
const { start, startUrl, webhookStartedWorkflow } = require('../startAndWait');

const KEY = 'callback-crash';
const ITEMS = 10;
const RESULTS_TIMEOUT_MS = 240000;

const itemsCode = `const { tag, base } = $input.first().json.body;
return Array.from({ length: ${ITEMS} }, (_, k) => ({ json: { tag, k, __durationMs: base + 150 * k } }));`;

/**
 * @typedef {import('../run').E2eEnv} E2eEnv
 * @typedef {import('../../lib/checks').Checks} Checks
 * The slowest restart so far, over all trials.
 * @typedef {{ restartMs: number }} Timing
 */

const trialsWanted = () => Math.max(1, Number(process.env.E2E_STRESS_TRIALS) || 1);
/** E2E_CRASH_SCENARIOS=a or b runs one of them (stress runs); both by default. */
const scenarios = () =>
	['a', 'b'].filter((s) => (process.env.E2E_CRASH_SCENARIOS || 'a,b').split(',').includes(s));

/**
 * Waits until the execution of this trial is saved as waiting; resolves its id.
 * @param {E2eEnv} env
 * @param {number} before the last execution id before the trial
 */
async function waitingExecution(env, before) {
	return await waitFor(
		'the execution waits by callback',
		async () => {
			const rows = await executionsOf(env.ctx, env.id(KEY));
			const row = rows.find((r) => r.id > before && r.status === 'waiting');
			return row ? row.id : false;
		},
		{ timeoutMs: 60000, intervalMs: 300 },
	);
}

/**
 * @param {E2eEnv} env
 * @param {Set<string>} runIds
 */
const resumeAttempts = (env, runIds) =>
	env.sim.state.deliveries.filter(
		(d) => String(d.url).includes('/webhook-waiting/') && runIds.has(d.runId),
	);

/**
 * One trial of scenario `scenario`; resolves { stuck, doubled, detail }.
 * @param {Checks} t
 * @param {E2eEnv} env
 * @param {string} scenario
 * @param {number} n
 * @param {Timing} timing
 */
async function trial(t, env, scenario, n, timing) {
	try {
		return await runTrial(t, env, scenario, n, timing);
	} finally {
		env.sim.configure({ webhookHold: false });
	}
}

/**
 * @param {Checks} t
 * @param {E2eEnv} env
 * @param {string} scenario
 * @param {number} n
 * @param {Timing} timing
 */
async function runTrial(t, env, scenario, n, timing) {
	const tag = `${env.line.name}-${scenario}-${n}`;
	const label = `(${scenario}) trial ${n}`;
	const before = Math.max(0, ...(await executionsOf(env.ctx, env.id(KEY))).map((r) => r.id));
	env.sim.configure({ webhookHold: true }); // no callback before n8n is killed
	const started = await start(env, KEY, { tag, base: 1500 });
	t.equal(`${label}: the execution started`, started.status, 200);
	const executionId = await waitingExecution(env, before);
	/** @type {Set<string>} */
	const runIds = new Set(
		[...env.sim.state.runs.values()]
			.filter((record) => record.run?.input?.tag === tag)
			.map((record) => record.run.workflowRunId),
	);
	t.equal(`${label}: ${ITEMS} runs started`, runIds.size, ITEMS);

	await killN8n(env);
	if (scenario === 'a') {
		await waitFor(
			'every run ended',
			() => [...runIds].every((id) => env.sim.state.runs.get(id)?.run?.status === 'SUCCEED'),
			{ timeoutMs: 60000, intervalMs: 200 },
		);
	} else {
		// the callbacks go out now, and each fails at least once while n8n is down
		env.sim.configure({ webhookHold: false });
		await waitFor(
			'every callback failed while n8n is down',
			() => {
				const failed = new Set(
					resumeAttempts(env, runIds)
						.filter((d) => d.statusCode === null)
						.map((d) => d.runId),
				);
				return failed.size === ITEMS;
			},
			{ timeoutMs: 60000, intervalMs: 200 },
		);
	}
	const downAt = Date.now();
	timing.restartMs = Math.max(timing.restartMs, await restartN8n(env));
	const upAt = Date.now();
	if (scenario === 'a') {
		env.sim.configure({ webhookHold: false });
		const early = resumeAttempts(env, runIds).filter((d) => d.sentAt < upAt);
		t.equal(`${label}: no callback was sent before n8n was back`, early.length, 0);
	}

	let stuck = false;
	try {
		await waitFor(
			`${ITEMS} results of ${tag}`,
			() => reports(env, KEY).filter((r) => r.body?.input?.tag === tag).length >= ITEMS,
			{ timeoutMs: RESULTS_TIMEOUT_MS, intervalMs: 300 },
		);
	} catch {
		stuck = true;
	}
	await sleep(4000); // time for a second resume, if there were one
	const got = reports(env, KEY).filter((r) => r.body?.input?.tag === tag);
	const ks = got.map((r) => r.body?.input?.k).sort((x, y) => x - y);
	const doubled = got.length > ITEMS;
	const attempts = resumeAttempts(env, runIds);
	/** @type {Record<string, number>} */
	const codes = {};
	for (const d of attempts)
		codes[d.statusCode ?? 'refused'] = (codes[d.statusCode ?? 'refused'] || 0) + 1;
	const rows = (await executionsOf(env.ctx, env.id(KEY))).filter((r) => r.id === executionId);
	const detail = `execution ${executionId} ${rows[0]?.status}; callbacks ${JSON.stringify(codes)}; back ${((Date.now() - downAt) / 1000).toFixed(0)} s after the kill`;
	t.check(`${label}: resumed, not stuck`, !stuck, detail);
	t.deepEqual(
		`${label}: every result once, each SUCCEED`,
		{ ks, statuses: [...new Set(got.map((r) => r.body?.status))] },
		{ ks: Array.from({ length: ITEMS }, (_, k) => k), statuses: ['SUCCEED'] },
	);
	t.equal(`${label}: the execution ended in success`, rows[0]?.status, 'success');
	return { stuck, doubled, detail };
}

/** @type {import('../run').E2eCase} */
module.exports = {
	name: 'callbackCrash',
	kind: 'server',
	workflows: (env) => [
		webhookStartedWorkflow(env, KEY, 'callback: n8n killed while 10 items wait', [
			codeNode('Items', itemsCode),
			gptNode(
				'GPTBots',
				{
					operation: 'invoke',
					mode: 'asyncWebhook',
					inputSource: 'item',
					options: { maxWait: 900 },
				},
				env.cred.good,
			),
		]),
	],
	async run(t, env) {
		await waitForWebhook(startUrl(env, KEY));
		/** @type {Record<string, unknown>} */
		const keep = {};
		for (const name of Object.keys(AT_LEAST_ONCE)) keep[name] = env.sim.options[name];
		env.sim.configure(AT_LEAST_ONCE);
		const timing = { restartMs: 0 };
		try {
			for (const scenario of scenarios()) {
				const trials = trialsWanted();
				let stuck = 0;
				let doubled = 0;
				for (let n = 1; n <= trials; n++) {
					let outcome;
					try {
						outcome = await trial(t, env, scenario, n, timing);
					} catch (error) {
						// the trial could not be set up as its scenario wants: counted apart, not as stuck
						t.fail(`(${scenario}) trial ${n}: set up`, /** @type {Error} */ (error).message);
						if (!env.server?.child || env.server.child.exitCode !== null) throw error;
						continue;
					}
					if (outcome.stuck) stuck++;
					if (outcome.doubled) doubled++;
					if (outcome.stuck || outcome.doubled)
						notes.push(`crash (${scenario}) ${n}: ${outcome.detail}`);
				}
				notes.push(
					`n8n ${env.line.version}: crash scenario (${scenario}): ${trials} trials, ${stuck} stuck, ${doubled} with doubled results (slowest restart so far ${(timing.restartMs / 1000).toFixed(0)} s)`,
				);
			}
		} finally {
			env.sim.configure(keep);
		}
	},
};
