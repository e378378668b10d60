'use strict';
// The workflows of the queue-mode suite. Executions are started over HTTP: a Webhook trigger node
// (production URL /webhook/<path>) on the webhook process, or the GPTBots Workflow Trigger.

const crypto = require('crypto');

const { gptNode, manualTrigger, triggerNode } = require('../lib/builders');
const TRIGGER_SECRET = 'queue-suite-secret-4711';

const hash = (seed) => crypto.createHash('sha1').update(`gptbots-queue:${seed}`).digest('hex');
/** A stable 16-character workflow id for a key. */
const workflowId = (key) => hash(key).slice(0, 16);
/** A stable UUID-shaped id. */
function uuid(seed) {
	const h = hash(seed);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const CREDENTIAL = { id: workflowId('credential'), name: 'GPTBots simulator (queue suite)' };
const PG_CREDENTIAL = { id: workflowId('credential:postgres'), name: 'Queue suite Postgres' };
/** SQL for the claim table the Postgres-claim workflow uses (in the suite's scratch database). */
const CLAIM_SQL = `CREATE TABLE gptbots_seen_runs (run_id text PRIMARY KEY, claimed_at timestamptz DEFAULT now());
CREATE FUNCTION gptbots_claim_run(id text) RETURNS SETOF text LANGUAGE sql AS
$$ INSERT INTO gptbots_seen_runs (run_id) VALUES (id) ON CONFLICT DO NOTHING RETURNING run_id $$;`;

function workflow(key, name, nodes) {
	const placed = nodes.map((node, i) => ({
		id: uuid(`${key}:${node.name}`),
		position: [i * 220, 0],
		...node,
	}));
	const connections = {};
	for (let i = 0; i < placed.length - 1; i++) {
		connections[placed[i].name] = {
			main: [[{ node: placed[i + 1].name, type: 'main', index: 0 }]],
		};
	}
	return {
		id: workflowId(key),
		name: `queue ${name}`,
		active: false,
		nodes: placed,
		connections,
		settings: {
			executionOrder: 'v1',
			saveDataSuccessExecution: 'all',
			saveDataErrorExecution: 'all',
		},
		pinData: {},
		versionId: uuid(`${key}:version`),
	};
}

/** n8n's Webhook node: POST /webhook/<path>. */
function webhookTrigger(key, path, responseMode) {
	return {
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: uuid(`${key}:webhook`),
		parameters: { httpMethod: 'POST', path, responseMode, options: {} },
	};
}

const noOp = (name) => ({ name, type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} });

/** A GPTBots Workflow node (invoke) whose input is { tag, __durationMs } from the request body. */
function gptInvoke(mode) {
	return gptNode(
		'GPTBots',
		{
			operation: 'invoke',
			mode,
			inputSource: 'fields',
			inputFields: {
				field: [
					{ name: 'tag', type: 'string', value: '={{ $json.body.tag }}' },
					{ name: '__durationMs', type: 'number', value: '={{ $json.body.durationMs }}' },
				],
			},
			options: { pollInterval: 0.2, maxWait: 300 },
		},
		CREDENTIAL,
	);
}

const MODES = ['sync', 'async', 'asyncPoll', 'asyncWebhook'];

function build() {
	const modeWorkflows = MODES.map((mode) => {
		const key = `mode-${mode}`;
		return {
			key,
			mode,
			path: `gptbots-queue-${mode.toLowerCase()}`,
			wf: workflow(key, `invoke ${mode} (webhook, lastNode)`, [
				webhookTrigger(key, `gptbots-queue-${mode.toLowerCase()}`, 'lastNode'),
				gptInvoke(mode),
				noOp('After'),
			]),
		};
	});
	const callback = {
		key: 'callback',
		path: 'gptbots-queue-callback',
		wf: workflow('callback', 'asyncWebhook x N (webhook, onReceived)', [
			webhookTrigger('callback', 'gptbots-queue-callback', 'onReceived'),
			gptInvoke('asyncWebhook'),
			noOp('After'),
		]),
	};
	const gptTrigger = triggerNode(
		'GPTBots Workflow Trigger',
		{
			secretHeaderName: 'X-GPTBots-Secret',
			secretHeaderValue: TRIGGER_SECRET,
			statuses: ['SUCCEED', 'FAILED'],
			options: {},
		},
		uuid('trigger:webhook'),
	);
	const trigger = {
		key: 'trigger',
		path: `${gptTrigger.webhookId}/gptbots`,
		nodeName: gptTrigger.name,
		wf: workflow('trigger', 'GPTBots Workflow Trigger', [gptTrigger, noOp('Started')]),
	};
	// n8n's own cross-execution de-duplication (Remove Duplicates v2 -> checkProcessedAndRecord),
	// measured under the same concurrent, cross-process load.
	const removeDuplicates = {
		key: 'remove-duplicates',
		path: 'gptbots-queue-remove-duplicates',
		wf: workflow('remove-duplicates', 'Remove Duplicates across executions', [
			webhookTrigger('remove-duplicates', 'gptbots-queue-remove-duplicates', 'onReceived'),
			{
				name: 'Remove Duplicates',
				type: 'n8n-nodes-base.removeDuplicates',
				typeVersion: 2,
				parameters: {
					operation: 'removeItemsSeenInPreviousExecutions',
					logic: 'removeItemsWithAlreadySeenKeyValues',
					dedupeValue: '={{ $json.body.workflowRunId }}',
					options: { scope: 'node', historySize: 10000 },
				},
			},
			noOp('Passed'),
		]),
	};
	// A workaround that IS atomic across processes: the trigger with its own de-dup off, then a
	// Postgres node that claims the run id (INSERT ... ON CONFLICT DO NOTHING RETURNING, wrapped in
	// a SQL function so the node sees a SELECT and outputs nothing for a repeat).
	const claimTrigger = triggerNode(
		'GPTBots Trigger (de-dup off)',
		{ ...gptTrigger.parameters, options: { dedupe: false } },
		uuid('claim:webhook'),
	);
	const claim = {
		key: 'claim',
		path: `${claimTrigger.webhookId}/gptbots`,
		wf: workflow('claim', 'Trigger + Postgres claim (ON CONFLICT DO NOTHING)', [
			claimTrigger,
			{
				name: 'Claim run id',
				type: 'n8n-nodes-base.postgres',
				typeVersion: 2.5,
				parameters: {
					operation: 'executeQuery',
					query: 'SELECT run_id FROM gptbots_claim_run($1) AS claimed(run_id)',
					options: { queryReplacement: '={{ $json.workflowRunId }}' },
				},
				credentials: { postgres: PG_CREDENTIAL },
			},
			noOp('Passed'),
		]),
	};

	// For the probe of `n8n execute` in queue mode (not activated: a manual trigger).
	const cli = {
		key: 'cli-sync',
		wf: workflow('cli-sync', 'n8n execute, sync', [
			manualTrigger(),
			{
				...gptInvoke('sync'),
				parameters: {
					...gptInvoke('sync').parameters,
					inputSource: 'json',
					inputJson: '{"tag":"cli-sync","__durationMs":100}',
				},
			},
		]),
	};
	return { modeWorkflows, callback, trigger, removeDuplicates, claim, cli };
}

/** A finished GPTBots run as the trigger receives it, for run id `id`. */
const runOf = (id) => ({
	workflowRunId: id,
	status: 'SUCCEED',
	workflowId: 'wf-queue',
	workflowName: 'queue suite',
	workflowVersion: 1,
	totalCost: 0,
	totalTokens: 0,
	startTime: Date.now() - 500,
	endTime: Date.now(),
	workflowExecutionTime: 500,
	input: { id },
	output: { answer: `done ${id}` },
});

module.exports = {
	build,
	runOf,
	MODES,
	CREDENTIAL,
	PG_CREDENTIAL,
	CLAIM_SQL,
	TRIGGER_SECRET,
	workflowId,
};
