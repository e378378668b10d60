// @ts-check
'use strict';
// A credential with a wrong API key: execute exits 1, the message says HTTP 401, and the key
// appears nowhere in what n8n prints.
const { WRONG_API_KEY } = require('../../lib/constants');
const { manualInvokeWorkflow } = require('../../lib/builders');
const { executeFailing } = require('../executeOneItem');

/** @type {import('../run').E2eCase} */
module.exports = {
	name: 'wrongKey',
	workflows: (env) => [
		manualInvokeWorkflow(
			'wrongKey',
			'wrong API key',
			{ mode: 'sync', inputSource: 'json', inputJson: '{"topic":"wrong key"}' },
			env.cred.wrong,
		),
	],
	async run(t, env) {
		const before = env.sim.state.counts.unauthorized;
		const { r, message } = await executeFailing(t, env, 'wrongKey');
		t.match('error message says HTTP 401', message, /HTTP 401/);
		t.match('error description points at the API key', r.error?.description, /API key/i);
		t.equal('httpCode 401 on the error', String(r.error?.httpCode), '401');
		t.check(
			'the wrong key is nowhere in stdout/stderr',
			!(r.stdout + r.stderr).includes(WRONG_API_KEY),
			'the key string was printed',
		);
		t.check(
			'the simulator refused it (no run created)',
			env.sim.state.counts.unauthorized > before,
			`unauthorized ${before} -> ${env.sim.state.counts.unauthorized}`,
		);
	},
};
