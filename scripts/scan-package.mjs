// Runs the rule set of n8n's verification scanner (@n8n/scan-community-package) on what we would
// publish. The scanner itself downloads a published version and its provenance-attested source;
// here the same two legs run locally: the packed tarball (compiled JS + package.json) and the
// source files `n8n-node lint` covers (nodes/, credentials/, package.json). Inline eslint-disable
// comments are ignored by the scanner, as in verification.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gptbots-scan-'));
try {
	const packed = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
			cwd: root,
			encoding: 'utf8',
		}),
	);
	const tarball = path.join(work, packed[0].filename);
	const unpacked = path.join(work, 'package');
	fs.mkdirSync(unpacked);
	execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);

	const legs = [
		['packed tarball', await analyzePackage(unpacked)],
		[
			'source (nodes/, credentials/, package.json)',
			await analyzePackage(root, SOURCE_FILE_PATTERNS),
		],
	];
	let failed = 0;
	for (const [name, result] of legs) {
		console.log(
			`${result.passed ? 'PASS' : 'FAIL'} scanner rules on the ${name}${result.passed ? '' : `: ${result.message}`}`,
		);
		if (!result.passed) {
			failed++;
			if (result.details) console.log(result.details);
		}
	}
	console.log(`${legs.length - failed} passed, ${failed} failed`);
	process.exitCode = failed ? 1 : 0;
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}
