// @ts-check
'use strict';
// (c) The GPTBots Workflow Trigger under duplicate deliveries: across main and webhook process,
// one after another, within one process, and the Postgres-claim workaround.

const { timed } = require('../../lib/log');
const { pool } = require('../../lib/pool');
const W = require('../workflows');
const { check, figure, show, tally } = require('../report');
const { waitExecutionsEnded } = require('../n8n');

/** @param {import('./01-setup').QueueEnv} env */
async function run(env) {
	const { args, mainUrl, hookUrl, triggerPath, wfs, sim, executions, nonce } = env;
	// 3c. The GPTBots Workflow Trigger under duplicate deliveries ------------------------------
	const headers = { 'X-GPTBots-Secret': W.TRIGGER_SECRET };
	let triggerSeen = 0; // executions of the trigger workflow counted so far
	/**
	 * Executions per run id among the trigger executions after the first `skip`.
	 * @param {string[]} expectedIds
	 * @param {number} expectedMin
	 */
	async function triggerCounts(expectedIds, expectedMin) {
		const rows = await waitExecutionsEnded(executions, wfs.trigger.wf.id, {
			count: triggerSeen + expectedMin,
			timeoutMs: 90000,
			settleMs: 3000,
		});
		const exes = (await executions(wfs.trigger.wf.id)).slice(triggerSeen);
		triggerSeen = rows.length;
		const perId = Object.fromEntries(expectedIds.map((id) => [id, 0]));
		const stray = [];
		for (const exe of exes) {
			const id = exe.output(wfs.trigger.nodeName)?.[0]?.json?.workflowRunId;
			if (id in perId) perId[id]++;
			else stray.push(`${exe.id}:${id}`);
		}
		return { perId, exes, stray };
	}
	await timed(
		`(c) trigger: ${args.triggerIds} run ids x 2 deliveries, concurrently, one copy to main and one to the webhook process`,
		async () => {
			const ids = Array.from({ length: args.triggerIds }, (_, i) => `trg-x-${i}-${nonce}`);
			const sends = ids.flatMap((id, i) => {
				// Alternate which process gets the first copy, so neither always wins the race.
				const targets = i % 2 ? [mainUrl, hookUrl] : [hookUrl, mainUrl];
				return targets.map(
					(base) => () =>
						sim.deliver({
							url: `${base}${triggerPath}`,
							method: 'POST',
							headers,
							run: W.runOf(id),
						}),
				);
			});
			const answered = await Promise.all(sends.map((send) => send()));
			check(
				`(c) › all ${sends.length} deliveries answered 200`,
				answered.every((a) => a.statusCode === 200),
				show(answered.filter((a) => a.statusCode !== 200)),
			);
			const { perId, exes, stray } = await triggerCounts(ids, ids.length);
			const t = tally(perId);
			figure(
				`(c) concurrent duplicates across main + webhook process: ${sends.length} deliveries of ${ids.length} run ids -> ${exes.length} executions; run ids started once ${t.once}, twice ${t.twice}, never ${t.never}, more ${t.more}`,
			);
			check(
				'(c) › every run id started at least once and at most twice',
				t.never === 0 && t.more === 0 && stray.length === 0,
				`${show(t)} stray ${show(stray)}`,
			);
			check(
				'(c) › all trigger executions succeeded',
				exes.every((e) => e.status === 'success'),
				show(exes.map((e) => e.status)),
			);
			if (process.env.QUEUE_STRICT_DEDUPE)
				check('(c) › no run id started twice (QUEUE_STRICT_DEDUPE)', t.twice === 0, show(t));
		},
	);

	const pairIds = Math.min(10, args.triggerIds);
	/**
	 * Sends each id to one process, then (once answered) to the other; `width` ids at a time.
	 * @param {string} prefix
	 * @param {number} width
	 */
	async function sequentialPairs(prefix, width) {
		const ids = Array.from({ length: pairIds }, (_, i) => `${prefix}-${i}-${nonce}`);
		const todo = ids.map((id, i) => async () => {
			const [first, second] = i % 2 ? [mainUrl, hookUrl] : [hookUrl, mainUrl];
			await sim.deliver({
				url: `${first}${triggerPath}`,
				method: 'POST',
				headers,
				run: W.runOf(id),
			});
			await sim.deliver({
				url: `${second}${triggerPath}`,
				method: 'POST',
				headers,
				run: W.runOf(id),
			});
		});
		await pool(todo, width);
		const { perId, exes } = await triggerCounts(ids, ids.length);
		return { ids, perId, exes, t: tally(perId) };
	}

	await timed(
		`(c2) trigger: ${pairIds} run ids one after another, the duplicate sent to the OTHER process after the first was answered`,
		async () => {
			const { ids, perId, exes, t } = await sequentialPairs('trg-seq', 1);
			figure(
				`(c2) sequential duplicates across processes, no other traffic (de-dup via static data in Postgres): ${ids.length} run ids -> ${exes.length} executions (once ${t.once}, twice ${t.twice})`,
			);
			check(
				'(c2) › each run id started exactly once',
				t.once === ids.length && exes.length === ids.length,
				show(perId),
			);
		},
	);

	await timed(`(c2b) trigger: the same with ${pairIds} such pairs in flight at once`, async () => {
		const { ids, perId, exes, t } = await sequentialPairs('trg-par', pairIds);
		figure(
			`(c2b) sequential duplicates across processes while other deliveries are in flight: ${ids.length} run ids -> ${exes.length} executions (once ${t.once}, twice ${t.twice}) — static data is saved whole, last writer wins`,
		);
		check(
			'(c2b) › every run id started at least once and at most twice',
			t.never === 0 && t.more === 0,
			show(perId),
		);
		if (process.env.QUEUE_STRICT_DEDUPE)
			check('(c2b) › no run id started twice (QUEUE_STRICT_DEDUPE)', t.twice === 0, show(t));
	});

	await timed(
		`(c3) trigger: ${Math.min(10, args.triggerIds)} run ids x 2 concurrent deliveries, both to the webhook process`,
		async () => {
			const ids = Array.from(
				{ length: Math.min(10, args.triggerIds) },
				(_, i) => `trg-same-${i}-${nonce}`,
			);
			const answered = await Promise.all(
				ids.flatMap((id) =>
					[0, 1].map(() =>
						sim.deliver({
							url: `${hookUrl}${triggerPath}`,
							method: 'POST',
							headers,
							run: W.runOf(id),
						}),
					),
				),
			);
			check(
				`(c3) › all ${answered.length} deliveries answered 200`,
				answered.every((a) => a.statusCode === 200),
				show(answered),
			);
			const { perId, exes } = await triggerCounts(ids, ids.length);
			const t = tally(perId);
			figure(
				`(c3) concurrent duplicates within one process: ${answered.length} deliveries of ${ids.length} run ids -> ${exes.length} executions (once ${t.once}, twice ${t.twice})`,
			);
			check(
				'(c3) › each run id started exactly once',
				t.once === ids.length && exes.length === ids.length,
				show(perId),
			);
		},
	);

	await timed(
		`(c4) workaround: trigger de-dup off + Postgres node claiming the run id, ${args.triggerIds} ids x 2 concurrent deliveries across both processes`,
		async () => {
			const ids = Array.from({ length: args.triggerIds }, (_, i) => `claim-${i}-${nonce}`);
			const claimPath = `/webhook/${wfs.claim.path}`;
			const answered = await Promise.all(
				ids.flatMap((id, i) =>
					(i % 2 ? [mainUrl, hookUrl] : [hookUrl, mainUrl]).map((base) =>
						sim.deliver({ url: `${base}${claimPath}`, method: 'POST', headers, run: W.runOf(id) }),
					),
				),
			);
			check(
				`(c4) › all ${answered.length} deliveries answered 200`,
				answered.every((a) => a.statusCode === 200),
				show(answered.filter((a) => a.statusCode !== 200)),
			);
			const rows = await waitExecutionsEnded(executions, wfs.claim.wf.id, {
				count: answered.length,
				timeoutMs: 90000,
				settleMs: 1000,
			}).catch((e) => (check('(c4) › the executions end', false, e.message), null));
			if (!rows) return;
			const exes = await executions(wfs.claim.wf.id);
			const passed = Object.fromEntries(ids.map((id) => [id, 0]));
			for (const exe of exes) {
				const id = exe.output('GPTBots Trigger (de-dup off)')?.[0]?.json?.workflowRunId;
				if (id in passed && (exe.output('Passed') || []).length) passed[id]++;
			}
			const t = tally(passed);
			const failedExes = exes.filter((e) => e.status !== 'success');
			figure(
				`(c4) trigger (de-dup off) + Postgres claim: ${answered.length} concurrent deliveries of ${ids.length} ids across 2 processes -> ${exes.length} executions, passed the claim: once ${t.once}, twice ${t.twice}, never ${t.never}; ${failedExes.length} executions failed`,
			);
			check(
				'(c4) › each run id passed the Postgres claim exactly once',
				t.once === ids.length,
				show(passed),
			);
			check(
				'(c4) › no execution failed',
				failedExes.length === 0,
				show(failedExes.map((e) => `${e.id} ${e.status} ${e.error?.message}`)),
			);
		},
	);
}

module.exports = { run };
