#!/usr/bin/env node
'use strict';
// npm run demo — a real n8n with this package, the example workflows and a GPTBots simulator, on
// 127.0.0.1; no GPTBots account needed. Runs one example end to end, prints its result and the
// editor URL, and stays up until Ctrl-C (which stops everything it started, by PID).
// `node scripts/demo.js --help` for the flags. See examples/README.md for the workflows.

const path = require('path');

const env = require('./demo/env');
const { CACHE, LINES, SIM_API_KEY } = require('./lib/constants');
const { tail } = require('./lib/log');
const { cleanupAll } = require('./lib/processes');
const { portIsFree, request, waitFor } = require('./lib/http');
const { n8nContext } = require('./lib/install');
const { restExecutions, restExecutionData } = require('./lib/executions');
const { waitForWebhook } = require('./lib/n8nStart');
const { C, say, DemoError } = env;

const USAGE = `usage: npm run demo -- [flags]      (or: node scripts/demo.js [flags])

  --line legacy|current   n8n ${LINES.legacy.version} on this Node (default) | n8n ${LINES.current.version} on Node 24 (from the cache)
  --port N                n8n's port on 127.0.0.1 (default 5678, or a free one if 5678 is busy)
  --no-run                do not run the example end to end
  --once                  run the example, print its result and exit (for CI / checking the demo)
  --reset                 re-import the example workflows and the credential even if unchanged
                          (they are re-imported whenever examples/ or the target changed;
                          this also undoes your edits to the examples in the editor)
  --build | --no-build    always run npm run build | never (default: when dist/ is older than the sources)
  --reinstall             install n8n into the cache afresh (after an interrupted or broken install)

  Real GPTBots instead of the simulator (then no simulator is started):
  --endpoint sg|jp|th|global   your organisation's data centre
  --base-url URL               or a private deployment's base URL
  --api-key KEY                the workflow's API key (better: env GPTBOTS_API_KEY, kept out of ps)
  --input JSON                 input for your workflow's Start node (default {"topic":"n8n"})

n8n is installed once into ${CACHE} (≈5 min the first time); the demo's n8n data lives in
${path.join(CACHE, 'demo-<line>')} (delete it to start afresh).`;

function parseArgs(argv) {
	const args = {
		line: 'legacy',
		port: undefined,
		run: true,
		once: false,
		build: 'auto',
		reset: false,
		reinstall: false,
		endpoint: undefined,
		baseUrl: undefined,
		apiKey: process.env.GPTBOTS_API_KEY || undefined,
		input: undefined,
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const [flag, inline] = arg.split(/=(.*)/s);
		const value = () => {
			if (inline !== undefined) return inline;
			i += 1;
			if (argv[i] === undefined || argv[i].startsWith('--'))
				throw new DemoError(`${flag} needs a value\n\n${USAGE}`);
			return argv[i];
		};
		if (flag === '--help' || flag === '-h') {
			console.log(USAGE);
			process.exit(0);
		} else if (flag === '--line') args.line = value();
		else if (flag === '--port') {
			args.port = Number(value());
			if (!Number.isInteger(args.port) || args.port < 1 || args.port > 65535)
				throw new DemoError('--port needs a port number (1-65535)');
		} else if (flag === '--no-run') args.run = false;
		else if (flag === '--once') args.once = true;
		else if (flag === '--no-build') args.build = false;
		else if (flag === '--build') args.build = true;
		else if (flag === '--reset') args.reset = true;
		else if (flag === '--reinstall') args.reinstall = true;
		else if (flag === '--endpoint') args.endpoint = value();
		else if (flag === '--base-url') args.baseUrl = value();
		else if (flag === '--api-key') args.apiKey = value();
		else if (flag === '--input') args.input = value();
		else throw new DemoError(`unknown flag ${arg}\n\n${USAGE}`);
	}
	if (args.endpoint && !Object.keys(env.ENDPOINT_HOSTS).includes(args.endpoint))
		throw new DemoError(
			`--endpoint must be one of ${Object.keys(env.ENDPOINT_HOSTS).join(', ')}, got "${args.endpoint}"`,
		);
	if (args.endpoint && args.baseUrl) throw new DemoError('give --endpoint or --base-url, not both');
	if (args.baseUrl && !/^https?:\/\/[^/\s]+\/?$/.test(args.baseUrl))
		throw new DemoError(
			`--base-url must be http(s)://host[:port] without a path, got "${args.baseUrl}"`,
		);
	const real = Boolean(args.endpoint || args.baseUrl);
	if (real && !args.apiKey)
		throw new DemoError('real GPTBots needs an API key: set GPTBOTS_API_KEY (or --api-key KEY)');
	if (!real && args.apiKey && process.argv.some((a) => a.startsWith('--api-key')))
		throw new DemoError(
			'--api-key needs --endpoint sg|jp|th|global (or --base-url URL): which GPTBots should it go to?',
		);
	let input = { topic: 'n8n' };
	if (args.input !== undefined) {
		try {
			input = JSON.parse(args.input);
		} catch (error) {
			throw new DemoError(
				`--input is not valid JSON (${error.message}): e.g. --input '{"topic":"n8n"}'`,
			);
		}
		if (input === null || typeof input !== 'object' || Array.isArray(input))
			throw new DemoError('--input must be a JSON object, e.g. {"topic":"n8n"}');
	}
	args.inputObject = input;
	args.target = real
		? {
				kind: 'real',
				endpoint: args.endpoint,
				baseUrl: args.baseUrl && args.baseUrl.replace(/\/$/, ''),
				apiKey: args.apiKey,
			}
		: { kind: 'simulator' };
	return args;
}

let shuttingDown = false;
let startedSomething = false; // only then is "stopped everything" worth saying
async function shutdown(code, why) {
	if (shuttingDown) return;
	shuttingDown = true;
	if (why) say(why);
	const started = Date.now();
	await cleanupAll();
	if (startedSomething)
		say(`stopped everything the demo started (${((Date.now() - started) / 1000).toFixed(1)} s)`);
	process.exit(code);
}

function installSignalHandlers() {
	process.on('SIGINT', () => shutdown(130, 'Ctrl-C: stopping n8n and the simulator ...'));
	process.on('SIGTERM', () => shutdown(143, 'SIGTERM: stopping n8n and the simulator ...'));
	process.on('SIGHUP', () => shutdown(129, 'SIGHUP: stopping n8n and the simulator ...'));
	process.on('unhandledRejection', (error) => {
		console.error(error);
		shutdown(1, 'unexpected error: stopping everything');
	});
}

function describeAnswer(body) {
	const output = body?.output;
	const answer =
		output && typeof output === 'object' && typeof output.answer === 'string'
			? output.answer
			: JSON.stringify(output);
	return {
		answer,
		line: `run ${body?.workflowRunId ?? '?'}: ${body?.status ?? '?'}${body?.totalTokens !== undefined ? `, ${body.totalTokens} tokens` : ''}`,
	};
}

/** The end-to-end run: the webhook example's production URL, and (simulator) the trigger example. */
async function runExamples(args, server, rest, sim) {
	const url = env.productionUrl(server, C.WEBHOOK_PATHS.webhook);
	say(
		`running the example "sync run from a webhook": POST ${url} ${JSON.stringify(args.inputObject)}`,
	);
	const started = Date.now();
	const res = await request('POST', url, { body: args.inputObject, timeoutMs: 180000 });
	if (res.status !== 200) {
		throw new DemoError(
			`the webhook example answered HTTP ${res.status}: ${res.text.slice(0, 500)}\n(see the execution in the editor: ${server.url}/workflow/${C.IDS.webhook}/executions)`,
		);
	}
	const { answer, line } = describeAnswer(res.json);
	say(`GPTBots answered in ${Date.now() - started} ms (${line}):`);
	console.log(`\n    ${answer}\n`);

	if (!sim) return;
	// The trigger example: an async run at the simulator whose webhook is the trigger's URL.
	const hookUrl = env.triggerUrl(server);
	say(`starting an async GPTBots run whose webhook is the trigger example's URL (${hookUrl}) ...`);
	const invoke = await request('POST', `${sim.url}/v1/workflow/invoke`, {
		headers: { authorization: `Bearer ${SIM_API_KEY}` },
		body: {
			input: { topic: 'a run that reports to the trigger' },
			isAsync: true,
			webhook: [
				{ method: 'POST', url: hookUrl, headers: { 'X-GPTBots-Secret': C.TRIGGER_SECRET } },
			],
		},
	});
	const runId = invoke.json?.workflowRunId;
	if (!runId) throw new Error(`the simulator did not start the run: ${invoke.text.slice(0, 300)}`);
	const before = (await restExecutions(rest, C.IDS.trigger)).map((e) => String(e.id));
	const exec = await waitFor(
		'the trigger example to run',
		async () => {
			const list = await restExecutions(rest, C.IDS.trigger);
			return list.find(
				(e) => !before.includes(String(e.id)) && ['success', 'error', 'crashed'].includes(e.status),
			);
		},
		{ timeoutMs: 30000, intervalMs: 300 },
	);
	let followUp;
	try {
		const data = await restExecutionData(rest, exec.id);
		followUp = data?.data?.resultData?.runData?.['Follow-up']?.[0]?.data?.main?.[0]?.[0]?.json;
	} catch {
		/* shown without details */
	}
	say(
		`run ${runId} ended and called the trigger: execution ${exec.id} of "follow up when a run ends" — ${exec.status}${followUp ? `; Follow-up got ${JSON.stringify(followUp)}` : ''}`,
	);
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	installSignalHandlers();
	env.checkPrerequisites(args.line);
	const line = LINES[args.line];
	const demoDir = path.join(CACHE, `demo-${args.line}`);
	const stateFile = path.join(demoDir, 'demo-state.json');
	const timings = {};
	const phase = async (name, fn) => {
		const started = Date.now();
		const result = await fn();
		timings[name] = Date.now() - started;
		return result;
	};

	say(
		`n8n-nodes-gptbots demo: n8n ${line.version} (${args.line}), ${args.target.kind === 'simulator' ? 'GPTBots simulator' : `real GPTBots (${args.target.baseUrl || args.target.endpoint})`}`,
	);
	const port = await env.choosePort(args.port);
	const n8nUrl = `http://127.0.0.1:${port}`;
	env.takeLock(demoDir, n8nUrl);
	startedSomething = true;

	const resolved = await phase('n8n', () =>
		env.ensureLine(args.line, { reinstall: args.reinstall }),
	);
	const pack = await phase('build', async () => {
		const build = args.build === true || (args.build === 'auto' && env.distIsStale());
		say(
			build
				? 'building and packing the package (npm run build, npm pack) ...'
				: 'dist/ is up to date: packing it (npm pack) ...',
		);
		return await env.buildAndPack(path.join(demoDir, 'pack'), { build });
	});
	const { installed } = await phase('install', () => env.prepareUserFolder(demoDir, pack));
	say(
		installed
			? `installed ${path.basename(pack.tarball)} as a community package into ${demoDir}/.n8n/nodes`
			: `${path.basename(pack.tarball)} unchanged since the last run: installed already`,
	);

	let sim;
	if (args.target.kind === 'simulator') {
		// The same port as last time if free: the credential (its base URL) then stays as imported.
		const last = env.readState(stateFile).simPort;
		const simPort = last && (await portIsFree(last)) ? last : 0;
		sim = await phase('simulator', () =>
			env.startSimulatorProcess({ latencyMs: 50, asyncDurationMs: 3000, port: simPort }),
		);
		env.writeState(stateFile, { simPort: Number(new URL(sim.url).port) });
		say(`GPTBots simulator on ${sim.url} (pid ${sim.pid})`);
	}
	const target = sim ? { kind: 'simulator', url: sim.url } : args.target;
	const ctx = n8nContext(resolved, demoDir);
	const { imported } = await phase('import', async () => {
		const { hash } = env.importPlan(target, n8nUrl);
		if (args.reset || env.readState(stateFile).importHash !== hash)
			say(
				'importing the credential and the example workflows (n8n import:credentials, import:workflow) ...',
			);
		return await env.importCredentialAndExamples(ctx, target, n8nUrl, {
			stateFile,
			force: args.reset,
		});
	});
	if (!imported)
		say(
			'the credential and the example workflows are as last imported: kept (--reset re-imports them)',
		);
	const server = await phase('n8nStart', async () => {
		say(`starting n8n ${resolved.version} on ${n8nUrl} ...`);
		return await env.startN8n(ctx, port);
	});
	server.userFolder = demoDir;
	server.child.once('exit', (code, signal) => {
		if (!shuttingDown) {
			console.error(`\n--- n8n output (tail) ---\n${tail(server.logs(), 30)}`);
			shutdown(1, `n8n (pid ${server.pid}) exited unexpectedly (${code ?? signal})`);
		}
	});
	const rest = await phase('login', () => env.ownerLogin(server));
	await phase('activate', async () => {
		for (const id of [C.IDS.webhook, C.IDS.form, C.IDS.callback, C.IDS.trigger])
			await env.activate(rest, id);
		await waitForWebhook(env.productionUrl(server, C.WEBHOOK_PATHS.webhook));
	});
	const readyMs = Date.now() - env.T0;
	say(
		`ready in ${(readyMs / 1000).toFixed(1)} s (${Object.entries(timings)
			.map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`)
			.join(', ')})`,
	);

	const banner = [
		'',
		`  n8n editor:   ${n8nUrl}`,
		`  log in as:    ${C.DEMO_OWNER.email} / ${C.DEMO_OWNER.password}   (local-only demo account${rest.createdOwner ? ', just created' : ''})`,
		`  examples:     Overview → the "GPTBots example: …" workflows (examples/README.md says what each does)`,
		`                credential "${env.credentialName(target)}" → ${sim ? `the simulator at ${sim.url}` : args.target.baseUrl || env.ENDPOINT_HOSTS[args.target.endpoint]}`,
		`  try:          curl -X POST ${env.productionUrl(server, C.WEBHOOK_PATHS.webhook)} -H 'content-type: application/json' -d '${JSON.stringify(args.inputObject)}'`,
		`  form:         ${server.url}/form/${C.WEBHOOK_PATHS.form}`,
		'',
	];
	console.log(banner.join('\n'));

	if (args.run) {
		try {
			await runExamples(args, server, rest, sim);
		} catch (error) {
			if (args.once) throw error;
			say(`the example run failed: ${error.message}`);
		}
	}
	if (args.once) {
		await shutdown(0, '--once: done, stopping');
		return;
	}
	say(
		`n8n is up at ${n8nUrl}${sim ? ` with the simulator at ${sim.url}` : ''}. Ctrl-C stops everything.`,
	);
	await new Promise(() => {}); // until a signal
}

main().catch(async (error) => {
	if (error instanceof DemoError) console.error(`\n[demo] ${error.message}\n`);
	else console.error(`\n[demo] failed: ${error.stack || error.message}\n`);
	await shutdown(1);
});
