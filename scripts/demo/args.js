'use strict';
// The demo's command line: flags, their checks, and the GPTBots target they choose.

const path = require('path');

const { CACHE, LINES } = require('../lib/constants');
const { DemoError } = require('./demoError');
const { DATA_CENTRE_BASE_URLS } = require('../lib/constants');

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
  --agent-api-key KEY          an agent's API key, for the agent examples (env GPTBOTS_AGENT_API_KEY)
  --input JSON                 input for your workflow's Start node (default {"topic":"n8n"})

n8n is installed once into ${CACHE} (≈5 min the first time); the demo's n8n data lives in
${path.join(CACHE, 'demo-<line>')} (delete it to start afresh).`;

/**
 * The GPTBots the demo talks to: the simulator it starts, or a real one.
 * @typedef {Extract<import('./target').Target, { kind: 'real' }>} RealTarget
 * @typedef {{ kind: 'simulator' } | RealTarget} Target
 * The demo's flags, checked; `inputObject` is --input parsed (a JSON object), `target` what
 * the flags chose.
 * @typedef {{ line: string, port: number | undefined, run: boolean, once: boolean,
 *   build: boolean | 'auto', reset: boolean, reinstall: boolean, endpoint: string | undefined,
 *   baseUrl: string | undefined, apiKey: string | undefined, agentApiKey: string | undefined,
 *   input: string | undefined, inputObject: Record<string, unknown>, target: Target }} DemoArgs
 */

/**
 * @param {string[]} argv
 * @returns {DemoArgs}
 */
function parseArgs(argv) {
	/** @type {Omit<DemoArgs, 'inputObject' | 'target'>} */
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
		agentApiKey: process.env.GPTBOTS_AGENT_API_KEY || undefined,
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
		else if (flag === '--agent-api-key') args.agentApiKey = value();
		else if (flag === '--input') args.input = value();
		else throw new DemoError(`unknown flag ${arg}\n\n${USAGE}`);
	}
	if (args.endpoint && !Object.keys(DATA_CENTRE_BASE_URLS).includes(args.endpoint))
		throw new DemoError(
			`--endpoint must be one of ${Object.keys(DATA_CENTRE_BASE_URLS).join(', ')}, got "${args.endpoint}"`,
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
	/** @type {Record<string, unknown>} */
	let input = { topic: 'n8n' };
	if (args.input !== undefined) {
		try {
			input = JSON.parse(args.input);
		} catch (error) {
			throw new DemoError(
				`--input is not valid JSON (${/** @type {Error} */ (error).message}): e.g. --input '{"topic":"n8n"}'`,
			);
		}
		if (input === null || typeof input !== 'object' || Array.isArray(input))
			throw new DemoError('--input must be a JSON object, e.g. {"topic":"n8n"}');
	}
	const target = real
		? {
				kind: 'real',
				endpoint: args.endpoint,
				baseUrl: args.baseUrl && args.baseUrl.replace(/\/$/, ''),
				apiKey: /** @type {string} */ (args.apiKey), // real GPTBots needs one: checked above
				agentApiKey: args.agentApiKey,
			}
		: { kind: 'simulator' };
	return { ...args, inputObject: input, target: /** @type {Target} */ (target) };
}

module.exports = { parseArgs };
