// @ts-check
'use strict';
// Async invoke: the node passes the PENDING run on at once; when the run ends the simulator calls
// the webhooks the node sent (a POST with a secret header and a GET), which land in the suite's
// receiver and show in the simulator's /__sim/state.
const { request } = require('../../lib/request');
const { waitFor } = require('../../lib/wait');
const { manualInvokeWorkflow } = require('../../lib/builders');
const { executeOneItem } = require('../executeOneItem');

const INPUT = { topic: 'async', __durationMs: 400 };

/** @type {import('../run').E2eCase} */
module.exports = {
	name: 'async',
	workflows: (env) => [
		manualInvokeWorkflow(
			'async',
			'async with webhooks',
			{
				mode: 'async',
				inputSource: 'json',
				inputJson: JSON.stringify(INPUT),
				webhooks: {
					webhook: [
						{
							method: 'POST',
							url: `${env.receiver.url}/hook/async-post?line=${env.line.name}`,
							headers: '{"X-E2E-Secret": "s3cret"}',
						},
						{
							method: 'GET',
							url: `${env.receiver.url}/hook/async-get?line=${env.line.name}`,
							headers: '{}',
						},
					],
				},
			},
			env.cred.good,
		),
	],
	async run(t, env) {
		const { items } = await executeOneItem(t, env, 'async');
		const run = items[0]?.json || {};
		t.equal('status PENDING', run.status, 'PENDING');
		t.match('workflowRunId is given', run.workflowRunId, /^\S+$/);
		t.equal('no output yet', run.output, undefined);
		const runId = run.workflowRunId;
		const record = env.sim.state.runs.get(runId);
		t.equal('the simulator got isAsync true', record?.isAsync, true);
		t.deepEqual('the simulator got both webhooks as entered', record?.webhooks, [
			{
				method: 'POST',
				url: `${env.receiver.url}/hook/async-post?line=${env.line.name}`,
				headers: { 'X-E2E-Secret': 's3cret' },
			},
			{
				method: 'GET',
				url: `${env.receiver.url}/hook/async-get?line=${env.line.name}`,
				headers: {},
			},
		]);
		if (!runId) return;
		/** @type {{ runId: string, method: string, statusCode: number, answeredAt?: number }[]} */
		let deliveries = [];
		try {
			deliveries = await waitFor(
				'2 webhook deliveries in /__sim/state',
				async () => {
					const state = await request('GET', `${env.simUrl}/__sim/state?requests=0`);
					/** @type {typeof deliveries} */
					const all = state.json?.deliveries || [];
					const mine = all.filter((d) => d.runId === runId && d.answeredAt);
					return mine.length >= 2 ? mine : false;
				},
				{ timeoutMs: 15000 },
			);
		} catch (error) {
			t.fail('/__sim/state shows 2 answered deliveries', /** @type {Error} */ (error).message);
			return;
		}
		const post = deliveries.find((d) => d.method === 'POST');
		const get = deliveries.find((d) => d.method === 'GET');
		t.equal('/__sim/state: POST delivery answered 200', post?.statusCode, 200);
		t.equal('/__sim/state: GET delivery answered 200', get?.statusCode, 200);
		const gotPost = env.receiver.received.find(
			(x) => x.method === 'POST' && x.body?.workflowRunId === runId,
		);
		t.check(
			'receiver got the POST with the secret header',
			gotPost?.headers['x-e2e-secret'] === 's3cret',
			JSON.stringify(gotPost?.headers),
		);
		t.equal('receiver POST body: status SUCCEED', gotPost?.body?.status, 'SUCCEED');
		t.deepEqual('receiver POST body: output.echo is the input', gotPost?.body?.output?.echo, INPUT);
		const gotGet = env.receiver.received.find(
			(x) =>
				x.method === 'GET' &&
				Boolean(x.url?.includes(`workflowRunId=${encodeURIComponent(runId)}`)),
		);
		const query = gotGet?.url
			? new URL(gotGet.url, 'http://x').searchParams
			: new URLSearchParams();
		t.equal(
			'receiver GET query: status SUCCEED, existing query kept',
			`${query.get('status')}/${query.get('line')}`,
			`SUCCEED/${env.line.name}`,
		);
	},
};
