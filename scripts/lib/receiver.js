// @ts-check
'use strict';
// An in-process HTTP receiver for webhook deliveries (e.g. the simulator's completion webhooks).

const http = require('http');

const { onCleanup } = require('./processes');

/**
 * A request the receiver recorded; `body` is the JSON it carried (parsed; the text if not JSON).
 * @typedef {{ method?: string, url?: string, headers: import('http').IncomingHttpHeaders, body: any, at: number }} ReceivedRequest
 */

/**
 * A tiny HTTP receiver that records every request (method, url, headers, parsed body) and
 * answers 200 {"ok":true}. For webhook deliveries from the simulator.
 */
async function startReceiver() {
	/** @type {ReceivedRequest[]} */
	const received = [];
	const server = http.createServer((req, res) => {
		let text = '';
		req.setEncoding('utf8');
		req.on('data', (d) => (text += d));
		req.on('end', () => {
			let body;
			try {
				body = text ? JSON.parse(text) : undefined;
			} catch {
				body = text;
			}
			received.push({
				method: req.method,
				url: req.url,
				headers: req.headers,
				body,
				at: Date.now(),
			});
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{"ok":true}');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const url = `http://127.0.0.1:${/** @type {import('net').AddressInfo} */ (server.address()).port}`;
	/** @returns {Promise<void>} */
	const stop = () =>
		new Promise((resolve) => {
			server.closeAllConnections?.();
			server.close(() => resolve());
		});
	onCleanup('receiver', stop);
	return { url, received, stop };
}

module.exports = { startReceiver };
