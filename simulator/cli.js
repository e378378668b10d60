#!/usr/bin/env node
'use strict';

/**
 * Starts the simulator as its own process:
 *   node simulator/cli.js [--port 0] [--host 127.0.0.1] [--latency 50] [--max-in-flight N]
 *     [--api-key KEY] [--agent-key KEY] [--agent-webhook-url URL] [--stream-piece-ms 20]
 *     [--async-duration 1000] [--fault-rate 0.1] [--fault-kinds a,b]
 *     [--seed 1] [--retry-after 1] [--webhook-repeat 1] [--webhook-retries 0]
 *     [--webhook-retry-delay 200] [--webhook-retry-for MS] [--at-least-once]
 *     [--variants '{"delivery":"snake","answers":"wrapped"}']  (see variants.js)
 *     [--agent-variants '{"stream":"delta","streamEnd":"close"}']  (see agent/agentOptions.js)
 * Prints one JSON line {"url","pid"} once listening; stops on SIGTERM/SIGINT.
 */

const { createSimulator } = require('./server');
const { AT_LEAST_ONCE } = require('./options');

/** @type {Record<string, { key: string, parse: (value: string) => unknown }>} */
const FLAGS = {
	'--port': { key: 'port', parse: Number },
	'--host': { key: 'host', parse: String },
	'--latency': { key: 'latencyMs', parse: Number },
	'--max-in-flight': { key: 'maxInFlight', parse: Number },
	'--api-key': { key: 'apiKeys', parse: (v) => v.split(',').filter(Boolean) },
	'--agent-key': { key: 'agentApiKeys', parse: (v) => v.split(',').filter(Boolean) },
	'--agent-webhook-url': { key: 'agentWebhookUrl', parse: String },
	'--stream-piece-ms': { key: 'streamPieceMs', parse: Number },
	'--async-duration': { key: 'asyncDurationMs', parse: Number },
	'--fault-rate': { key: 'faultRate', parse: Number },
	'--fault-kinds': { key: 'faultKinds', parse: (v) => v.split(',').filter(Boolean) },
	'--seed': { key: 'seed', parse: Number },
	'--retry-after': { key: 'retryAfterSeconds', parse: Number },
	'--webhook-repeat': { key: 'webhookRepeat', parse: Number },
	'--webhook-retries': { key: 'webhookRetries', parse: Number },
	'--webhook-retry-delay': { key: 'webhookRetryDelayMs', parse: Number },
	'--webhook-retry-for': { key: 'webhookRetryForMs', parse: Number },
	'--variants': { key: 'variants', parse: (v) => JSON.parse(v) },
	'--agent-variants': { key: 'agentVariants', parse: (v) => JSON.parse(v) },
};

/** @param {string[]} argv */
function parseArgs(argv) {
	/** @type {{ port: number, host: string, options: Record<string, unknown> }} */
	const args = { port: 0, host: '127.0.0.1', options: { latencyMs: 50 } };
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split(/=(.*)/s);
		if (flag === '--at-least-once') {
			Object.assign(args.options, AT_LEAST_ONCE);
			continue;
		}
		const spec = FLAGS[flag];
		if (!spec) throw new Error(`Unknown argument ${argv[i]}`);
		const raw = inline ?? argv[++i];
		if (raw === undefined) throw new Error(`${flag} needs a value`);
		const value = spec.parse(raw);
		if (spec.key === 'port') args.port = /** @type {number} */ (value);
		else if (spec.key === 'host') args.host = /** @type {string} */ (value);
		else args.options[spec.key] = value;
	}
	return args;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const sim = createSimulator(args.options);
	const { url } = await sim.start(args.port, args.host);
	process.stdout.write(`${JSON.stringify({ url, pid: process.pid })}\n`);

	let stopping = false;
	const shutdown = () => {
		if (stopping) return;
		stopping = true;
		sim.stop().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGTERM', shutdown);
	process.on('SIGINT', shutdown);
}

main().catch((/** @type {Error} */ error) => {
	process.stderr.write(`simulator: ${error.message}\n`);
	process.exit(1);
});
