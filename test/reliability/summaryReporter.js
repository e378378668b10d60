'use strict';

/**
 * Prints the reliability figures, then, as the very last line, `N passed, M failed` (jest tests).
 * The tests leave their figures as JSON files in FIGURES_DIR (see support.ts, same path); they
 * are cleared when a run starts and summed when it completes.
 */
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

/** @param {string} rootDir */
function figuresDir(rootDir) {
	const hash = crypto.createHash('sha1').update(path.resolve(rootDir)).digest('hex').slice(0, 12);
	return path.join(os.tmpdir(), `n8n-nodes-gptbots-reliability-${hash}`);
}

class SummaryReporter {
	/** @param {{ rootDir: string }} globalConfig jest's */
	constructor(globalConfig) {
		this.dir = figuresDir(globalConfig.rootDir);
	}

	onRunStart() {
		fs.rmSync(this.dir, { recursive: true, force: true });
	}

	readFigures() {
		/** @type {Record<'itemsIn' | 'itemsOut' | 'runsDoubled' | 'leaksFound' | 'badInputsTried', number>} */
		const total = { itemsIn: 0, itemsOut: 0, runsDoubled: 0, leaksFound: 0, badInputsTried: 0 };
		if (!fs.existsSync(this.dir)) return total;
		for (const name of fs.readdirSync(this.dir)) {
			if (!name.endsWith('.json')) continue;
			try {
				const figures = JSON.parse(fs.readFileSync(path.join(this.dir, name), 'utf8'));
				for (const key of /** @type {(keyof typeof total)[]} */ (Object.keys(total)))
					total[key] += Number(figures[key]) || 0;
			} catch {
				// a half-written file from a crashed worker: its test failed anyway
			}
		}
		return total;
	}

	/**
	 * @param {unknown} _contexts
	 * @param {{ numPassedTests: number, numFailedTests: number }} results jest's aggregated results
	 */
	onRunComplete(_contexts, results) {
		const f = this.readFigures();
		const lines = [
			'',
			'Reliability summary',
			`  items in:          ${f.itemsIn}`,
			`  items out:         ${f.itemsOut}`,
			`  runs doubled:      ${f.runsDoubled}`,
			`  leaks found:       ${f.leaksFound}`,
			`  bad inputs tried:  ${f.badInputsTried}`,
			`${results.numPassedTests} passed, ${results.numFailedTests} failed`,
		];
		// jest's own SummaryReporter (part of 'default') runs after this one: print once it has, so
		// that `N passed, M failed` is the last line (at the latest when the process exits).
		let printed = false;
		const print = () => {
			if (printed) return;
			printed = true;
			fs.writeSync(1, `${lines.join('\n')}\n`);
		};
		setImmediate(print);
		process.once('exit', print);
	}
}

module.exports = SummaryReporter;
