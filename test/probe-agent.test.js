'use strict';

/** `npm run probe` with an agent key (scripts/probe/agent.js), run as users run it, against the simulator. */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createSimulator } = require('../simulator/server');
const { freePort, runProbe: runWith, webhookArgs } = require('./probeRun');

jest.setTimeout(30000);

/** @typedef {import('../scripts/probe/calls').CallRecord} CallRecord */

const AGENT_KEY = 'sim-agent-probe-7c2d41';
const WORKFLOW_KEY = 'sim-key-probe-5b8a09';
/** @type {ReturnType<typeof createSimulator>} */
let sim;
/** @type {string} */
let dir;

/**
 * @param {string[]} args
 * @param {Record<string, string>} env
 */
const runProbe = (args, env) =>
	// sim.url: set once beforeAll has started it
	runWith(args, { GPTBOTS_BASE_URL: /** @type {string} */ (sim.url), ...env });

beforeAll(async () => {
	sim = createSimulator({
		apiKeys: [WORKFLOW_KEY],
		agentApiKeys: [AGENT_KEY],
		asyncDurationMs: 200,
		streamPieceMs: 2,
		agentWebhookDelayMs: 10,
	});
	await sim.start();
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gptbots-probe-agent-'));
});
afterAll(async () => {
	await sim.stop();
	fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
	sim.reset();
	sim.configure({ agentVariants: {}, agentWebhookUrl: null });
});

/**
 * The report the probe wrote (any: parsed JSON; the tests read deep into its shapes and check them).
 * @param {string} file
 * @returns {any}
 */
const readReport = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

it('with an agent key alone: verify, conversation, blocking and streamed messages, history, the webhook delivery; shapes only', async () => {
	const port = await freePort();
	sim.configure({ agentWebhookUrl: `http://127.0.0.1:${port}/` });
	const out = path.join(dir, 'agent.json');
	const { code, stdout, stderr } = await runProbe(webhookArgs(out, port), {
		GPTBOTS_AGENT_API_KEY: AGENT_KEY,
	});
	expect(stderr).toBe('');
	expect(code).toBe(0);
	// what it did (history read before the webhook message): no workflow calls; one conversation; blocking, streaming, unknown-conversation and webhook messages
	expect(sim.state.counts).toMatchObject({
		invoke: 0,
		verify: 1,
		conversation: 1,
		message: 4,
		history: 3,
	});
	expect(sim.state.agent.messages.map((m) => m.mode)).toEqual(['blocking', 'streaming', 'webhook']);
	const { agent } = readReport(out);
	expect(agent.keyType).toBe('AGENT');
	expect(agent.calls.map((/** @type {CallRecord} */ c) => c.call)).toEqual([
		'agent verify',
		'create conversation',
		'message blocking',
		'unknown conversation',
		'history v2',
		'history v1',
	]);
	expect(
		agent.calls.find((/** @type {CallRecord} */ c) => c.call === 'unknown conversation'),
	).toMatchObject({
		httpStatus: 400,
		shape: { code: { value: 40000 } },
	});
	expect(agent.blockingText).toEqual({
		place: 'output[].content.text',
		characters: expect.any(Number),
		outputs: 1,
	});
	// the streaming form, recorded: framing, event shapes, the end, the text key that matches the stored answer
	expect(agent.stream).toMatchObject({
		httpStatus: 200,
		headers: { 'content-type': 'text/event-stream; charset=utf-8' },
		framing: { dataLines: agent.stream.events, eventLines: 0, crlf: false },
		lastEvent: { code: { value: 0 }, message: { value: 'End' } },
		textKeys: { 'code 3 → data': { matchesHistory: true } },
	});
	expect(agent.stream.shapes[0]).toEqual({
		count: agent.stream.events - 1,
		shape: {
			code: { type: 'number', value: 3 },
			message: { type: 'string', value: 'Text' },
			data: 'string',
		},
	});
	expect(agent.history['history v2']).toEqual({
		shape: 'v2 (conversation_content)',
		rows: 4,
		total: 4,
		roles: ['user', 'assistant'],
	});
	expect(agent.history['history v1'].shape).toBe('v1 (messages)');
	expect(agent.webhook.deliveries).toEqual([
		expect.objectContaining({
			method: 'POST',
			authorization: 'Bearer <your agent key>',
			message_id: true,
		}),
	]);
	// no key and no answer text anywhere
	const text = fs.readFileSync(out, 'utf8');
	for (const secret of [AGENT_KEY, 'You said']) {
		expect(text).not.toContain(secret);
		expect(stdout).not.toContain(secret);
	}
	expect(stdout).toContain(
		'stream text        data (= the stored answer); code 3 → data (= the stored answer)',
	);
});

it('records other stream forms as it finds them: delta pieces in bare JSON lines, no end event, v1 history', async () => {
	sim.configure({
		agentVariants: {
			stream: 'delta',
			framing: 'ndjson',
			streamEnd: 'close',
			history: 'v1',
			splitWrites: true,
		},
	});
	const out = path.join(dir, 'forms.json');
	const { code, stdout } = await runProbe(['--out', out], { GPTBOTS_AGENT_API_KEY: AGENT_KEY });
	expect(code).toBe(0);
	const { agent } = readReport(out);
	expect(agent.stream).toMatchObject({
		headers: { 'content-type': 'application/x-ndjson' },
		framing: { dataLines: 0 },
		textKeys: { delta: { matchesHistory: true } },
		lastEvent: { conversation_id: 'string', message_id: 'string', delta: 'string' },
	});
	expect(agent.stream.framing.bareJsonLines).toBe(agent.stream.events);
	expect(agent.stream.networkChunks).toBeGreaterThan(agent.stream.events);
	expect(agent.history['history v2'].shape).toBe('v1 (messages)');
	expect(stdout).toContain('history v2         v1 (messages)');
});

it('with both keys it probes both products; --no-runs sends no message; a workflow key as agent key is reported', async () => {
	const out = path.join(dir, 'both.json');
	const both = await runProbe(['--out', out, '--no-runs'], {
		GPTBOTS_API_KEY: WORKFLOW_KEY,
		GPTBOTS_AGENT_API_KEY: AGENT_KEY,
		GPTBOTS_INPUT: '{}',
	});
	expect(both.code).toBe(0);
	expect(sim.state.counts).toMatchObject({ invoke: 0, message: 0, verify: 2, conversation: 1 });
	const report = readReport(out);
	expect(
		report.calls.find((/** @type {CallRecord} */ c) => c.call === 'verify').shape.data.type.value,
	).toBe('WORKFLOW');
	expect(report.agent.keyType).toBe('AGENT');
	expect(report.agent.stream).toBeNull();
	const wrong = await runProbe(['--out', path.join(dir, 'wrong.json'), '--no-runs'], {
		GPTBOTS_AGENT_API_KEY: WORKFLOW_KEY,
	});
	expect(wrong.code).toBe(0);
	expect(wrong.stdout).toContain('agent key type     WORKFLOW');
	expect(wrong.stdout).toContain('create conversation    HTTP 403');
	expect(fs.readFileSync(path.join(dir, 'wrong.json'), 'utf8')).not.toContain(WORKFLOW_KEY);
	const none = await runProbe(['--out', out], {});
	expect(none.code).toBe(1);
	expect(none.stderr).toContain('GPTBOTS_AGENT_API_KEY');
});
