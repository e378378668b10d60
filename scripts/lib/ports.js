// @ts-check
'use strict';
// Free TCP ports on 127.0.0.1.

const net = require('net');

/** Ports freePort() has handed out in this process. @type {Set<number>} */
const handedOut = new Set();

/**
 * A free TCP port on 127.0.0.1, never one handed out before in this process (a suite may ask for
 * several before the servers that take them have started). Free when asked: another process may
 * take it before us.
 * @returns {Promise<number>}
 */
async function freePort() {
	for (;;) {
		const port = await anyFreePort();
		if (!handedOut.has(port)) {
			handedOut.add(port);
			return port;
		}
	}
}

/** @returns {Promise<number>} */
function anyFreePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = /** @type {import('net').AddressInfo} */ (server.address());
			server.close(() => resolve(port));
		});
	});
}

/**
 * True when nothing listens on `port` at `host`.
 * @param {number} port
 * @returns {Promise<boolean>}
 */
function portIsFree(port, host = '127.0.0.1') {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, host, () => server.close(() => resolve(true)));
	});
}

module.exports = { freePort, portIsFree };
