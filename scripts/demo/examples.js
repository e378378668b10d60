'use strict';
// The example workflows (examples/*.json) as the demo, the browser test and the examples' check
// import them into n8n, with the credential they use.

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const { CREDENTIAL_TYPE } = require('../lib/constants');
const { importCredentials, importWorkflows } = require('../lib/workflows');
const C = require('./constants');
const { readState, writeState } = require('./demoFolder');
const { credentialData, credentialName } = require('./target');

/** The example workflow files, as n8n exports them: [{ file, workflow }]. */
function readExamples() {
	return fs
		.readdirSync(C.EXAMPLES_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => ({
			file,
			workflow: JSON.parse(fs.readFileSync(path.join(C.EXAMPLES_DIR, file), 'utf8')),
		}));
}

/**
 * The examples as the demo imports them: the credential reference renamed for the target, and
 * the placeholder n8n address (http://127.0.0.1:5678) replaced by the demo's own.
 * @param {{ credName: string, agentCredName: string, n8nUrl?: string }} names
 */
function examplesFor({ credName, agentCredName, n8nUrl }) {
	return readExamples().map(({ file, workflow }) => {
		let text = JSON.stringify(workflow);
		if (n8nUrl && n8nUrl !== C.PLACEHOLDER_N8N_URL)
			text = text.split(C.PLACEHOLDER_N8N_URL).join(n8nUrl);
		const wf = JSON.parse(text);
		for (const node of wf.nodes) {
			const ref = node.credentials?.gptBotsApi;
			if (ref?.id === C.DEMO_AGENT_CREDENTIAL.id)
				node.credentials.gptBotsApi = { id: C.DEMO_AGENT_CREDENTIAL.id, name: agentCredName };
			else if (ref) node.credentials.gptBotsApi = { id: C.DEMO_CREDENTIAL.id, name: credName };
		}
		return { file, workflow: { ...wf, active: false } };
	});
}

/**
 * What importCredentialAndExamples would import: { credential, credentials, examples, hash }:
 * `credential` is the workflow examples' (a workflow key), `credentials` adds the agent examples'.
 * @param {import('./target').Target} target
 * @param {string} [n8nUrl]
 */
function importPlan(target, n8nUrl) {
	const credName = credentialName(target);
	const agentCredName = credentialName(target, { agent: true });
	const credential = {
		id: C.DEMO_CREDENTIAL.id,
		name: credName,
		type: CREDENTIAL_TYPE,
		data: credentialData(target),
	};
	const agentCredential = {
		id: C.DEMO_AGENT_CREDENTIAL.id,
		name: agentCredName,
		type: CREDENTIAL_TYPE,
		data: credentialData(target, { agent: true }),
	};
	const credentials = [credential, agentCredential];
	const examples = examplesFor({ credName, agentCredName, n8nUrl });
	const hash = crypto
		.createHash('sha256')
		.update(JSON.stringify({ credentials, workflows: examples.map((e) => e.workflow) }))
		.digest('hex');
	return { credential, credentials, examples, hash };
}

/**
 * Imports the credential and the examples (fixed ids: a re-import replaces them, and leaves them
 * inactive). With `stateFile`, skips both when they are exactly what the last import put there
 * (the hash covers the credential, incl. the simulator's URL, and every example); force: always.
 * Returns { examples, imported }.
 * @param {import('../lib/install').N8nContext} ctx
 * @param {import('./target').Target} target
 * @param {string} n8nUrl
 * @param {{ stateFile?: string, force?: boolean }} [options]
 */
async function importCredentialAndExamples(ctx, target, n8nUrl, { stateFile, force = false } = {}) {
	const plan = importPlan(target, n8nUrl);
	const state = stateFile ? readState(stateFile) : {};
	if (!force && state.importHash === plan.hash && fs.existsSync(ctx.dbPath))
		return { examples: plan.examples, imported: false };
	await importCredentials(ctx, plan.credentials);
	await importWorkflows(
		ctx,
		plan.examples.map((e) => e.workflow),
	);
	if (stateFile) writeState(stateFile, { importHash: plan.hash });
	return { examples: plan.examples, imported: true };
}

module.exports = { readExamples, importPlan, importCredentialAndExamples };
