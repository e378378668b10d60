// @ts-check
'use strict';
// The owner and the REST API of a running n8n: owner setup, login, a cookie-keeping client.

const crypto = require('crypto');

const { request } = require('./request');

/**
 * @typedef {import('./request').HttpResponse} HttpResponse
 * @typedef {{ url: string }} Server a running n8n (startN8n's handle, or just its URL)
 * @typedef {{ email: string, password: string, firstName?: string, lastName?: string }} Owner
 * @typedef {ReturnType<typeof client>} RestClient
 */

/** @type {Owner} */
const E2E_OWNER = {
	email: 'e2e-owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-Passw0rd-123',
};

/**
 * @param {Server} server
 * @param {Owner} owner
 * @param {Record<string, string>} headers
 */
function postLogin(server, owner, headers) {
	return request('POST', `${server.url}/rest/login`, {
		headers,
		body: { emailOrLdapLoginId: owner.email, email: owner.email, password: owner.password },
	});
}

/**
 * A REST client that keeps the auth cookie of a login answer and sends the browser-id header.
 * @param {{ url: string }} server
 * @param {{ headers: import('http').IncomingHttpHeaders }} login
 * @param {Record<string, string>} base
 * @param {{ owner: Owner, browserId: string, timeoutMs?: number }} options
 */
function client(server, login, base, { owner, browserId, timeoutMs }) {
	const setCookie = /** @type {string[]} */ ([]).concat(login.headers['set-cookie'] || []);
	const cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
	const headers = { ...base, cookie };
	/** @param {string} method */
	const call =
		(method) =>
		/**
		 * @param {string} p the path, e.g. `/rest/workflows`
		 * @param {unknown} [body] sent as JSON
		 */
		(p, body) =>
			request(method, `${server.url}${p}`, { headers, body, ...(timeoutMs && { timeoutMs }) });
	return {
		cookie,
		setCookie,
		browserId,
		owner,
		get: call('GET'),
		post: call('POST'),
		patch: call('PATCH'),
		delete: call('DELETE'),
	};
}

/**
 * Owner setup + login on a fresh n8n; returns a REST client that keeps the auth cookie and
 * sends a browser-id header: { get(path), post(path, body), patch, delete, cookie, owner }.
 * @param {Server} server
 * @param {Owner} [owner]
 */
async function restLogin(server, owner = E2E_OWNER) {
	const browserId = `e2e-${crypto.randomBytes(6).toString('hex')}`;
	const base = { 'browser-id': browserId };
	const setup = await request('POST', `${server.url}/rest/owner/setup`, {
		headers: base,
		body: owner,
	});
	if (setup.status !== 200)
		throw new Error(`POST /rest/owner/setup answered ${setup.status}: ${setup.text.slice(0, 300)}`);
	const login = await postLogin(server, owner, base);
	if (login.status !== 200)
		throw new Error(`POST /rest/login answered ${login.status}: ${login.text.slice(0, 300)}`);
	const rest = client(server, login, base, { owner, browserId });
	if (!/n8n-auth=/.test(rest.cookie))
		throw new Error(`POST /rest/login set no n8n-auth cookie (${rest.setCookie.join(' | ')})`);
	return rest;
}

/**
 * Logs in as `owner` on an n8n that may already have one (a persistent user folder); sets the
 * owner up first if this n8n has none yet. `setupFailed(loginRes, setupRes)` makes the error when
 * neither works. Returns the REST client plus { createdOwner }.
 * @param {Server} server
 * @param {Owner} owner
 * @param {{ setupFailed: (login: HttpResponse, setup: HttpResponse) => Error, timeoutMs?: number, tag?: string }} options
 */
async function ownerLogin(server, owner, { setupFailed, timeoutMs = 30000, tag = 'demo' }) {
	const browserId = `${tag}-${crypto.randomBytes(6).toString('hex')}`;
	const base = { 'browser-id': browserId };
	let res = await postLogin(server, owner, base);
	let createdOwner = false;
	if (res.status !== 200) {
		const setup = await request('POST', `${server.url}/rest/owner/setup`, {
			headers: base,
			body: owner,
		});
		if (setup.status !== 200) throw setupFailed(res, setup);
		createdOwner = true;
		res = await postLogin(server, owner, base);
		if (res.status !== 200)
			throw new Error(
				`POST /rest/login answered ${res.status} after the owner setup: ${res.text.slice(0, 200)}`,
			);
	}
	return { ...client(server, res, base, { owner, browserId, timeoutMs }), createdOwner };
}

module.exports = { restLogin, ownerLogin };
