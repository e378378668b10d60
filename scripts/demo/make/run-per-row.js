'use strict';
// examples/run-per-row.json: one run per sheet row.

const { node, manualStart, invokeNode, sticky, set, chain, workflow } = require('./exportFormat');

const wf = 'perRow';
module.exports = workflow(
	'run-per-row.json',
	'GptBotsExPerRow1',
	'GPTBots example: one run per row',
	[
		sticky(
			wf,
			'About',
			[-60, -220],
			'## One run per row\n*Rows* stands in for a spreadsheet (replace it with Google Sheets, Airtable, a database…): 25 rows of `{name, question}`. Each row is one GPTBots run (Input Source: *Incoming Item*), at most 5 in flight (*Concurrency*). *Answers* pairs every answer with its row.',
			{ width: 1000, height: 150 },
		),
		manualStart(wf),
		node(wf, 'Rows', 'n8n-nodes-base.code', 2, [260, 0], {
			jsCode: [
				'// 25 sheet-like rows; in a real workflow, read them from Google Sheets, Airtable, a database...',
				"const topics = ['pricing', 'shipping', 'returns', 'warranty', 'invoices'];",
				'return Array.from({ length: 25 }, (_, i) => ({',
				'  json: { name: `Customer ${i + 1}`, question: `What is your policy on ${topics[i % topics.length]}?` },',
				'}));',
			].join('\n'),
		}),
		invokeNode(wf, [520, 0], {
			mode: 'sync',
			inputSource: 'item',
			options: { concurrency: 5, outputMode: 'outputOnly' },
		}),
		set(
			wf,
			'Answers',
			[780, 0],
			[
				['name', 'string', "={{ $('Rows').item.json.name }}"],
				['question', 'string', "={{ $('Rows').item.json.question }}"],
				['answer', 'string', '={{ $json.answer }}'],
			],
		),
	],
	chain('Start', 'Rows', 'GPTBots Workflow', 'Answers'),
	'Runs the GPTBots workflow once per row, 5 at a time, and pairs each answer with its row.',
);
