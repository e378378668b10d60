// @ts-check
'use strict';
// A GPTBots simulator of its own for the cases about fields learned from the run logs
// (cases/30-recentRuns.js, cases/31-aiAgent.js), seeded once per n8n line with known runs:
// 10 older runs that still sent "region", then 12 newer ones without it.
const { CREDENTIAL_TYPE, SIM_API_KEY } = require('../lib/constants');
const { startSimulator } = require('../lib/simulator');
const { workflowId } = require('../lib/builders');

const OLDER = [{ topic: 'old', count: 1, lang: 'en', region: 'eu' }];
const NEWER = [
	{ topic: 'news', count: 3, lang: 'en', urgent: true },
	{ topic: 'sport', count: 5, lang: 'de' },
];

const recent = {
	/** @type {import('../lib/simulator').Simulator | null} */
	sim: null,
	url: '',
	credential: { id: workflowId('credential:recent-runs'), name: 'GPTBots simulator (recent runs)' },
	/** @type {Promise<import('../lib/simulator').SimulatorHandle> | null} */
	started: null,
	/** @type {string | null} */
	seededFor: null,
	/** Starts the simulator once; resets and seeds it once per line. */
	/** @param {import('./run').E2eEnv} env */
	async setup(env) {
		recent.started ??= startSimulator({
			workflow: { id: 'wf_e2e_digest', name: 'e2eNewsDigest', version: '1' },
		});
		const { sim, url } = await recent.started;
		if (!sim) throw new Error('the in-process simulator came without its object');
		recent.sim = sim;
		recent.url = url;
		if (recent.seededFor === env.line.name) return;
		recent.seededFor = env.line.name;
		sim.reset();
		const startTime = Date.now() - 60_000;
		sim.seedRuns(10, { startTime, inputs: OLDER });
		sim.seedRuns(12, { startTime, inputs: NEWER });
	},
	credentials() {
		return [
			{
				...recent.credential,
				type: CREDENTIAL_TYPE,
				data: { endpoint: 'custom', baseUrl: recent.url, apiKey: SIM_API_KEY },
			},
		];
	},
};

/**
 * The simulator `recent.setup` started (a case's run comes after its setup).
 * @returns {import('../lib/simulator').Simulator}
 */
function recentSim() {
	if (!recent.sim) throw new Error('the recent-runs simulator was not started (setup)');
	return recent.sim;
}

module.exports = { recent, recentSim };
