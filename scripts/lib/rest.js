'use strict';
// @ts-check
// The owner and the REST API of a running n8n: owner setup, login, a cookie-keeping client.

const crypto = require('crypto');

const { request } = require('./http');

/**
 * Owner setup + login on a running n8n; returns a REST client that keeps the auth cookie and
 * sends a browser-id header: { get(path), post(path, body), patch, delete, cookie, owner }.
 */
async function restLogin(server, owner = { email: 'e2e-owner@example.com', firstName: 'E2E', lastName: 'Owner', password: 'E2e-Passw0rd-123' }) {
	const browserId = `e2e-${crypto.randomBytes(6).toString('hex')}`;
	const base = { 'browser-id': browserId };
	const setup = await request('POST', `${server.url}/rest/owner/setup`, { headers: base, body: owner });
	if (setup.status !== 200) throw new Error(`POST /rest/owner/setup answered ${setup.status}: ${setup.text.slice(0, 300)}`);
	const login = await request('POST', `${server.url}/rest/login`, {
		headers: base,
		body: { emailOrLdapLoginId: owner.email, email: owner.email, password: owner.password },
	});
	if (login.status !== 200) throw new Error(`POST /rest/login answered ${login.status}: ${login.text.slice(0, 300)}`);
	const setCookie = [].concat(login.headers['set-cookie'] || []);
	const cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
	if (!/n8n-auth=/.test(cookie)) throw new Error(`POST /rest/login set no n8n-auth cookie (${setCookie.join(' | ')})`);
	const headers = { ...base, cookie };
	const call = (method) => (p, body) => request(method, `${server.url}${p}`, { headers, body });
	return { cookie, browserId, owner, get: call('GET'), post: call('POST'), patch: call('PATCH'), delete: call('DELETE') };
}

module.exports = { restLogin };
