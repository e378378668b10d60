// @ts-check
'use strict';
// The workflows of the queue-mode suite. Executions are started over HTTP: a Webhook trigger node
// (production URL /webhook/<path>) on the webhook process, or the GPTBots Workflow Trigger.

const {
	fields,
	gptNode,
	manualTrigger,
	noOpNode,
	stableUuid,
	triggerNode,
	webhookNode,
	workflow: driverWorkflow,
	workflowId,
} = require('../lib/builders');

const { PACKAGE_NAME } = require('../../simulator/names');

const TRIGGER_SECRET = 'queue-suite-secret-4711';

const CREDENTIAL = { id: workflowId('queue:credential'), name: 'GPTBots simulator (queue suite)' };
/** The agent's credential (an agent key: the GPTBots Agent node refuses a workflow key). */
const AGENT_CREDENTIAL = {
	id: workflowId('queue:credential:agent'),
	name: 'GPTBots agent (queue suite)',
};
const PG_CREDENTIAL = { id: workflowId('queue:credential:postgres'), name: 'Queue suite Postgres' };
/** SQL for the claim table the Postgres-claim workflow uses (in the suite's scratch database). */
const CLAIM_SQL = `CREATE TABLE gptbots_seen_runs (run_id text PRIMARY KEY, claimed_at timestamptz DEFAULT now());
CREATE FUNCTION gptbots_claim_run(id text) RETURNS SETOF text LANGUAGE sql AS
$$ INSERT INTO gptbots_seen_runs (run_id) VALUES (id) ON CONFLICT DO NOTHING RETURNING run_id $$;`;

/**
 * A chained workflow of the suite (its executions' data always saved: the checks read it).
 * @param {string} key
 * @param {string} name
 * @param {import('../lib/builders').WorkflowNode[]} nodes
 */
const workflow = (key, name, nodes) =>
	driverWorkflow(`queue:${key}`, `queue ${name}`, nodes, {
		settings: { saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' },
	});

/**
 * n8n's Webhook node: POST /webhook/<path>.
 * @param {string} key
 * @param {string} path
 * @param {string} responseMode
 */
const webhookTrigger = (key, path, responseMode) =>
	webhookNode('Webhook', path, stableUuid(`queue:${key}:webhook`), responseMode);

/** A GPTBots Workflow node (invoke) whose input is { tag, __durationMs } from the request body. */
/** @param {string} mode */
function gptInvoke(mode) {
	return gptNode(
		'GPTBots',
		{
			operation: 'invoke',
			mode,
			inputSource: 'fields',
			inputFields: fields([
				['tag', 'string', '={{ $json.body.tag }}'],
				['__durationMs', 'number', '={{ $json.body.durationMs }}'],
			]),
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
				noOpNode('After'),
			]),
		};
	});
	const callback = {
		key: 'callback',
		path: 'gptbots-queue-callback',
		wf: workflow('callback', 'asyncWebhook x N (webhook, onReceived)', [
			webhookTrigger('callback', 'gptbots-queue-callback', 'onReceived'),
			gptInvoke('asyncWebhook'),
			noOpNode('After'),
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
		stableUuid('queue:trigger:webhook'),
	);
	const trigger = {
		key: 'trigger',
		path: `${gptTrigger.webhookId}/gptbots`,
		nodeName: gptTrigger.name,
		wf: workflow('trigger', 'GPTBots Workflow Trigger', [gptTrigger, noOpNode('Started')]),
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
			noOpNode('Passed'),
		]),
	};
	// A workaround that IS atomic across processes: the trigger with its own de-dup off, then a
	// Postgres node that claims the run id (INSERT ... ON CONFLICT DO NOTHING RETURNING, wrapped in
	// a SQL function so the node sees a SELECT and outputs nothing for a repeat).
	const claimTrigger = triggerNode(
		'GPTBots Trigger (de-dup off)',
		{ ...gptTrigger.parameters, options: { dedupe: false } },
		stableUuid('queue:claim:webhook'),
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
			noOpNode('Passed'),
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
	// n8n's Chat Trigger (public, answering with the last node) → GPTBots Agent, one GPTBots
	// conversation per chat session: the mapping must hold across workers and restarts.
	const chatWebhookId = stableUuid('queue:chat:webhook');
	const chat = {
		key: 'chat-session',
		webhookId: chatWebhookId,
		nodeName: 'GPTBots Agent',
		wf: workflow('chat-session', 'Chat Trigger → GPTBots Agent (one conversation per session)', [
			{
				name: 'When chat message received',
				type: '@n8n/n8n-nodes-langchain.chatTrigger',
				typeVersion: 1.4,
				webhookId: chatWebhookId,
				parameters: { public: true, mode: 'webhook', options: { responseMode: 'lastNode' } },
			},
			{
				...gptNode(
					'GPTBots Agent',
					{
						operation: 'sendMessage',
						conversation: 'chatSession',
						text: '={{ $json.chatInput }}',
						responseMode: 'blocking',
						options: {},
					},
					AGENT_CREDENTIAL,
				),
				type: `${PACKAGE_NAME}.gptBotsAgent`,
			},
		]),
	};
	return { modeWorkflows, callback, trigger, removeDuplicates, claim, cli, chat };
}

/** A finished GPTBots run as the trigger receives it, for run id `id`. */
const runOf = (/** @type {string} */ id) => ({
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
	AGENT_CREDENTIAL,
	PG_CREDENTIAL,
	CLAIM_SQL,
	TRIGGER_SECRET,
};
