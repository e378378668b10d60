// @ts-check
'use strict';
// (4) n8n's own de-dup helpers: their types, contexts and storage, and Remove Duplicates on the workers.

const { timed } = require('../../lib/log');
const W = require('../workflows');
const { check, figure, request, tally } = require('../report');
const { waitExecutionsEnded } = require('../n8n');
const fs = require('fs');
const path = require('path');
const { inspectDedupHelpers } = require('../n8n');

/** @param {import('./01-setup').QueueEnv} env */
async function run(env) {
	const { args, line, mainUrl, hookUrl, wfs, executions, nonce } = env;
	// 4. n8n's own de-dup helpers -----------------------------------------------------------------
	await timed('(4) n8n processed-data helpers: types, contexts, storage', async () => {
		const dirs = [
			line.dir,
			...fs
				.readdirSync(path.dirname(line.dir))
				.filter((d) => /^n8n-\d/.test(d))
				.map((d) => path.join(path.dirname(line.dir), d)),
		];
		for (const dir of [...new Set(dirs)]) {
			const f = inspectDedupHelpers(dir);
			if (!f.version) continue;
			figure(
				`(4) n8n ${f.version}: IWebhookFunctions.helpers = ${f.webhookTypeHelpers || '?'}; ITriggerFunctions.helpers has dedup: ${/Deduplication/.test(f.triggerTypeHelpers)}; IExecuteFunctions has dedup: ${f.executeTypeHasDedup}`,
			);
			figure(
				`(4) n8n ${f.version}: runtime contexts with checkProcessedAndRecord: webhook ${f.webhookContextHasDedup}, trigger ${f.triggerContextHasDedup}, execute ${f.executeContextHasDedup}; DeduplicationHelper is read-modify-write of one processed_data row (findOne + update): ${f.helperReadModifyWrite}, with a transaction/lock: ${f.helperLocks}`,
			);
		}
		const rdIds = Array.from({ length: args.triggerIds }, (_, i) => `rd-${i}-${nonce}`);
		const answered = await Promise.all(
			rdIds.flatMap((id, i) =>
				(i % 2 ? [mainUrl, hookUrl] : [hookUrl, mainUrl]).map((base) =>
					request('POST', `${base}/webhook/${wfs.removeDuplicates.path}`, {
						body: W.runOf(id),
						timeoutMs: 30000,
					}).catch((e) => ({ status: 0, text: e.message })),
				),
			),
		);
		const rows = await waitExecutionsEnded(executions, wfs.removeDuplicates.wf.id, {
			count: answered.length,
			timeoutMs: 90000,
			settleMs: 1000,
		}).catch((e) => (check('(4) › Remove Duplicates executions end', false, e.message), null));
		if (!rows) return;
		const exes = await executions(wfs.removeDuplicates.wf.id);
		const passed = Object.fromEntries(rdIds.map((id) => [id, 0]));
		for (const exe of exes) {
			for (const item of exe.output('Passed') || [])
				if (item.json?.body?.workflowRunId in passed) passed[item.json.body.workflowRunId]++;
		}
		const t = tally(passed);
		const errors = exes.filter((e) => e.status !== 'success');
		const errorKinds = [
			...new Set(errors.map((e) => String(e.error?.message || e.status).slice(0, 120))),
		];
		figure(
			`(4) n8n's Remove Duplicates (checkProcessedAndRecord) on the workers, ${answered.length} concurrent deliveries of ${rdIds.length} ids: passed once ${t.once}, twice ${t.twice}, never ${t.never}; ${errors.length} executions failed${errorKinds.length ? `: ${errorKinds.join(' | ')}` : ''}`,
		);
		check(
			`(4) › all ${answered.length} Remove Duplicates executions ended`,
			exes.length === answered.length,
			`${exes.length} executions`,
		);
	});
}

module.exports = { run };
