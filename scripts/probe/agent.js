'use strict';

/**
 * The probe's agent side (GPTBOTS_AGENT_API_KEY): key verify, one conversation, one blocking
 * message, one streamed message (its framing and event shapes: streamShape.js), the history in
 * both shapes, a message to a conversation that does not exist and, with --public-url and the
 * agent's webhook set to it in GPTBots, one webhook-mode message and what arrives. Shapes only.
 * Messages cost credits (none with --no-runs).
 */

const { shapeOf, headersShape } = require('./shape');
const { sleep } = require('../lib/wait');
const { apiCall, describeCall, recorder, startListener } = require('./calls');
const { describeStream, streamCall } = require('./streamShape');

/**
 * @typedef {import('./probe').ProbeArgs} ProbeArgs
 * @typedef {import('./probe').ProbeConfig} ProbeConfig
 * @typedef {import('./calls').CallRecord} CallRecord
 * @typedef {import('./calls').CallOptions} CallOptions
 * What the report keeps of the history: its shape and rows; `text` (the answer looked for) only
 * to compare it with the stream, never reported.
 * @typedef {{ shape: string, rows: number | null, total: unknown, roles: unknown[] | null,
 *   text?: string | null }} HistoryReading
 * What the report keeps of one POST to the agent's webhook.
 * @typedef {{ method: string | undefined, path: string, authorization: string,
 *   headers: Record<string, string>, bodyLength: number, body: import('./shape').Shape | null,
 *   message_id: boolean }} AgentDelivery
 * The agent side of the report.
 * @typedef {{ calls: CallRecord[], keyType?: unknown,
 *   blockingText?: { place: string, characters: number | null, outputs: number | null },
 *   stream: ReturnType<typeof describeStream> | null, history: Record<string, HistoryReading> | null,
 *   webhook: { accepted: CallRecord, deliveries: AgentDelivery[] } | null, notes: string[] }} AgentReport
 * @typedef {(mode: string, text?: string) => Record<string, unknown>} MessageBody
 */

const UNKNOWN_CONVERSATION = '000000000000000000000000';
const QUESTION =
	'This is a test message from the n8n-nodes-gptbots probe. Please answer in two sentences.';

/**
 * @param {ProbeConfig} config
 * @param {string} method
 * @param {string} path
 * @param {CallOptions} [options]
 */
const agentCall = (config, method, path, options) =>
	apiCall(config.baseUrl, config.agentKey, method, path, options);

/**
 * Where a value sits: the body, or its `data`.
 * @param {any} json parsed JSON (any: whatever GPTBots answered)
 * @param {string} name
 * @returns {any}
 */
const unwrap = (json, name) => json?.[name] ?? json?.data?.[name];

/**
 * The answer's text as the reader would take it: output[].content.text joined, in order.
 * @param {any} json parsed JSON
 * @returns {string | null}
 */
const outputText = (json) => {
	const output = unwrap(json, 'output');
	return Array.isArray(output)
		? output.map((/** @type {any} */ o) => o?.content?.text ?? '').join('')
		: null;
};

/**
 * The history's shape and rows, and the text of the answer with `messageId` when it is there.
 * @param {any} json parsed JSON
 * @param {string | null} messageId
 * @returns {HistoryReading & { text: string | null }}
 */
function readHistory(json, messageId) {
	const v2 = unwrap(json, 'conversation_content');
	const v1 = unwrap(json, 'messages');
	/** @type {any[] | null} */
	const rows = Array.isArray(v2) ? v2 : Array.isArray(v1) ? v1 : null;
	const row = rows?.find((r) => r?.message_id === messageId) ?? null;
	/** @type {string | null} */
	let text = null;
	if (row && Array.isArray(row.content))
		text = row.content
			.flatMap((/** @type {any} */ c) => c?.branch_content ?? [])
			.filter((/** @type {any} */ p) => p?.type === 'text')
			.map((/** @type {any} */ p) => p.text)
			.join('');
	else if (row && typeof row.text === 'string') text = row.text;
	return {
		shape: Array.isArray(v2)
			? 'v2 (conversation_content)'
			: Array.isArray(v1)
				? 'v1 (messages)'
				: 'neither',
		rows: rows ? rows.length : null,
		total: unwrap(json, 'total') ?? null,
		roles: rows ? [...new Set(rows.map((r) => r?.role ?? r?.message_type))] : null,
		text,
	};
}

/**
 * Records what POSTs to the agent's webhook (path, headers, body shape; the key only as a yes/no).
 * @param {number} port
 * @param {string} agentKey
 */
function startAgentListener(port, agentKey) {
	return startListener(
		port,
		/** @returns {AgentDelivery} */ ({ req, url, text, json }) => {
			const auth = req.headers.authorization;
			return {
				method: req.method,
				path: url.pathname,
				authorization: !auth
					? 'missing'
					: auth === `Bearer ${agentKey}`
						? 'Bearer <your agent key>'
						: auth === agentKey
							? '<your agent key> without Bearer'
							: 'something else',
				headers: headersShape(req.headers),
				bodyLength: text.length,
				body: json === undefined ? null : shapeOf(json),
				message_id: typeof json?.message_id === 'string',
			};
		},
	);
}

/**
 * @param {ProbeArgs} args
 * @param {ProbeConfig} config
 * @param {(text: string) => void} say
 */
async function probeAgent(args, config, say) {
	/** @type {AgentReport} */
	const report = { calls: [], stream: null, history: null, webhook: null, notes: [] };
	const record = recorder({
		calls: report.calls,
		say,
		call: (...request) => agentCall(config, ...request),
		describe: describeCall,
		width: 22,
	});
	const verify = await record('agent verify', 'GET', '/v1/api-key/verify');
	report.keyType = unwrap(verify.json, 'type') ?? null;
	const created = await record('create conversation', 'POST', '/v1/conversation', {
		body: { user_id: 'n8n-probe' },
	});
	const conversationId = unwrap(created.json, 'conversation_id');
	if (typeof conversationId !== 'string') {
		report.notes.push('Create conversation named no conversation_id: no messages sent.');
		return report;
	}
	/** @type {MessageBody} */
	const message = (mode, text = QUESTION) => ({
		conversation_id: conversationId,
		response_mode: mode,
		messages: [{ role: 'user', content: [{ type: 'text', text }] }],
	});
	/** @type {string | null} */
	let streamedId = null;
	if (args.runs) {
		const blocking = await record('message blocking', 'POST', '/v2/conversation/message', {
			body: message('blocking'),
		});
		const text = outputText(blocking.json);
		report.blockingText = {
			place: text === null ? 'no output[]' : 'output[].content.text',
			characters: text?.length ?? null,
			outputs: unwrap(blocking.json, 'output')?.length ?? null,
		};
		const streamed = await streamCall(
			config,
			config.agentKey,
			'/v2/conversation/message',
			message('streaming'),
			180000,
		);
		say(
			`${'message streaming'.padEnd(22)} ${streamed.status === null ? `no answer (${streamed.error})` : `HTTP ${streamed.status}`}  first byte ${streamed.firstByteMs} ms, ${streamed.ms} ms`,
		);
		const history = await agentCall(config, 'GET', '/v2/messages', {
			qs: { conversation_id: conversationId, page: 1, page_size: 20 },
		});
		const rows =
			unwrap(history.json, 'conversation_content') ?? unwrap(history.json, 'messages') ?? [];
		const answers = Array.isArray(rows)
			? rows.filter((r) => r?.role === 'assistant' || r?.message_type === 'ANSWER')
			: [];
		streamedId = answers.at(-1)?.message_id ?? null;
		report.stream = describeStream(
			streamed,
			streamedId ? readHistory(history.json, streamedId).text : null,
		);
		report.calls.push(
			describeCall(
				'unknown conversation',
				'POST',
				'/v2/conversation/message',
				await agentCall(config, 'POST', '/v2/conversation/message', {
					body: { ...message('blocking'), conversation_id: UNKNOWN_CONVERSATION },
				}),
			),
		);
	}
	for (const [label, path] of [
		['history v2', '/v2/messages'],
		['history v1', '/v1/messages'],
	]) {
		const answer = await record(label, 'GET', path, {
			qs: { conversation_id: conversationId, page: 1, page_size: 20 },
		});
		if (answer.json !== undefined)
			(report.history ??= {})[label] = readHistory(answer.json, streamedId);
	}
	for (const entry of Object.values(report.history ?? {})) delete entry.text; // compared above, never reported
	if (args.runs && args.publicUrl) report.webhook = await probeWebhook(args, config, say, message);
	return report;
}

/**
 * @param {ProbeArgs} args
 * @param {ProbeConfig} config
 * @param {(text: string) => void} say
 * @param {MessageBody} message
 */
async function probeWebhook(args, config, say, message) {
	const listener = await startAgentListener(args.listenPort, config.agentKey);
	try {
		say(
			`agent webhook          set your agent's webhook (Integration → API) to ${String(args.publicUrl).replace(/\/+$/, '')}/ ; waiting up to ${args.webhookWait} s`,
		);
		const accepted = await agentCall(config, 'POST', '/v2/conversation/message', {
			body: message('webhook'),
		});
		const until = Date.now() + args.webhookWait * 1000;
		while (listener.deliveries.length === 0 && Date.now() < until) await sleep(250);
		await sleep(Math.min(5000, Math.max(0, until - Date.now()))); // a second copy, if GPTBots sends one
		return {
			accepted: describeCall('message webhook', 'POST', '/v2/conversation/message', accepted),
			deliveries: listener.deliveries,
		};
	} finally {
		await listener.close();
	}
}

/** @param {AgentReport} agent */
function summariseAgent(agent) {
	const lines = [`  agent key type     ${agent.keyType ?? 'not found'}`];
	for (const entry of agent.calls)
		lines.push(
			`  ${entry.call.padEnd(21)} ${entry.error ? `no answer: ${entry.error}` : `HTTP ${entry.httpStatus}`} ${String(entry.ms).padStart(6)} ms  ${entry.shape ? `fields: ${Object.keys(entry.shape).join(', ')}` : ''}`,
		);
	if (agent.blockingText)
		lines.push(
			`  blocking answer    text in ${agent.blockingText.place} (${agent.blockingText.outputs ?? 0} output entries)`,
		);
	const s = agent.stream;
	if (s && s.error === undefined) {
		const keys = Object.entries(s.textKeys).map(
			([key, v]) =>
				`${key}${v.matchesHistory ? ' (= the stored answer)' : v.matchesHistory === false ? ' (≠ the stored answer)' : ''}`,
		);
		lines.push(
			`  streaming          HTTP ${s.httpStatus}, ${s.headers['content-type'] ?? 'no content type'}, ${s.events} events (${s.framing.dataLines} data lines, ${s.framing.eventLines} event lines${s.framing.crlf ? ', CRLF' : ''}), first byte ${s.firstByteMs} ms${s.brokenBy ? `, broken: ${s.brokenBy}` : ''}`,
		);
		lines.push(
			`  stream text        ${keys.length ? keys.join('; ') : 'under no known key'}; last event ${JSON.stringify(s.lastEvent)}`,
		);
	}
	for (const [label, h] of Object.entries(agent.history ?? {}))
		lines.push(
			`  ${label.padEnd(18)} ${h.shape}, ${h.rows ?? 0} rows, total ${h.total ?? 'not given'}`,
		);
	if (agent.webhook) {
		const got = agent.webhook.deliveries;
		lines.push(
			`  agent webhook      ${got.length ? got.map((d) => `${d.method} ${d.authorization}, message_id ${d.message_id ? 'present' : 'missing'}`).join('; ') : 'nothing arrived'}`,
		);
	}
	return lines;
}

module.exports = { probeAgent, summariseAgent };
