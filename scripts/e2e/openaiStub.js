// @ts-nocheck -- not typed yet: remove this line and give tsc the JSDoc types it asks for
'use strict';
// A stand-in for an OpenAI-compatible chat model on 127.0.0.1, for n8n's OpenAI credential
// (field `url`). It plays a model that uses a tool: the first completion of a conversation calls
// the first tool offered with the arguments given by `chooseArguments(tool)`; once a tool result is
// in the conversation, it answers with text that quotes that result. Records every request.
const http = require('http');
const { onCleanup } = require('../lib/processes');

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

/** The same answer as server-sent events, for a client that asked for `stream: true`. */
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

async function startOpenAiStub({ chooseArguments }) {
	const requests = [];
	const server = http.createServer((req, res) => {
		let text = '';
		req.setEncoding('utf8');
		req.on('data', (d) => (text += d));
		req.on('end', () => {
			let body = {};
			try {
				body = text ? JSON.parse(text) : {};
			} catch {
				body = {};
			}
			requests.push({ method: req.method, url: req.url, headers: req.headers, body });
			if (req.method === 'GET' && req.url.endsWith('/models')) {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(
					JSON.stringify({
						object: 'list',
						data: [{ id: 'gpt-4o-mini', object: 'model', owned_by: 'stub' }],
					}),
				);
				return;
			}
			if (req.method !== 'POST' || !req.url.endsWith('/chat/completions')) {
				res.writeHead(404, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: { message: `stub: no route ${req.method} ${req.url}` } }));
				return;
			}
			const messages = Array.isArray(body.messages) ? body.messages : [];
			const toolResult = messages.find((m) => m.role === 'tool');
			const tool = (body.tools || [])[0];
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
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${server.address().port}`;
	onCleanup(
		'OpenAI stub',
		() =>
			new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	);
	return { url, requests };
}

module.exports = { startOpenAiStub };
