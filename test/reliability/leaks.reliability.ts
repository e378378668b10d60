/**
 * Requirement 3: no error path shows the API key or the trigger secret — not in output items,
 * error messages, descriptions, the whole run data, nor anything n8n would log (LoggerProxy,
 * console, stdout/stderr). Against the simulator and against a server that echoes the key back.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import type { INodeParameters } from 'n8n-workflow';

import type { RunResult } from '../harness/engine';
import type { Simulator } from '../engine/fixture';
import {
	errorsSpelledOut,
	everythingShown,
	runWorkflowNode,
	syncJson,
	useSimulator,
} from '../engine/fixture';
import type { Capture } from './support';
import { addFigures, captureLogs, countLeaks, partialLeak } from './support';

const API_KEY = 'sim-key-LEAKCHECK-7f3a9c2e51d0';
const TRIGGER_SECRET = 'trig-secret-LEAKCHECK-b84d1e6a';
const SECRETS = [API_KEY, TRIGGER_SECRET];

type Sim = Simulator & { faults: Simulator['faults'] & { refuseFor(ms: number): void } };

/**
 * The run data without the node's own parameters. When the user types the trigger secret into a
 * webhook's Headers (a plain JSON parameter), n8n keeps it with the node in the run data (and in
 * every error's `node`), as it keeps the whole workflow: that is the user's configuration, not
 * something the node repeated. Everything else must be free of it.
 */
function runDataWithoutParameters(result: RunResult): string {
	return JSON.stringify(result.run, (key, value) =>
		key === 'parameters' ? '[node parameters]' : errorsSpelledOut(value),
	);
}

/** Every text a user or an operator could see for this run. */
function shown(result: RunResult, capture: Capture): Record<string, string> {
	const error = result.error as (Error & { description?: string }) | undefined;
	return {
		items: JSON.stringify(result.items),
		errorMessage: String(error?.message ?? ''),
		errorDescription: String(error?.description ?? ''),
		errorStack: String(error?.stack ?? ''),
		runData: everythingShown(result),
		logs: capture.text(),
	};
}

/** The API key anywhere; the trigger secret anywhere but in the node's own parameters. */
function findLeaks(result: RunResult, texts: Record<string, string>, capture: Capture) {
	return [
		...countLeaks(texts, [API_KEY]),
		...countLeaks(
			{ ...texts, runData: runDataWithoutParameters(result), logs: capture.text(true) },
			[TRIGGER_SECRET],
		),
	];
}

async function runAndScan(run: () => Promise<RunResult>, expectFailure = true) {
	const capture = captureLogs();
	let result: RunResult;
	try {
		result = await run();
	} finally {
		capture.stop();
	}
	const texts = shown(result, capture);
	const leaks = findLeaks(result, texts, capture);
	addFigures({
		itemsIn: 1,
		itemsOut: result.items.length,
		leaksFound: leaks.reduce((n, leak) => n + leak.count, 0),
	});
	// the path under test really failed, and n8n-core's logger was captured
	if (expectFailure)
		expect(texts.errorMessage || String(result.items[0]?.json.error ?? '')).not.toBe('');
	expect(capture.loggerCalls()).toBeGreaterThan(0);
	return { result, texts, leaks };
}

const sync = (extra: INodeParameters = {}, options: INodeParameters = {}) =>
	syncJson('{"topic":"leak"}', { timeout: 1, ...options }, extra);
const withSecretWebhook = (mode: string) =>
	sync({
		mode,
		webhooks: {
			webhook: [
				{
					method: 'POST',
					url: 'https://hooks.example.com/gptbots',
					headers: JSON.stringify({ 'X-GPTBots-Secret': TRIGGER_SECRET }),
				},
			],
		},
	});

// --------------------------------------------------------------------------------------------
describe('no secret in any error path against the simulator', () => {
	const holder = useSimulator({ apiKeys: [API_KEY], retryAfterSeconds: 0.01 }) as unknown as {
		sim: Sim;
	};
	const run =
		(
			parameters: INodeParameters,
			extra: { apiKey?: string; baseUrl?: string; continueOnFail?: boolean } = {},
		) =>
		() =>
			runWorkflowNode(holder.sim, { parameters, apiKey: API_KEY, ...extra });

	it.each([
		['HTTP 500', 'server_error'],
		['HTTP 502 (HTML)', 'bad_gateway'],
		['HTTP 503', 'unavailable'],
		['HTTP 504 (text)', 'gateway_timeout'],
		['a reset before the request', 'reset_before'],
		['a reset after the run started', 'reset_after'],
		['a time-out (hang)', 'hang'],
		['a non-JSON 200', 'non_json'],
		['a 200 with an error code', 'error_code_200'],
	])('%s', async (_label, kind) => {
		holder.sim.faults.queue('*', kind, 1);
		const { leaks } = await runAndScan(run(withSecretWebhook('async')));
		expect(leaks).toEqual([]);
	});

	it('429 until the retries are used up (with continueOnFail)', async () => {
		holder.sim.faults.queue('*', 'rate_limit', 10);
		const { leaks, result } = await runAndScan(
			run(withSecretWebhook('async'), { continueOnFail: true }),
		);
		expect(result.items[0].json.error).toMatch(/HTTP 429/);
		expect(leaks).toEqual([]);
	});

	it('a wrong API key (401)', async () => {
		const wrong = `${API_KEY}-WRONG`;
		const { leaks, texts } = await runAndScan(run(sync(), { apiKey: wrong }));
		expect(texts.errorMessage).toMatch(/HTTP 401/);
		expect(leaks).toEqual([]);
		expect(countLeaks(texts, [wrong])).toEqual([]);
	});

	it('a key with spaces around it', async () => {
		holder.sim.faults.queue('*', 'server_error', 1);
		const { leaks } = await runAndScan(run(sync(), { apiKey: `  ${API_KEY}\n` }));
		expect(leaks).toEqual([]);
	});

	it('a FAILED run', async () => {
		const { leaks, texts } = await runAndScan(run(sync({ inputJson: '{"__fail":"boom"}' })));
		expect(texts.errorMessage).toMatch(/status FAILED: boom/);
		expect(leaks).toEqual([]);
	});

	it('a refused connection (retried, then given up)', async () => {
		const { leaks, texts } = await runAndScan(run(sync(), { baseUrl: 'http://127.0.0.1:1' }));
		expect(texts.errorMessage).toMatch(/ECONNREFUSED/);
		expect(leaks).toEqual([]);
	}, 20000);

	it.each([
		['with a path', (url: string) => `${url}/v1`],
		['malformed', () => 'http://exa mple.com:99999'],
		['with user and password', (url: string) => url.replace('http://', `http://user:${API_KEY}@`)],
		['not http', () => 'ftp://gptbots.example.com'],
	])('a bad custom base URL (%s)', async (_label, make) => {
		const { leaks, texts } = await runAndScan(run(sync(), { baseUrl: make(holder.sim.url) }));
		expect(texts.errorMessage).toMatch(/^GPTBots API credential: /);
		// the user typed the key into the URL: the message must still not repeat it
		expect(leaks).toEqual([]);
	});

	it('getResult and getRuns failing', async () => {
		holder.sim.faults.queue('*', 'server_error', 2);
		const a = await runAndScan(
			run({ operation: 'getResult', workflowRunId: 'run_zzz', options: { timeout: 1 } }),
		);
		const b = await runAndScan(
			run({ operation: 'getRuns', returnAll: true, options: { timeout: 1 } }),
		);
		expect([...a.leaks, ...b.leaks]).toEqual([]);
	});
});

// --------------------------------------------------------------------------------------------
/** A GPTBots stand-in that repeats the key it was sent (and the request body) in its answers. */
function echoServer() {
	let behaviour = 'json401';
	const server = http.createServer((req, res) => {
		let raw = '';
		req.on('data', (chunk) => (raw += chunk));
		req.on('end', () => {
			const key = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
			const send = (
				status: number,
				body: string,
				type = 'application/json',
				headers: Record<string, string> = {},
			) => {
				res.writeHead(status, { 'Content-Type': type, ...headers });
				res.end(body);
			};
			switch (behaviour) {
				case 'json401':
					return send(401, JSON.stringify({ code: 401, message: `key ${key} is invalid` }));
				case 'msg400':
					return send(400, JSON.stringify({ code: 40001, msg: `input rejected for ${key}` }));
				case 'code200':
					return send(
						200,
						JSON.stringify({ code: 40348, message: `Workflow of key ${key} is disabled` }),
					);
				case 'rateLimited':
					return send(
						429,
						JSON.stringify({ code: 42900, message: `slow down, ${key}` }),
						'application/json',
						{ 'Retry-After': '0.01' },
					);
				case 'html':
					return send(
						502,
						`<html><body>upstream said: Bearer ${key} unknown</body></html>`,
						'text/html',
					);
				case 'text200':
					return send(200, `maintenance for ${key}`, 'text/plain');
				case 'longText':
					// the key starts 150 characters in: the 160-character snippet cuts it in two
					return send(500, `${'x'.repeat(150)}${key} rest of the page`, 'text/plain');
				case 'failedRun':
					return send(
						200,
						JSON.stringify({
							workflowRunId: 'run_echo',
							status: 'FAILED',
							output: { error: `upstream refused key ${key}` },
						}),
					);
				case 'echoBody':
					return send(400, JSON.stringify({ code: 40002, message: `bad request: ${raw}` }));
				default:
					return send(500, '{}');
			}
		});
	});
	const holder = {
		url: '',
		set: (name: string) => {
			behaviour = name;
		},
	};
	beforeAll(async () => {
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		holder.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
	});
	return holder;
}

describe('a server that echoes the key back: the node redacts it', () => {
	const echo = echoServer();
	// runWorkflowNode needs a simulator only for its URL; here the base URL is the echo server's.
	const sim = { url: '' } as Simulator;
	const run = (behaviour: string, parameters: INodeParameters = sync(), continueOnFail = false) => {
		echo.set(behaviour);
		return () =>
			runWorkflowNode(sim, {
				parameters,
				apiKey: API_KEY,
				baseUrl: `${echo.url}/`,
				continueOnFail,
			});
	};

	it.each([
		['401 JSON {message}', 'json401'],
		['400 JSON {msg}', 'msg400'],
		['200 with an error code', 'code200'],
		['429 until retries are used up', 'rateLimited'],
		['502 HTML page', 'html'],
		['200 text/plain', 'text200'],
	])('%s', async (_label, behaviour) => {
		const { leaks, texts } = await runAndScan(run(behaviour));
		expect(texts.errorMessage).toContain('***'); // the key was there, and was replaced
		expect(leaks).toEqual([]);
	});

	it('the same under continueOnFail (the error item and its description)', async () => {
		const { leaks, result } = await runAndScan(run('json401', sync(), true));
		expect(result.items[0].json.error).toMatch(/key \*\*\* is invalid \[item 0\]$/);
		expect(leaks).toEqual([]);
	});

	it('getResult and getRuns', async () => {
		const a = await runAndScan(
			run('json401', { operation: 'getResult', workflowRunId: 'run_1', options: { timeout: 1 } }),
		);
		const b = await runAndScan(
			run('text200', { operation: 'getRuns', returnAll: true, options: { timeout: 1 } }),
		);
		expect([...a.leaks, ...b.leaks]).toEqual([]);
	});

	// BUG: redaction runs on the 160-character snippet, after the key was cut in two: its first
	// characters are shown.
	it('a long non-JSON body whose snippet cuts the key in two shows no part of it', async () => {
		const { leaks, texts } = await runAndScan(run('longText'));
		expect(leaks).toEqual([]);
		expect(partialLeak(`${texts.errorMessage}\n${texts.runData}`, API_KEY)).toBeUndefined();
	});

	// BUG: the text of a FAILED run becomes the error message without redaction.
	it('a FAILED run whose error text repeats the key', async () => {
		const { texts } = await runAndScan(run('failedRun'));
		expect(texts.errorMessage).toMatch(/status FAILED/);
		expect(
			countLeaks(
				{ errorMessage: texts.errorMessage, errorDescription: texts.errorDescription },
				SECRETS,
			),
		).toEqual([]);
	});

	// BUG: the trigger secret the node itself sends (a webhook header) is not redacted when the
	// server repeats the request in its error.
	it('a 400 that repeats the request body (with the webhook secret header)', async () => {
		const { leaks, texts } = await runAndScan(run('echoBody', withSecretWebhook('async')));
		expect(texts.errorMessage).toMatch(/HTTP 400/);
		expect(leaks).toEqual([]);
	});
});

// --------------------------------------------------------------------------------------------
describe('the trigger secret in bad webhook settings', () => {
	const holder = useSimulator({ apiKeys: [API_KEY] }) as unknown as { sim: Sim };
	const run = (headers: string) => () =>
		runWorkflowNode(holder.sim, {
			parameters: sync({
				mode: 'async',
				webhooks: { webhook: [{ method: 'POST', url: 'https://hooks.example.com/x', headers }] },
			}),
			apiKey: API_KEY,
		});

	it.each([
		['a header name that is not valid', `{"X GPTBots Secret": "${TRIGGER_SECRET}"}`],
		['a value that is not text', `{"X-GPTBots-Secret": {"v": "${TRIGGER_SECRET}"}}`],
		['headers that are an array', `["${TRIGGER_SECRET}"]`],
	])('%s: named, the secret not shown', async (_label, headers) => {
		const { leaks, texts } = await runAndScan(run(headers));
		expect(texts.errorMessage).toMatch(/^Webhooks › webhook 0 › Headers: .* \[item 0\]$/);
		expect(leaks).toEqual([]);
	});

	// BUG (minor): JSON.parse's own message quotes the text around the error, so part of the
	// secret ends up in the error message and in the execution's saved error.
	it('headers that are not valid JSON (the secret not quoted): no part of the secret in the message', async () => {
		const { leaks, texts } = await runAndScan(run(`{"X-GPTBots-Secret": ${TRIGGER_SECRET}}`));
		expect(texts.errorMessage).toMatch(/^Webhooks › webhook 0 › Headers: is not valid JSON/);
		expect(leaks).toEqual([]);
		expect(partialLeak(texts.errorMessage, TRIGGER_SECRET)).toBeUndefined();
	});
});
