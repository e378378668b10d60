// @ts-check
'use strict';
// A run that ends FAILED: an error by default (execute exits 1, message says FAILED and the
// workflow's own error), data when failOnRunFailure is off.
const { manualInvokeWorkflow } = require('../../lib/builders');
const { executeFailing, executeOneItem } = require('../executeOneItem');

/** A sync run that the simulator ends FAILED with the error "boom". */
const FAILING = { mode: 'sync', inputSource: 'json', inputJson: '{"__fail": "boom"}' };

/** @type {import('../run').E2eCase[]} */
module.exports = [
	{
		name: 'failedRun',
		workflows: (env) => [
			manualInvokeWorkflow('failed-error', 'FAILED run as error', FAILING, env.cred.good),
		],
		async run(t, env) {
			const { r, message } = await executeFailing(t, env, 'failed-error');
			t.match(
				'error message says FAILED and the reason',
				message,
				/ended with status FAILED: boom/,
			);
			t.match('error message names the run', message, /run \S+ ended/);
			t.equal('the failing node is GPTBots', r.error?.node?.name, 'GPTBots');
			t.match(
				'the CLI output reports it too',
				r.stdout + r.stderr,
				/ended with status FAILED: boom/,
			);
		},
	},
	{
		name: 'failedRunAsData',
		workflows: (env) => [
			manualInvokeWorkflow(
				'failed-data',
				'FAILED run as data',
				{ ...FAILING, options: { failOnRunFailure: false } },
				env.cred.good,
			),
		],
		async run(t, env) {
			const { items } = await executeOneItem(t, env, 'failed-data');
			t.equal('status FAILED', items[0]?.json?.status, 'FAILED');
			t.deepEqual('output carries the workflow error', items[0]?.json?.output, { error: 'boom' });
		},
	},
];
