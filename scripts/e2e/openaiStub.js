'use strict';
// A stand-in for an OpenAI-compatible chat model on 127.0.0.1, for n8n's OpenAI credential
// (field `url`). It plays a model that uses a tool: the first completion of a conversation calls
// the first tool offered with the arguments given by `chooseArguments(tool)`; once a tool result is
// in the conversation, it answers with text that quotes that result. Records every request.
const http = require('http');
const { onCleanup } = require('../lib/processes');

/**
 * The assistant's message: text, or a call of one tool.
 * @typedef {{ role: 'assistant', content: string | null,
 *   tool_calls?: { id: string, type: 'function', function: { name: string, arguments: string } }[] }} Message
 * A tool as the client offers it (its JSON schema: any).
 * @typedef {{ type?: string, function: { name: string, parameters?: any } }} Tool
 * A request the stub got; `body` is the client's JSON (any).
 * @typedef {{ method: string | undefined, url: string, headers: import('http').IncomingHttpHeaders,
 *   body: any }} StubRequest
 */

/**
 * @param {Message} message
 * @param {string} model
 */
function completion(message, model) {
	return {
		id: `chatcmpl-stub-${Date.now()}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model,
		choices: [
			{
				index: 0,
				message,
				finish_reason: message.tool_calls ? 'tool_calls' : 'stop',
				logprobs: null,
			},
		],
		usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
	};
}

/**
 * The same answer as server-sent events, for a client that asked for `stream: true`.
 * @param {Message} message
 * @param {string} model
 */
function streamChunks(message, model) {
	const base = {
		id: `chatcmpl-stub-${Date.now()}`,
		object: 'chat.completion.chunk',
		created: Math.floor(Date.now() / 1000),
		model,
	};
	const delta = message.tool_calls
		? {
				role: 'assistant',
				content: null,
				tool_calls: message.tool_calls.map((call, index) => ({ index, ...call })),
			}
		: { role: 'assistant', content: message.content };
	return [
		{ ...base, choices: [{ index: 0, delta, finish_reason: null }] },
		{
			...base,
			choices: [{ index: 0, delta: {}, finish_reason: message.tool_calls ? 'tool_calls' : 'stop' }],
		},
	];
}

/**
 * @param {{ chooseArguments: (tool: Tool) => unknown }} model
 * @returns {Promise<{ url: string, requests: StubRequest[] }>}
 */
async function startOpenAiStub({ chooseArguments }) {
	/** @type {StubRequest[]} */
	const requests = [];
	const server = http.createServer((req, res) => {
		let text = '';
		req.setEncoding('utf8');
		req.on('data', (d) => (text += d));
		req.on('end', () => {
			/** @type {any} */
			let body = {};
			try {
				body = text ? JSON.parse(text) : {};
			} catch {
				body = {};
			}
			const url = req.url ?? '';
			requests.push({ method: req.method, url, headers: req.headers, body });
			if (req.method === 'GET' && url.endsWith('/models')) {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(
					JSON.stringify({
						object: 'list',
						data: [{ id: 'gpt-4o-mini', object: 'model', owned_by: 'stub' }],
					}),
				);
				return;
			}
			if (req.method !== 'POST' || !url.endsWith('/chat/completions')) {
				res.writeHead(404, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: { message: `stub: no route ${req.method} ${req.url}` } }));
				return;
			}
			const messages = Array.isArray(body.messages) ? body.messages : [];
			const toolResult = messages.find((/** @type {{ role: string }} */ m) => m.role === 'tool');
			/** @type {Tool | undefined} */
			const tool = (body.tools || [])[0];
			/** @type {Message} */
			const message =
				toolResult || !tool
					? {
							role: 'assistant',
							content: `Done. The tool answered: ${String(toolResult?.content ?? 'nothing').slice(0, 2000)}`,
						}
					: {
							role: 'assistant',
							content: null,
							tool_calls: [
								{
									id: 'call_stub_1',
									type: 'function',
									function: {
										name: tool.function.name,
										arguments: JSON.stringify(chooseArguments(tool)),
									},
								},
							],
						};
			if (body.stream) {
				res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
				for (const chunk of streamChunks(message, body.model))
					res.write(`data: ${JSON.stringify(chunk)}\n\n`);
				res.end('data: [DONE]\n\n');
				return;
			}
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify(completion(message, body.model)));
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const url = `http://127.0.0.1:${/** @type {import('net').AddressInfo} */ (server.address()).port}`;
	onCleanup(
		'OpenAI stub',
		() =>
			/** @type {Promise<void>} */ (
				new Promise((resolve) => {
					server.closeAllConnections?.();
					server.close(() => resolve());
				})
			),
	);
	return { url, requests };
}

module.exports = { startOpenAiStub };
