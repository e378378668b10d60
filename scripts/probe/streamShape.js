'use strict';

/**
 * What the probe reports of a streamed agent answer: how it is framed (SSE `data:` lines, `event:`
 * lines, bare JSON lines, CRLF), the shapes of its events (values cut as everywhere in the probe),
 * which keys carried text, how it ended, and whether the text the candidate readers assemble
 * matches the answer GPTBots stored in the history. No text of the answer is kept.
 */

const https = require('node:https');
const http = require('node:http');
const { shapeOf, headersShape } = require('./shape');

const TEXT_KEYS = ['data', 'text', 'content', 'delta', 'answer'];
const MAX_SHAPES = 8;

/**
 * A streamed answer as it arrived: `status` null when none came, `error` the network error's
 * code (the stream may have broken after the status came).
 * @typedef {{ status: number | null, headers: import('node:http').IncomingHttpHeaders, raw: string,
 *   firstByteMs: number | null, ms: number, chunks: number, error: string | null }} StreamAnswer
 */

/**
 * POSTs a JSON body and reads the answer as it arrives. Resolves {status, headers, raw,
 * firstByteMs, ms, chunks, error}; never rejects.
 * @param {{ baseUrl: string }} config
 * @param {string} key
 * @param {string} path
 * @param {unknown} body
 * @param {number} timeoutMs
 * @returns {Promise<StreamAnswer>}
 */
function streamCall(config, key, path, body, timeoutMs) {
	return new Promise((resolve) => {
		const started = Date.now();
		const url = new URL(`${config.baseUrl}${path}`);
		const payload = JSON.stringify(body);
		/** @type {Buffer[]} */
		const parts = [];
		/** @type {number | null} */
		let status = null;
		/** @type {import('node:http').IncomingHttpHeaders} */
		let headers = {};
		/** @type {number | null} */
		let firstByteMs = null;
		let chunks = 0;
		const done = (/** @type {NodeJS.ErrnoException | null} */ error) =>
			resolve({
				status,
				headers,
				raw: Buffer.concat(parts).toString('utf8'),
				firstByteMs,
				ms: Date.now() - started,
				chunks,
				error: error ? error.code || error.message : null,
			});
		const client = url.protocol === 'https:' ? https : http;
		const req = client.request(url, {
			method: 'POST',
			headers: {
				Authorization: `Bearer ${key}`,
				'Content-Type': 'application/json',
				Accept: 'text/event-stream, application/json',
				'Content-Length': Buffer.byteLength(payload),
			},
			timeout: timeoutMs,
		});
		req.on('timeout', () =>
			req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })),
		);
		req.on('error', done);
		req.on('response', (res) => {
			status = res.statusCode ?? null;
			headers = res.headers;
			res.on('data', (chunk) => {
				if (firstByteMs === null) firstByteMs = Date.now() - started;
				chunks += 1;
				parts.push(chunk);
			});
			res.on('end', () => done(null));
			res.on('error', done);
			res.on('aborted', () => done(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
		});
		req.end(payload);
	});
}

/**
 * How the raw text is framed: counts of each kind of line.
 * @param {string} raw
 */
function framingOf(raw) {
	const lines = raw.split(/\r?\n/);
	const count = (/** @type {RegExp} */ re) => lines.filter((line) => re.test(line)).length;
	return {
		crlf: raw.includes('\r\n'),
		dataLines: count(/^data:/),
		dataLinesWithoutSpace: count(/^data:[^ ]/),
		eventLines: count(/^event:/),
		idLines: count(/^id:/),
		commentLines: count(/^:/),
		bareJsonLines: count(/^\s*[{[]/),
		blankLines: count(/^\s*$/),
		eventNames: [
			...new Set(lines.filter((l) => /^event:/.test(l)).map((l) => l.slice(6).trim())),
		].slice(0, 10),
	};
}

/**
 * The data of each event: SSE events (data lines joined) or, without any, bare lines.
 * @param {string} raw
 */
function eventData(raw) {
	const text = raw.replace(/\r\n/g, '\n');
	if (!/^data:/m.test(text)) return text.split('\n').filter((line) => line.trim() !== '');
	return text
		.split(/\n\n+/)
		.map((block) =>
			block
				.split('\n')
				.filter((line) => line.startsWith('data:'))
				.map((line) => line.slice(5).replace(/^ /, ''))
				.join('\n'),
		)
		.filter((data) => data !== '');
}

/**
 * An event's data parsed (any: whatever GPTBots streamed), undefined if it is not JSON.
 * @param {string} data
 * @returns {any}
 */
const parse = (data) => {
	try {
		return JSON.parse(data);
	} catch {
		return undefined;
	}
};

/**
 * The text pieces each candidate reading would assemble (no values reported, only comparisons).
 * @param {any[]} events parsed events (undefined: not JSON)
 */
function candidates(events) {
	/** @type {Record<string, string>} */
	const result = {};
	for (const key of TEXT_KEYS) {
		const pieces = events.filter((e) => e && typeof e[key] === 'string').map((e) => e[key]);
		if (pieces.length) result[key] = pieces.join('');
	}
	const code3 = events.filter((e) => e && e.code === 3 && typeof e.data === 'string');
	if (code3.length) result['code 3 → data'] = code3.map((e) => e.data).join('');
	return result;
}

/**
 * The report of one streamed answer. `historyText` (the answer stored in the history, when it
 * could be found) is compared with each candidate reading; only the outcome is reported.
 * @param {StreamAnswer} answer
 * @param {string | null} historyText
 */
function describeStream(answer, historyText) {
	if (answer.error && answer.status === null) return { error: answer.error, ms: answer.ms };
	const data = eventData(answer.raw);
	const events = data.map(parse);
	/** @type {Map<string, number>} */
	const shapes = new Map();
	for (const event of events) {
		const shape = JSON.stringify(event === undefined ? 'not JSON' : shapeOf(event));
		shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
	}
	const readings = candidates(events);
	const last = data.at(-1);
	return {
		httpStatus: answer.status,
		headers: headersShape(answer.headers),
		firstByteMs: answer.firstByteMs,
		ms: answer.ms,
		networkChunks: answer.chunks,
		bytes: Buffer.byteLength(answer.raw),
		brokenBy: answer.error,
		framing: framingOf(answer.raw),
		events: data.length,
		nonJsonEvents: data
			.filter((d, i) => events[i] === undefined)
			.map((d) => (d === '[DONE]' ? d : `(${d.length} characters)`))
			.slice(0, 5),
		shapes: [...shapes]
			.slice(0, MAX_SHAPES)
			.map(([shape, count]) => ({ count, shape: JSON.parse(shape) })),
		lastEvent:
			last === undefined
				? null
				: events.at(-1) === undefined
					? last === '[DONE]'
						? last
						: 'not JSON'
					: shapeOf(events.at(-1)),
		textKeys: Object.fromEntries(
			Object.entries(readings).map(([key, text]) => [
				key,
				{
					characters: text.length,
					matchesHistory: historyText === null ? null : text === historyText,
				},
			]),
		),
	};
}

module.exports = { describeStream, eventData, streamCall };
