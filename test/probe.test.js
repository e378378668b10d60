'use strict';

/** `npm run probe` (scripts/probe/probe.js) run as users run it, against the simulator. */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createSimulator } = require('../simulator/server');
const { DATA_CENTRE_BASE_URLS } = require('../scripts/lib/constants');
const { freePort, runProbe: runWith, webhookArgs } = require('./probeRun');

jest.setTimeout(30000);

const KEY = 'sim-key-probe-9f3e1c';
/** @type {ReturnType<typeof createSimulator>} */
let sim;
/** @type {string} */
let base;
/** @type {string} */
let dir;

/**
 * The probe's report (its JSON): each call's record, the webhook deliveries it got, and more.
 * @typedef {{ calls: Record<string, any>[], webhook: { deliveries: Record<string, any>[] },
 *   asyncStatuses: string[], runLogs: unknown }} ProbeReport
 */
/** @param {string} file */
const readReport = (file) => /** @type {ProbeReport} */ (JSON.parse(fs.readFileSync(file, 'utf8')));

/**
 * @param {string[]} args
 * @param {Record<string, string>} [env]
 */
const runProbe = (args, env = {}) =>
	runWith(args, {
		GPTBOTS_API_KEY: KEY,
		GPTBOTS_BASE_URL: base,
		GPTBOTS_INPUT: '{"topic":"secret topic text"}',
		...env,
	});

beforeAll(async () => {
	sim = createSimulator({ apiKeys: [KEY], asyncDurationMs: 300 });
	base = (await sim.start()).url;
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gptbots-probe-'));
});
afterAll(async () => {
	await sim.stop();
	fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => sim.reset());

it('makes the conformance run, captures the webhook deliveries and reports shapes only', async () => {
	const port = await freePort();
	const out = path.join(dir, 'report.json');
	const { code, stdout, stderr } = await runProbe([
		...webhookArgs(out, port),
		'--poll-interval',
		'0.1',
	]);
	expect(stderr).toBe('');
	expect(code).toBe(0);

	// what it did at the simulator: verify, one sync and one async run, result queries, one logs page
	expect(sim.state.counts).toMatchObject({ verify: 1, invoke: 2, logs: 1 });
	expect(sim.state.counts.query).toBeGreaterThanOrEqual(2);
	const report = readReport(out);
	expect(report.calls.map((c) => c.call)).toEqual(
		expect.arrayContaining([
			'verify',
			'invoke sync',
			'invoke async',
			'query #1',
			'query unknown id',
			'run logs',
		]),
	);
	expect(report.calls.find((c) => c.call === 'invoke sync')).toMatchObject({
		httpStatus: 200,
		run: { place: 'body', spelling: 'camelCase', status: 'SUCCEED' },
		shape: { status: { value: 'SUCCEED' }, totalCost: 'number' },
	});
	expect(report.calls.find((c) => c.call === 'query unknown id')).toMatchObject({
		httpStatus: 404,
		shape: { code: { value: 40400 } },
	});
	expect(report.asyncStatuses.at(-1)).toBe('SUCCEED');
	expect(report.runLogs).toEqual({ place: 'data.list', rows: 2, total: 2 });

	// the webhook deliveries, exactly as sent: method, headers (secret redacted), body shape
	const [post, get] = ['POST', 'GET'].map((method) =>
		report.webhook.deliveries.find((d) => d.method === method),
	);
	expect(post).toMatchObject({
		bodyKind: 'JSON',
		headers: { 'content-type': 'application/json', 'x-probe-secret': '(redacted)' },
		run: { place: 'body', spelling: 'camelCase' },
	});
	expect(get).toMatchObject({
		bodyKind: 'empty',
		run: { place: 'query' },
		query: { output: { type: 'string (JSON text)' } },
	});

	// no key, no values anywhere
	const text = fs.readFileSync(out, 'utf8');
	for (const secret of [KEY, 'secret topic text', 'processed']) {
		expect(text).not.toContain(secret);
		expect(stdout).not.toContain(secret);
	}
	expect(stdout).toContain('Please attach it to an issue');
});

it('reports wrapped answers, snake_case deliveries and the old status spelling as it finds them', async () => {
	sim.configure({
		variants: {
			answers: 'wrapped',
			delivery: 'snake',
			status: 'old',
			logs: 'records',
			logsWithoutTotal: true,
		},
	});
	const port = await freePort();
	const out = path.join(dir, 'variants.json');
	const { code, stdout } = await runProbe([
		...webhookArgs(out, port, `http://127.0.0.1:${port}/`),
		'--poll-interval',
		'0.1',
	]);
	sim.configure({ variants: {} });
	expect(code).toBe(0);
	const report = readReport(out);
	expect(report.calls.find((c) => c.call === 'invoke sync')?.run).toEqual({
		place: 'body.data',
		spelling: 'camelCase',
		status: 'SUCCED',
	});
	expect(report.webhook.deliveries.find((d) => d.method === 'POST')?.run).toEqual({
		place: 'body',
		spelling: 'snake_case',
		status: 'SUCCED',
	});
	expect(report.runLogs).toEqual({ place: 'records', rows: 2, total: null });
	expect(stdout).toContain('run-log rows      under records, 2 on page 1, total not given');
});

it('without runs spends no credits; without a key it says what to set and never echoes a key', async () => {
	const out = path.join(dir, 'noruns.json');
	const quiet = await runProbe(['--out', out, '--no-runs']);
	expect(quiet.code).toBe(0);
	expect(sim.state.counts.invoke).toBe(0);
	const noKey = await runProbe(['--out', out], { GPTBOTS_API_KEY: '' });
	expect(noKey.code).toBe(1);
	expect(noKey.stderr).toContain('Set GPTBOTS_API_KEY');
	const wrongKey = await runProbe(['--out', path.join(dir, 'wrong.json'), '--no-runs'], {
		GPTBOTS_API_KEY: 'wrong-key-77x',
	});
	expect(wrongKey.stdout).toContain('verify         HTTP 401');
	expect(fs.readFileSync(path.join(dir, 'wrong.json'), 'utf8')).not.toContain('wrong-key-77x');
});

it("knows the data centres as the credential offers them (one table for the scripts, the credential's own for the node)", () => {
	// The credential's table is the package's: find the module that defines it wherever it lives.
	const defining = (/** @type {string} */ dir) =>
		fs
			.readdirSync(dir, { withFileTypes: true, recursive: true })
			.filter((e) => e.isFile() && e.name.endsWith('.ts'))
			.map((e) => path.join(e.parentPath ?? e.path, e.name))
			.find((file) => fs.readFileSync(file, 'utf8').includes('export const DATA_CENTRE_BASE_URLS'));
	const file =
		defining(path.join(__dirname, '..', 'credentials')) ??
		defining(path.join(__dirname, '..', 'nodes'));
	expect(file).toBeDefined();
	expect(require(/** @type {string} */ (file)).DATA_CENTRE_BASE_URLS).toEqual(
		DATA_CENTRE_BASE_URLS,
	);
});
