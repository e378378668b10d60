'use strict';
// asyncWebhook (wait by callback) in a running n8n, independent of the callback body: runs whose
// callbacks come snake_case, wrapped, or EMPTY resume the execution (the item is named by its own
// resume URL; results come from the result API). Then 200 items in one execution, with runs ending
// in item order, in reverse and at random: the result queries per run are counted.
const { notes, tail } = require('../../lib/log');
const { sleep } = require('../../lib/wait');
const { executionsOf } = require('../../lib/executions');
const { waitForWebhook } = require('../../lib/n8nStart');
const { codeNode, gptNode } = require('../../lib/builders');
const {
	resumeDeliveries,
	startAndWait,
	startUrl,
	webhookStartedWorkflow,
} = require('../startAndWait');
const { serverOf } = require('../serverEnv');

const ITEMS = 200;
/**
 * How far apart the 200 runs end, per n8n line (E2E_CALLBACK_SPACING_MS overrides). n8n 2.41's
 * default "vm" expression engine takes a fresh isolate (pool size 1) for every waiting-webhook
 * request: on 2 shared cores 200 callbacks 200 ms apart overloaded it (503 "Database is not
 * ready", 10 s time-outs) while 500 ms passed, and 200 ms passed with N8N_EXPRESSION_ENGINE=legacy.
 */
const SPACING_MS = { legacy: 60, current: 500 };

/**
 * @param {import('../run').E2eEnv} env
 * @param {number} maxWait
 */
const waitByCallback = (env, maxWait) =>
	gptNode(
		'GPTBots',
		{ operation: 'invoke', mode: 'asyncWebhook', inputSource: 'item', options: { maxWait } },
		env.cred.good,
	);

/** Positions 0..n-1 in a reproducible shuffled order. */
/**
 * @param {number} count
 * @param {number} seed
 */
function shuffled(count, seed) {
	let state = seed;
	const order = Array.from({ length: count }, (_, i) => i);
	for (let i = count - 1; i > 0; i--) {
		state = (state * 1103515245 + 12345) % 2147483648;
		const j = state % (i + 1);
		[order[i], order[j]] = [order[j], order[i]];
	}
	return order;
}

/** @type {import('../run').E2eCase} */
module.exports = {
	name: 'callbackShapes',
	kind: 'server',
	workflows: (env) => [
		webhookStartedWorkflow(
			env,
			'callback-bodies',
			'callback: snake_case, wrapped and empty callback bodies',
			[
				codeNode(
					'Items',
					"return ['snake', 'wrapped', 'empty'].map((delivery, k) => ({ json: { k, __durationMs: 600 + 400 * k, __variants: { delivery } } }));",
				),
				waitByCallback(env, 120),
			],
		),
		webhookStartedWorkflow(env, 'callback-200', 'callback: 200 items, result queries counted', [
			codeNode(
				'Items',
				'return $json.body.durations.map((ms, k) => ({ json: { k, __durationMs: ms, __variants: { delivery: "empty" } } }));',
			),
			waitByCallback(env, 300),
			codeNode(
				'Summary',
				'const all = $input.all().map((i) => i.json); return [{ json: { count: all.length, ks: all.map((j) => j.input && j.input.k), statuses: [...new Set(all.map((j) => j.status))] } }];',
			),
		]),
	],
	async run(t, env) {
		await waitForWebhook(startUrl(env, 'callback-bodies'));

		// 1. callback bodies in three shapes, one of them empty
		const bodies = await startAndWait(env, 'callback-bodies', {}, 3, {
			label: 'the 3-item execution resumed',
		}).catch(
			(error) => (
				t.fail(
					'the execution resumed on snake_case, wrapped and empty callbacks',
					`${/** @type {Error} */ (error).message}\n${tail(serverOf(env).server.logs(), 20)}`,
				),
				[]
			),
		);
		t.deepEqual(
			'3 items out, in order, each SUCCEED',
			bodies.map((r) => [r.body?.input?.k, r.body?.status]),
			[
				[0, 'SUCCEED'],
				[1, 'SUCCEED'],
				[2, 'SUCCEED'],
			],
		);
		const callbacks = resumeDeliveries(env, new Set(bodies.map((r) => r.body?.workflowRunId)));
		t.deepEqual(
			'the snake_case and wrapped callbacks answered 202, the empty (last) one resumed (200)',
			callbacks.map((d) => d.statusCode),
			[202, 202, 200],
		);
		t.check(
			'each callback hit its own item URL',
			callbacks.every((d, k) => new URL(d.url).searchParams.get('gptbotsItem') === String(k)),
			callbacks.map((d) => d.url).join(' '),
		);

		// 2. 200 items, runs ending in item order, reverse and random
		const orders = {
			'in item order': Array.from({ length: ITEMS }, (_, k) => k),
			'in reverse order': Array.from({ length: ITEMS }, (_, k) => ITEMS - 1 - k),
			'at random': shuffled(ITEMS, 7),
		};
		// Every callback makes n8n load the whole waiting execution from its database: 200 of them
		// within 3 s overloaded n8n's SQLite on 2 shared cores ("Database connection timed out",
		// callbacks answered 500/503 and lost). So the runs end SPACING_MS apart, and a callback n8n
		// fails is retried, as a sender should.
		const spacing = Number(process.env.E2E_CALLBACK_SPACING_MS) || SPACING_MS[env.line.name] || 500;
		env.sim.configure({ webhookRetries: 3, webhookRetryDelayMs: 1000 });
		for (const [label, order] of Object.entries(orders)) {
			// item k ends at position order.indexOf(k), after 4 s for all 200 to start
			const durations = Array(ITEMS);
			order.forEach((k, position) => (durations[k] = 4000 + spacing * position));
			const before = { ...env.sim.state.counts };
			const started = Date.now();
			let summary;
			try {
				const [report] = await startAndWait(env, 'callback-200', { durations }, 1, {
					label: `200 items resumed (${label})`,
					timeoutMs: 60000 + ITEMS * spacing,
				});
				summary = report.body;
			} catch (error) {
				/** @type {Record<string, number>} */
				const codes = {};
				for (const d of resumeDeliveries(env).filter((x) => x.sentAt > started))
					codes[String(d.statusCode ?? d.error)] =
						(codes[String(d.statusCode ?? d.error)] || 0) + 1;
				t.fail(
					`200 items ending ${label}: resumed`,
					`${/** @type {Error} */ (error).message}; callbacks answered ${JSON.stringify(codes)}\n${tail(serverOf(env).server.logs(), 20)}`,
				);
				continue;
			}
			await sleep(300);
			const queries = env.sim.state.counts.query - before.query;
			const invokes = env.sim.state.counts.invoke - before.invoke;
			t.deepEqual(
				`200 items ending ${label}: one resume with 200 SUCCEED items in order`,
				[
					summary?.count,
					summary?.statuses,
					JSON.stringify(summary?.ks) ===
						JSON.stringify(Array.from({ length: ITEMS }, (_, k) => k)),
				],
				[ITEMS, ['SUCCEED'], true],
			);
			t.equal(`200 items ending ${label}: 200 runs started`, invokes, ITEMS);
			t.check(
				`200 items ending ${label}: at most 3 result queries per run (${queries} in all, ${(queries / ITEMS).toFixed(2)} per run)`,
				queries <= 3 * ITEMS,
				String(queries),
			);
			notes.push(
				`n8n ${env.line.version}: wait by callback, 200 items ending ${label}: ${queries} result queries, ${(queries / ITEMS).toFixed(2)} per run`,
			);
		}
		env.sim.configure({ webhookRetries: 0, webhookRetryDelayMs: 200 });
		const executions = await executionsOf(env.ctx, env.id('callback-200'));
		t.deepEqual(
			'3 executions of the 200-item workflow, all success',
			executions.map((e) => e.status),
			['success', 'success', 'success'],
		);
	},
};
