'use strict';
// With `n8n start` up: the package's node and credential are served to the editor, and the
// credential test (POST /rest/credentials/test, as the editor's "Test" button sends it) answers OK
// for the right key and an error for the wrong one, without echoing the key.
const { CREDENTIAL_TYPE, NODE_TYPE, SIM_API_KEY, WRONG_API_KEY } = require('../../lib/constants');
const { request } = require('../../lib/request');
const { serverOf } = require('../serverEnv');

/** @type {import('../run').E2eCase} */
module.exports = {
	name: 'credentialTest',
	kind: 'server',
	async run(t, env) {
		const { server, rest } = serverOf(env);
		const nodes = await request('GET', `${server.url}/types/nodes.json`, {
			headers: { cookie: rest.cookie },
		});
		const names = Array.isArray(nodes.json) ? nodes.json.map((n) => n.name) : [];
		t.check(
			`the editor's node list has ${NODE_TYPE}`,
			names.includes(NODE_TYPE),
			`GET /types/nodes.json ${nodes.status}, ${names.filter((n) => n.includes('gptbots')).join(', ') || 'no gptbots node'}`,
		);
		const creds = await request('GET', `${server.url}/types/credentials.json`, {
			headers: { cookie: rest.cookie },
		});
		t.check(
			`the editor's credential list has ${CREDENTIAL_TYPE}`,
			Array.isArray(creds.json) && creds.json.some((c) => c.name === CREDENTIAL_TYPE),
			`GET /types/credentials.json ${creds.status}`,
		);

		const startedAt = Date.now();
		// As the editor does it: open the stored credential (its secret comes back redacted), then
		// send that form data to /rest/credentials/test, which fills the secret in from the database.
		/**
		 * @param {{ id: string, name: string }} cred
		 * @param {string} apiKey
		 * @param {string} label
		 */
		const test = async (cred, apiKey, label) => {
			const stored = await rest.get(`/rest/credentials/${cred.id}?includeData=true`);
			const data = stored.json?.data?.data;
			t.check(
				`${label}: GET /rest/credentials/:id gives its data (endpoint custom)`,
				stored.status === 200 && data?.endpoint === 'custom',
				`HTTP ${stored.status}: ${stored.text.slice(0, 300)}`,
			);
			t.check(
				`${label}: the API key comes back redacted`,
				data &&
					typeof data.apiKey === 'string' &&
					data.apiKey !== apiKey &&
					!stored.text.includes(apiKey),
				JSON.stringify(data),
			);
			return await rest.post('/rest/credentials/test', {
				credentials: { id: cred.id, name: cred.name, type: CREDENTIAL_TYPE, data: data || {} },
			});
		};
		const good = await test(env.cred.good, SIM_API_KEY, 'good key');
		t.equal('good key: HTTP 200', good.status, 200);
		t.check('good key: status OK', good.json?.data?.status === 'OK', good.text.slice(0, 400));
		const wrong = await test(env.cred.wrong, WRONG_API_KEY, 'wrong key');
		t.equal('wrong key: HTTP 200', wrong.status, 200);
		t.equal('wrong key: status Error', wrong.json?.data?.status, 'Error');
		// The credential's test rules give a node run's words; n8n 2.8 words a 401 itself
		// (NodeApiError: "Authorization failed - please check your credentials") before its rules.
		if (env.line.name === 'current')
			t.match(
				"wrong key: the node run's words (the credential's test rule for 401)",
				wrong.json?.data?.message,
				/^GPTBots answered HTTP 401: the API key was refused\. Check the API key and the data centre/,
			);
		else
			t.match(
				'wrong key: message says the authorization failed',
				wrong.json?.data?.message,
				/401|Authorization failed|Unauthorized/i,
			);
		t.check(
			'wrong key: the key is not in the answer',
			!wrong.text.includes(WRONG_API_KEY),
			wrong.text,
		);
		const verifies = env.sim.state.requests
			.filter((q) => q.path === '/v1/api-key/verify' && q.time >= startedAt)
			.map((q) => `${q.auth}:${q.answeredStatus}`);
		// n8n-core's httpRequestWithAuthentication repeats a request once after a 401 (its
		// preAuthentication hook), so the wrong key is checked once or twice.
		t.check(
			'the simulator saw GET /v1/api-key/verify: good key once (200), wrong key only 401s',
			verifies[0] === 'valid:200' &&
				verifies.length >= 2 &&
				verifies.length <= 3 &&
				verifies.slice(1).every((v) => v === 'invalid:401'),
			verifies.join(','),
		);
		t.check(
			"the key is nowhere in n8n's log",
			!server.logs().includes(WRONG_API_KEY),
			'found in n8n start output',
		);
	},
};
