#!/usr/bin/env node
'use strict';

/**
 * `npm run probe`: a short conformance run against a real GPTBots account, for the facts GPTBots'
 * docs leave open (simulator/README.md lists them): key verify, one sync run with your input,
 * one async run with its result queries, the first page of the run logs and, with --public-url,
 * one webhook delivery exactly as GPTBots sends it. It writes a report of the SHAPES it saw
 * (field names, types, statuses, relevant headers, timings: no values, no key) and prints a
 * summary. Node built-ins only.
 *
 *   GPTBOTS_API_KEY=… GPTBOTS_ENDPOINT=sg|jp|th|global  (or GPTBOTS_BASE_URL=https://…)
 *   GPTBOTS_INPUT='{"topic":"News"}'   the Start-node input of the key's workflow (default {})
 *   GPTBOTS_AGENT_API_KEY=…   an agent's key: the agent side too (agent.js), or alone without
 *     GPTBOTS_API_KEY. With --public-url, set the agent's webhook (Integration → API) to that URL.
 *   npm run probe -- [--out gptbots-probe-report.json] [--public-url https://your-tunnel]
 *     [--listen-port 8787] [--webhook-wait 120] [--poll-interval 2] [--max-wait 300] [--no-runs]
 *
 * Runs cost credits: one sync and one async run; agent messages: blocking, streaming and, with
 * --public-url, webhook (none with --no-runs).
 */

const crypto = require('node:crypto');
const fs = require('node:fs');
const { DATA_CENTRE_BASE_URLS } = require('../lib/constants');
const { sleep } = require('../lib/wait');
const { shapeOf, headersShape, runLocation, rowsLocation, redact } = require('./shape');
const { probeAgent, summariseAgent } = require('./agent');
const { apiCall, describeCall, recorder, startListener } = require('./calls');

const ISSUES_URL = 'https://github.com/n8n-nodes-gptbots/n8n-nodes-gptbots/issues/new';
const FINISHED = /^(SUCCEED|SUCCED|SUCCESS|FAILED|FAIL)$/i;

/**
 * The flags (see the comment at the top).
 * @typedef {{ out: string, publicUrl: string | null, listenPort: number, webhookWait: number,
 *   pollInterval: number, maxWait: number, runs: boolean, baseUrl: string | null }} ProbeArgs
 * @typedef {ReturnType<typeof settings>} ProbeConfig
 * @typedef {import('./calls').CallRecord & { run?: ReturnType<typeof runLocation> }} AnswerRecord
 * What the report keeps of one webhook delivery.
 * @typedef {{ method: string | undefined, path: string, headers: Record<string, string>,
 *   bodyLength: number, bodyKind: string, body: import('./shape').Shape | null,
 *   run: ReturnType<typeof runLocation>, query: import('./shape').Shape | null }} RunDelivery
 * The report (the agent side under `agent`).
 * @typedef {{ probe: string, at: string, baseUrl: string, node: string, calls: AnswerRecord[],
 *   webhook?: { url: string, secretHeader: string, deliveries: RunDelivery[] } | null,
 *   notes: string[], asyncStatuses?: string[], runLogs?: ReturnType<typeof rowsLocation>,
 *   agent?: import('./agent').AgentReport, summary?: string[] }} ProbeReport
 */

/**
 * @param {string[]} argv
 * @returns {ProbeArgs}
 */
function parseArgs(argv) {
	/** @type {ProbeArgs} */
	const args = {
		out: 'gptbots-probe-report.json',
		publicUrl: null,
		listenPort: 8787,
		webhookWait: 120,
		pollInterval: 2,
		maxWait: 300,
		runs: true,
		baseUrl: null,
	};
	/** @type {Record<string, 'listenPort' | 'webhookWait' | 'pollInterval' | 'maxWait'>} */
	const numbers = {
		'--listen-port': 'listenPort',
		'--webhook-wait': 'webhookWait',
		'--poll-interval': 'pollInterval',
		'--max-wait': 'maxWait',
	};
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split(/=(.*)/s);
		const value = () => inline ?? argv[++i];
		if (flag === '--no-runs') args.runs = false;
		else if (flag === '--out') args.out = value();
		else if (flag === '--public-url') args.publicUrl = value();
		else if (flag === '--base-url') args.baseUrl = value();
		else if (numbers[flag]) args[numbers[flag]] = Number(value());
		else
			throw new Error(
				`Unknown argument ${argv[i]} (see the comment at the top of scripts/probe/probe.js)`,
			);
	}
	return args;
}

/**
 * The keys, the base URL and the input, from the flags and the environment.
 * @param {ProbeArgs} args
 * @param {NodeJS.ProcessEnv} env
 */
function settings(args, env) {
	const apiKey = (env.GPTBOTS_API_KEY || '').trim();
	const agentKey = (env.GPTBOTS_AGENT_API_KEY || '').trim();
	if (!apiKey && !agentKey)
		throw new Error(
			'Set GPTBOTS_API_KEY to the API key of one of your GPTBots workflows, and/or GPTBOTS_AGENT_API_KEY to the key of one of your agents',
		);
	const endpoint = (env.GPTBOTS_ENDPOINT || 'sg').toLowerCase();
	const baseUrl = (
		args.baseUrl ||
		env.GPTBOTS_BASE_URL ||
		DATA_CENTRE_BASE_URLS[/** @type {keyof typeof DATA_CENTRE_BASE_URLS} */ (endpoint)] ||
		''
	).replace(/\/+$/, '');
	if (!/^https?:\/\/[^/]+$/.test(baseUrl))
		throw new Error(
			`No usable base URL: set GPTBOTS_ENDPOINT to one of ${Object.keys(DATA_CENTRE_BASE_URLS).join(', ')} or GPTBOTS_BASE_URL to http(s)://host`,
		);
	/** @type {Record<string, unknown>} */
	let input = {};
	if (env.GPTBOTS_INPUT) {
		input = JSON.parse(env.GPTBOTS_INPUT);
		if (input === null || typeof input !== 'object' || Array.isArray(input))
			throw new Error('GPTBOTS_INPUT must be a JSON object');
	}
	return { apiKey, agentKey, baseUrl, input, userId: env.GPTBOTS_USER_ID || undefined };
}

/**
 * @param {ProbeConfig} config
 * @param {string} method
 * @param {string} path
 * @param {import('./calls').CallOptions} [options]
 */
const call = (config, method, path, options) =>
	apiCall(config.baseUrl, config.apiKey, method, path, options);

/**
 * What the report keeps of one answer, and where a run sits in it.
 * @param {string} label
 * @param {string} method
 * @param {string} path
 * @param {import('./calls').Answer} answer
 * @returns {AnswerRecord}
 */
function describeAnswer(label, method, path, answer) {
	const described = describeCall(label, method, path, answer);
	if (answer.error) return described;
	return { ...described, run: answer.json === undefined ? null : runLocation(answer.json) };
}

/**
 * The run an answer names: its id and status.
 * @param {any} json parsed JSON (any: whatever GPTBots answered)
 */
const runOf = (json) => {
	const where = runLocation(json);
	if (!where) return null;
	const object = {
		body: json,
		'body.data': json.data,
		'body.result': json.result,
		'body.data.result': json.data?.result,
	}[where.place];
	if (!object) return null;
	return {
		id: object.workflowRunId ?? object.workflow_run_id,
		status: String(object.status ?? ''),
	};
};

/**
 * A local listener that records each webhook delivery (method, headers, body shape).
 * @param {number} port
 * @param {string} secretHeader
 */
function startRunListener(port, secretHeader) {
	return startListener(
		port,
		/** @returns {RunDelivery} */ ({ req, url, text, json }) => {
			const form =
				json === undefined && /=/.test(text)
					? Object.fromEntries(new URLSearchParams(text))
					: undefined;
			const query = Object.fromEntries(url.searchParams);
			return {
				method: req.method,
				path: url.pathname,
				headers: headersShape(req.headers, [secretHeader.toLowerCase()]),
				bodyLength: text.length,
				bodyKind: text === '' ? 'empty' : json !== undefined ? 'JSON' : form ? 'form' : 'text',
				body: json !== undefined ? shapeOf(json) : form ? shapeOf(form) : null,
				run: runLocation(json ?? form) ?? runLocation(query, 'query'),
				query: Object.keys(query).length ? shapeOf(query) : null,
			};
		},
	);
}

/**
 * The workflow side.
 * @param {ProbeArgs} args
 * @param {ProbeConfig} config
 * @param {(text: string) => void} say
 */
async function probe(args, config, say) {
	/** @type {ProbeReport} */
	const report = {
		probe: 'n8n-nodes-gptbots probe 1',
		at: new Date().toISOString(),
		baseUrl: config.baseUrl,
		node: process.version,
		calls: [],
		webhook: null,
		notes: [],
	};
	const record = recorder({
		calls: report.calls,
		say,
		call: (...request) => call(config, ...request),
		describe: describeAnswer,
		width: 14,
	});

	await record('verify', 'GET', '/v1/api-key/verify');
	const secretHeader = 'X-Probe-Secret';
	const listener = args.publicUrl ? await startRunListener(args.listenPort, secretHeader) : null;
	try {
		if (args.runs) {
			const base = { input: config.input, ...(config.userId && { userId: config.userId }) };
			await record('invoke sync', 'POST', '/v1/workflow/invoke', {
				body: { ...base, isAsync: false },
			});
			const hookUrl = args.publicUrl && `${args.publicUrl.replace(/\/+$/, '')}/gptbots-probe`;
			const secret = crypto.randomBytes(8).toString('hex');
			const webhook = hookUrl
				? [
						{ method: 'POST', url: hookUrl, headers: { [secretHeader]: secret } },
						{ method: 'GET', url: `${hookUrl}-get`, headers: { [secretHeader]: secret } },
					]
				: undefined;
			const started = await record('invoke async', 'POST', '/v1/workflow/invoke', {
				body: { ...base, isAsync: true, ...(webhook && { webhook }) },
			});
			const run = started.json && runOf(started.json);
			if (run?.id) {
				/** @type {string[]} */
				const statuses = [];
				const deadline = Date.now() + args.maxWait * 1000;
				for (let n = 1; Date.now() < deadline; n++) {
					await sleep(args.pollInterval * 1000);
					const answer = await call(config, 'POST', '/v1/workflow/query/result', {
						body: { workflowRunId: run.id },
					});
					const seen = answer.json && runOf(answer.json);
					statuses.push(seen?.status ?? (answer.error || `HTTP ${answer.status}`));
					if (n === 1 || !seen || FINISHED.test(seen.status))
						report.calls.push(
							describeAnswer(`query #${n}`, 'POST', '/v1/workflow/query/result', answer),
						);
					if (!seen || FINISHED.test(seen.status)) break;
				}
				report.asyncStatuses = statuses;
				say(`query result   ${statuses.length} queries: ${statuses.join(' → ')}`);
				const unknown = await call(config, 'POST', '/v1/workflow/query/result', {
					body: { workflowRunId: `probe-unknown-${secret}` },
				});
				report.calls.push(
					describeAnswer('query unknown id', 'POST', '/v1/workflow/query/result', unknown),
				);
			} else {
				report.notes.push(
					'The async invoke answer named no workflowRunId: no result queries made.',
				);
			}
			if (listener) {
				say(`webhook        waiting up to ${args.webhookWait} s for GPTBots at ${hookUrl}`);
				const until = Date.now() + args.webhookWait * 1000;
				while (listener.deliveries.length < 2 && Date.now() < until) await sleep(250);
				report.webhook = {
					url: '(your public URL)/gptbots-probe[-get]',
					secretHeader,
					deliveries: listener.deliveries,
				};
			}
		}
		const now = Date.now();
		const logs = await record('run logs', 'GET', '/v1/workflow/run/logs', {
			qs: {
				conversation_type: 'API',
				start_time: now - 24 * 3600 * 1000,
				end_time: now,
				page: 1,
				page_size: 10,
			},
		});
		report.runLogs = logs.json ? rowsLocation(logs.json) : null;
	} finally {
		await listener?.close();
	}
	return report;
}

/** @param {ProbeReport} report */
function summarise(report) {
	const lines = [`GPTBots probe of ${report.baseUrl}`];
	for (const entry of report.calls) {
		const where = entry.run
			? `run in ${entry.run.place} (${entry.run.spelling}${entry.run.status ? `, status ${entry.run.status.value ?? entry.run.status}` : ''})`
			: entry.json
				? `JSON, top-level fields: ${Object.keys(entry.shape || {}).join(', ')}`
				: entry.error
					? ''
					: 'not JSON';
		lines.push(
			`  ${entry.call.padEnd(17)} ${entry.error ? `no answer: ${entry.error}` : `HTTP ${entry.httpStatus}`} ${String(entry.ms).padStart(6)} ms  ${where}`,
		);
	}
	if (report.asyncStatuses) lines.push(`  async statuses    ${report.asyncStatuses.join(' → ')}`);
	if (report.runLogs !== undefined)
		lines.push(
			`  run-log rows      ${report.runLogs ? `under ${report.runLogs.place}, ${report.runLogs.rows} on page 1, total ${report.runLogs.total === null ? 'not given' : report.runLogs.total}` : 'not found'}`,
		);
	if (report.webhook) {
		const got = report.webhook.deliveries;
		lines.push(
			`  webhook           ${got.length ? got.map((d) => `${d.method} ${d.bodyKind} body (${d.headers['content-type'] ?? 'no content type'})${d.run ? `, run in ${d.run.place} (${d.run.spelling})` : ', no run found'}`).join('; ') : 'nothing arrived'}`,
		);
	}
	if (report.agent) lines.push('  agent', ...summariseAgent(report.agent));
	return lines.join('\n');
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const config = settings(args, process.env);
	const secrets = [config.apiKey, config.agentKey];
	const say = (/** @type {string} */ text) => process.stdout.write(`${redact(text, secrets)}\n`);
	/** @type {ProbeReport} */
	const report = config.apiKey
		? await probe(args, config, say)
		: {
				probe: 'n8n-nodes-gptbots probe 1',
				at: new Date().toISOString(),
				baseUrl: config.baseUrl,
				node: process.version,
				calls: [],
				notes: [],
			};
	if (config.agentKey) report.agent = await probeAgent(args, config, say);
	report.summary = summarise(report).split('\n');
	const text = redact(JSON.stringify(report, null, 2), secrets);
	fs.writeFileSync(args.out, `${text}\n`);
	say(`\n${summarise(report)}\n\nReport written to ${args.out} (shapes only: no key, no values).`);
	say(`Please attach it to an issue: ${ISSUES_URL}`);
}

main().catch((error) => {
	process.stderr.write(
		`probe: ${redact(
			error.message,
			[process.env.GPTBOTS_API_KEY, process.env.GPTBOTS_AGENT_API_KEY].map((k) => (k || '').trim()),
		)}\n`,
	);
	process.exit(1);
});
