// @ts-check
'use strict';
// The n8n processes are still running at the end, and their logs hold no load errors.

const { log, tail } = require('../../lib/log');
const { check } = require('../report');

/** @param {import('./01-setup').QueueEnv} env */
async function run(env) {
	const { args, root, main, workers, webhook } = env;
	// n8n process health ---------------------------------------------------------------------------
	for (const p of [main, ...workers, webhook]) {
		check(
			`health › ${p.name} (pid ${p.pid}) still running at the end`,
			p.running(),
			tail(p.output(), 20),
		);
	}
	const crashes = [main, ...workers, webhook].flatMap((p) =>
		p.lines
			.filter((l) =>
				/Unrecognized node type|Error: Cannot find module|There was a problem saving the workflow/i.test(
					l.text,
				),
			)
			.map((l) => `${p.name}: ${l.text}`),
	);
	check(
		'health › no "Unrecognized node type" / module / static-data-save errors in the n8n logs',
		crashes.length === 0,
		crashes.slice(0, 10).join('\n'),
	);
	if (args.keep) log(`--keep: logs and data stay in ${root}`);
}

module.exports = { run };
