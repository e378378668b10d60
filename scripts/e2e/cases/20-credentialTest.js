'use strict';
// With `n8n start` up: the package's node and credential are served to the editor, and the
// credential test (POST /rest/credentials/test, as the editor's "Test" button sends it) answers OK
// for the right key and an error for the wrong one, without echoing the key.
const { CREDENTIAL_TYPE, SIM_API_KEY, WRONG_API_KEY, NODE_TYPE, request } = require('../lib');

module.exports = {
	name: 'credentialTest',
	kind: 'server',
	async run(t, env) {
		const nodes = await request('GET', `${env.server.url}/types/nodes.json`, { headers: { cookie: env.rest.cookie } });
		const names = Array.isArray(nodes.json) ? nodes.json.map((n) => n.name) : [];
		t.check(`the editor's node list has ${NODE_TYPE}`, names.includes(NODE_TYPE), `GET /types/nodes.json ${nodes.status}, ${names.filter((n) => n.includes('gptbots')).join(', ') || 'no gptbots node'}`);
		const creds = await request('GET', `${env.server.url}/types/credentials.json`, { headers: { cookie: env.rest.cookie } });
		t.check(`the editor's credential list has ${CREDENTIAL_TYPE}`, Array.isArray(creds.json) && creds.json.some((c) => c.name === CREDENTIAL_TYPE), `GET /types/credentials.json ${creds.status}`);

		const startedAt = Date.now();
		const test = (cred, apiKey) => env.rest.post('/rest/credentials/test', {
			credentials: { id: cred.id, name: cred.name, type: CREDENTIAL_TYPE, data: { endpoint: 'custom', baseUrl: env.simUrl, apiKey } },
		});
		const good = await test(env.cred.good, SIM_API_KEY);
		t.equal('good key: HTTP 200', good.status, 200);
		t.equal('good key: status OK', good.json?.data?.status, 'OK');
		const wrong = await test(env.cred.wrong, WRONG_API_KEY);
		t.equal('wrong key: HTTP 200', wrong.status, 200);
		t.equal('wrong key: status Error', wrong.json?.data?.status, 'Error');
		t.match('wrong key: message mentions 401', wrong.json?.data?.message, /401/);
		t.check('wrong key: the key is not in the answer', !wrong.text.includes(WRONG_API_KEY), wrong.text);
		const verifies = env.sim.state.requests.filter((q) => q.path === '/v1/api-key/verify' && q.time >= startedAt).map((q) => `${q.auth}:${q.answeredStatus}`);
		t.equal('the simulator answered 2 key checks (GET /v1/api-key/verify)', verifies.join(','), 'valid:200,invalid:401');
		t.check('the key is nowhere in n8n\'s log', !env.server.logs().includes(WRONG_API_KEY), 'found in n8n start output');
	},
};
