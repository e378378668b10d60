#!/usr/bin/env node
'use strict';
// Writes examples/*.json (n8n's workflow export format) from the definitions in make/ (one file
// per example, named after it), so that ids, positions and connections stay consistent. The JSON
// files are what users import and what is committed; run this only after changing a definition:
//   node scripts/demo/make-examples.js
const fs = require('fs');
const path = require('path');

const { EXAMPLES_DIR } = require('./constants');

const EXAMPLES = [
	'sync-run-from-webhook',
	'sync-run-from-form',
	'async-run-and-wait',
	'async-wait-by-callback',
	'run-per-row',
	'trigger-follow-up',
	'trigger-follow-up-sender',
	'summarise-a-pdf',
	'make-a-document',
	'ai-agent-tool',
	'agent-human-reply',
	'agent-chat',
	'agent-ai-tool',
	'agent-support-email',
].map((name) => require(`./make/${name}`));

// `--out DIR` writes elsewhere (test/examples.test.js compares that with the committed files).
const outIndex = process.argv.indexOf('--out');
const outDir = outIndex > 0 ? path.resolve(process.argv[outIndex + 1]) : EXAMPLES_DIR;
for (const { file, json } of EXAMPLES) {
	fs.writeFileSync(path.join(outDir, file), `${JSON.stringify(json, null, '\t')}\n`);
	console.log(`wrote ${path.relative(process.cwd(), path.join(outDir, file))}`);
}
