'use strict';
// examples/ai-agent-tool.json: the GPTBots node as a tool of n8n's AI Agent, its fields left to
// the model.

const { NODE_TYPE: GPT } = require('../../lib/constants');
const {
	aiAgentConnections,
	aiAgentNodes,
	cred,
	node,
	manualStart,
	sticky,
	workflow,
} = require('./exportFormat');

const wf = 'aiAgent';
/**
 * @param {string} key
 * @param {string} description
 * @param {string} type
 */
const fromAi = (key, description, type) =>
	`={{ /*n8n-auto-generated-fromAI-override*/ $fromAI('${key}', \`${description}\`, '${type}') }}`;
/**
 * @param {string} id
 * @param {string} type
 */
const field = (id, type) => ({
	id,
	displayName: id,
	type,
	required: true,
	defaultMatch: false,
	canBeUsedToMatch: false,
	display: true,
	removed: false,
});
module.exports = workflow(
	'ai-agent-tool.json',
	'GptBotsExAiAgent',
	'GPTBots example: a GPTBots workflow as an AI Agent tool',
	[
		sticky(
			wf,
			'About',
			[-60, -380],
			[
				'## A GPTBots workflow as an AI Agent tool',
				'The agent decides when to run the GPTBots workflow and with which values: *topic* and *count* are left to the model (the ✨ button on a field writes `$fromAI(…)`); *lang* is fixed.',
				"*GPTBots* uses **Input Source: Fields From Recent Runs**: its fields were read from the workflow's recent API runs (open the node and refresh to read yours). **Tool Description** says what the workflow does; *Suggested Tool Description* proposes one from the workflow's name.",
				'Pick your OpenAI (or other chat model) credential and your GPTBots credential. Replace *Start* with a Chat Trigger to talk to the agent.',
			].join('\n\n'),
			{ width: 900, height: 300 },
		),
		manualStart(wf),
		...aiAgentNodes(wf, {
			text: 'Make a short news digest about n8n with 3 items.',
			systemMessage: 'You are a helpful assistant. Use the GPTBots tool to make news digests.',
		}),
		node(
			wf,
			'GPTBots',
			`${GPT}Tool`,
			1,
			[400, 240],
			{
				descriptionType: 'manual',
				toolDescription:
					'Runs the GPTBots AI workflow "newsDigest": makes a news digest. Inputs: topic (string), count (integer), lang (string).',
				operation: 'invoke',
				mode: 'sync',
				inputSource: 'mapped',
				inputMapping: {
					mappingMode: 'defineBelow',
					value: {
						topic: fromAi('topic', 'What the digest is about', 'string'),
						count: fromAi('count', 'How many news items, 1 to 10', 'number'),
						lang: 'en',
					},
					matchingColumns: [],
					schema: [field('topic', 'string'), field('count', 'number'), field('lang', 'string')],
					attemptToConvertTypes: false,
					convertFieldsToString: true,
				},
				options: { outputMode: 'outputOnly' },
			},
			{ credentials: cred },
		),
	],
	aiAgentConnections('GPTBots'),
	'An AI Agent that runs a GPTBots workflow as a tool, with values chosen by the model.',
);
