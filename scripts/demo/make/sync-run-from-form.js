'use strict';
// examples/sync-run-from-form.json: a sync run from an n8n form.

const { uuid, node, invokeNode, sticky, chain, workflow } = require('./exportFormat');

const wf = 'form';
module.exports = workflow(
	'sync-run-from-form.json',
	'GptBotsExFormRun',
	'GPTBots example: sync run from a form',
	[
		sticky(
			wf,
			'About',
			[-60, -220],
			"## Sync run from a form\nOpen the **Production URL** of *Form* (publish the workflow first), enter a topic, submit: the form field goes to GPTBots as the input field `topic` (Input Source: Fields), and the form's ending page (*Show Answer*, an n8n Form node) shows GPTBots' answer.",
			{ width: 760, height: 170 },
		),
		node(
			wf,
			'Form',
			'n8n-nodes-base.formTrigger',
			2.3,
			[0, 0],
			{
				formTitle: 'Ask GPTBots',
				formDescription: 'Runs a GPTBots workflow with your topic and shows its answer.',
				formFields: {
					values: [{ fieldLabel: 'Topic', placeholder: 'e.g. n8n', requiredField: true }],
				},
				options: { path: 'gptbots-form' },
			},
			{ webhookId: uuid('form:start') },
		),
		invokeNode(wf, [260, 0], {
			mode: 'sync',
			inputSource: 'fields',
			inputFields: { field: [{ name: 'topic', type: 'string', value: '={{ $json.Topic }}' }] },
			options: { outputMode: 'outputOnly' },
		}),
		node(wf, 'Show Answer', 'n8n-nodes-base.form', 2.3, [520, 0], {
			operation: 'completion',
			respondWith: 'text',
			completionTitle: 'GPTBots answered',
			completionMessage:
				'={{ typeof $json.answer === "string" ? $json.answer : JSON.stringify($json) }}',
			options: {},
		}),
	],
	chain('Form', 'GPTBots Workflow', 'Show Answer'),
	'A form asks for a topic; GPTBots runs synchronously; the form shows the answer.',
);
