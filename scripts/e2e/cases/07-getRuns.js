// @ts-check
'use strict';
// getRuns: rows come with input/output parsed from the API's JSON strings; a user filter, a limit
// of 12, and returnAll over 120 seeded runs (two pages of at most 100).
const { gptNode, manualTrigger, workflow } = require('../../lib/builders');

const INPUT = { marker: 'getRuns', n: 1, deep: { ok: true } };

/** @type {import('../run').E2eCase} */
module.exports = {
	name: 'getRuns',
	workflows: (env) => {
		const user = `e2e-getruns-${env.line.name}`;
		return [
			workflow(
				'getRuns',
				'getRuns',
				[
					manualTrigger(),
					gptNode(
						'Invoke',
						{
							operation: 'invoke',
							mode: 'sync',
							inputSource: 'json',
							inputJson: JSON.stringify(INPUT),
							userId: user,
						},
						env.cred.good,
					),
					gptNode(
						'Runs Mine',
						{
							operation: 'getRuns',
							conversationType: 'API',
							runUserId: user,
							returnAll: false,
							limit: 10,
						},
						env.cred.good,
					),
					gptNode(
						'Runs Seeded All',
						{
							operation: 'getRuns',
							conversationType: 'ALL',
							runUserId: `${user}-seeded`,
							returnAll: true,
						},
						env.cred.good,
					),
					gptNode(
						'Runs Seeded 12',
						{
							operation: 'getRuns',
							conversationType: 'API',
							runUserId: `${user}-seeded`,
							returnAll: false,
							limit: 12,
						},
						env.cred.good,
					),
				],
				{
					connections: {
						Start: ['Invoke'],
						Invoke: ['Runs Mine', 'Runs Seeded All', 'Runs Seeded 12'],
					},
				},
			),
		];
	},
	async run(t, env) {
		const user = `e2e-getruns-${env.line.name}`;
		const startedAt = Date.now();
		env.sim.seedRuns(120, { userId: `${user}-seeded`, startTime: Date.now() - 3600 * 1000 });
		const r = await env.execute('getRuns');
		t.exitCode(r, 0);
		const invoked = r.output('Invoke')?.[0]?.json || {};
		const mine = r.output('Runs Mine') || [];
		t.equal('user filter: exactly the one run of this user', mine.length, 1);
		const row = mine[0]?.json || {};
		t.equal('row is the invoked run', row.workflow_run_id, invoked.workflowRunId);
		t.deepEqual('row.input is a parsed object', row.input, INPUT);
		t.deepEqual('row.output is a parsed object', row.output, {
			echo: INPUT,
			answer: `processed ${JSON.stringify(INPUT)}`,
		});
		t.equal('row.user_id', row.user_id, user);
		t.deepEqual('row pairedItem 0', mine[0]?.pairedItem, { item: 0 });
		const all = r.output('Runs Seeded All') || [];
		t.equal('returnAll: all 120 seeded runs', all.length, 120);
		t.equal(
			'returnAll: 120 distinct ids',
			new Set(all.map((x) => x.json?.workflow_run_id)).size,
			120,
		);
		t.check(
			'returnAll: every input/output parsed to an object',
			all.every((x) => typeof x.json?.input === 'object' && typeof x.json?.output === 'object'),
			JSON.stringify(all[0]?.json),
		);
		const limited = r.output('Runs Seeded 12') || [];
		t.equal('limit 12: 12 rows', limited.length, 12);
		const logCalls = env.sim.state.requests.filter(
			(q) => q.path === '/v1/workflow/run/logs' && q.time >= startedAt,
		).length;
		t.equal(
			'run/logs calls: 1 (mine) + 2 (returnAll over 120: pages of 100) + 1 (limit 12)',
			logCalls,
			4,
		);
	},
};
