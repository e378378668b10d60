'use strict';
// What a server case (kind: 'server') has that an execute case has not: the running `n8n start`
// and its REST client. The runner sets both before a server case runs.

/**
 * @param {import('./run').E2eEnv} env
 * @returns {{ server: import('../lib/n8nStart').N8nServer, rest: import('../lib/rest').RestClient }}
 */
function serverOf(env) {
	if (!env.server || !env.rest) throw new Error('a server case runs only while `n8n start` is up');
	return { server: env.server, rest: env.rest };
}

module.exports = { serverOf };
