#!/usr/bin/env node
'use strict';
// Writes examples/*.json (n8n's workflow export format) from the definitions below, so that ids,
// positions and connections stay consistent. The JSON files are what users import and what is
// committed; run this only after changing a definition here:  node scripts/demo/make-examples.js
const fs = require('fs');
const path = require('path');
const { EXAMPLES_DIR, DEMO_CREDENTIAL, DEMO_OPENAI_CREDENTIAL, TRIGGER_SECRET, TRIGGER_WEBHOOK_ID, PLACEHOLDER_N8N_URL, IDS, SAMPLE_PDF_NAME } = require('./constants');

/** The AI Agent node's version in the example: the newest in n8n 2.8 (2.41 has it too). */
const AGENT_VERSION = 3.1;

const { NODE_TYPE: GPT, TRIGGER_TYPE: TRIGGER } = require('../../simulator/names');
const cred = { gptBotsApi: { id: DEMO_CREDENTIAL.id, name: DEMO_CREDENTIAL.name } };

/** A one-page PDF ("Q3 revenue grew 12 %"), small enough to sit in the example's Code node. */
const SAMPLE_PDF = Buffer.from([
	'%PDF-1.4',
	'1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj',
	'2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj',
	'3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj',
	'4 0 obj<</Length 50>>stream',
	'BT /F1 18 Tf 20 70 Td (Q3 revenue grew 12 %) Tj ET',
	'endstream endobj',
	'5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj',
	'trailer<</Root 1 0 R>>',
	'%%EOF',
	'',
].join('\n'));

let seq = 0;
function uuid(key) {
	const h = require('crypto').createHash('sha1').update(`gptbots-example:${key}`).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
function node(wf, name, type, typeVersion, position, parameters, extra = {}) {
	seq += 1;
	return { parameters, id: uuid(`${wf}:${name}`), name, type, typeVersion, position, ...extra };
}
function sticky(wf, name, position, content, { width = 420, height = 260, color = 7 } = {}) {
	return node(wf, name, 'n8n-nodes-base.stickyNote', 1, position, { content, height, width, color });
}
function set(wf, name, position, fields) {
	return node(wf, name, 'n8n-nodes-base.set', 3.4, position, {
		assignments: {
			assignments: fields.map(([field, type, value]) => ({ id: uuid(`${wf}:${name}:${field}`), name: field, value, type })),
		},
		options: {},
	});
}
function chain(...names) {
	const connections = {};
	for (let i = 0; i < names.length - 1; i++) {
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	}
	return connections;
}
function workflow(file, id, name, nodes, connections, description) {
	return {
		file,
		json: {
			id,
			name,
			description,
			nodes,
			connections,
			settings: { executionOrder: 'v1' },
			pinData: {},
			meta: { templateCredsSetupCompleted: true, gptbotsExample: file },
			tags: [],
			active: false,
		},
	};
}

const examples = [];

// 1. Sync run from a webhook: what `npm run demo` calls end to end.
{
	const wf = 'webhook';
	examples.push(workflow('sync-run-from-webhook.json', 'GptBotsExWebhook', 'GPTBots example: sync run from a webhook', [
		sticky(wf, 'About', [-60, -320], '## Sync run from a webhook\nPOST a JSON object to the **Production URL** of *Webhook*; it becomes the GPTBots workflow\'s input (Input Source: JSON), and the answer is the HTTP response.\n\n```\ncurl -X POST http://127.0.0.1:5678/webhook/gptbots-demo \\\n  -H "content-type: application/json" -d \'{"topic":"n8n"}\'\n```', { width: 760, height: 260 }),
		node(wf, 'Webhook', 'n8n-nodes-base.webhook', 2, [0, 0], { httpMethod: 'POST', path: 'gptbots-demo', responseMode: 'lastNode', options: {} }, { webhookId: uuid('webhook:start') }),
		node(wf, 'GPTBots Workflow', GPT, 1, [260, 0], {
			operation: 'invoke', mode: 'sync', inputSource: 'json', inputJson: '={{ JSON.stringify($json.body) }}', options: {},
		}, { credentials: cred }),
		set(wf, 'Answer', [520, 0], [
			['workflowRunId', 'string', '={{ $json.workflowRunId }}'],
			['status', 'string', '={{ $json.status }}'],
			['output', 'object', '={{ $json.output }}'],
			['totalTokens', 'number', '={{ $json.totalTokens }}'],
		]),
	], chain('Webhook', 'GPTBots Workflow', 'Answer'), 'POST JSON to the webhook: it runs the GPTBots workflow synchronously and answers with its output.'));
}

// 2. Sync run from an n8n form.
{
	const wf = 'form';
	examples.push(workflow('sync-run-from-form.json', 'GptBotsExFormRun', 'GPTBots example: sync run from a form', [
		sticky(wf, 'About', [-60, -220], '## Sync run from a form\nOpen the **Production URL** of *Form* (publish the workflow first), enter a topic, submit: the form field goes to GPTBots as the input field `topic` (Input Source: Fields), and the form\'s ending page (*Show Answer*, an n8n Form node) shows GPTBots\' answer.', { width: 760, height: 170 }),
		node(wf, 'Form', 'n8n-nodes-base.formTrigger', 2.3, [0, 0], {
			formTitle: 'Ask GPTBots',
			formDescription: 'Runs a GPTBots workflow with your topic and shows its answer.',
			formFields: { values: [{ fieldLabel: 'Topic', placeholder: 'e.g. n8n', requiredField: true }] },
			options: { path: 'gptbots-form' },
		}, { webhookId: uuid('form:start') }),
		node(wf, 'GPTBots Workflow', GPT, 1, [260, 0], {
			operation: 'invoke', mode: 'sync', inputSource: 'fields',
			inputFields: { field: [{ name: 'topic', type: 'string', value: '={{ $json.Topic }}' }] },
			options: { outputMode: 'outputOnly' },
		}, { credentials: cred }),
		node(wf, 'Show Answer', 'n8n-nodes-base.form', 2.3, [520, 0], {
			operation: 'completion',
			respondWith: 'text',
			completionTitle: 'GPTBots answered',
			completionMessage: '={{ typeof $json.answer === "string" ? $json.answer : JSON.stringify($json) }}',
			options: {},
		}),
	], chain('Form', 'GPTBots Workflow', 'Show Answer'), 'A form asks for a topic; GPTBots runs synchronously; the form shows the answer.'));
}

// 3. Async run, wait by polling (runs headless: manual trigger).
{
	const wf = 'asyncPoll';
	examples.push(workflow('async-run-and-wait.json', 'GptBotsExAsyncPl', 'GPTBots example: async runs, wait by polling', [
		sticky(wf, 'About', [-60, -220], '## Async runs, wait by polling\nThree topics start three GPTBots runs at once (mode *Async, Wait by Polling*); the node checks each run\'s result until it ends, so the total time is about that of the slowest run. Click **Execute workflow**.', { width: 1000, height: 150 }),
		node(wf, 'Start', 'n8n-nodes-base.manualTrigger', 1, [0, 0], {}),
		node(wf, 'Topics', 'n8n-nodes-base.code', 2, [260, 0], {
			jsCode: "return ['n8n', 'GPTBots', 'workflows'].map((topic) => ({ json: { topic } }));",
		}),
		node(wf, 'GPTBots Workflow', GPT, 1, [520, 0], {
			operation: 'invoke', mode: 'asyncPoll', inputSource: 'fields',
			inputFields: { field: [{ name: 'topic', type: 'string', value: '={{ $json.topic }}' }] },
			options: { pollInterval: 1, maxWait: 300 },
		}, { credentials: cred }),
		set(wf, 'Result', [780, 0], [
			['topic', 'string', "={{ $('Topics').item.json.topic }}"],
			['status', 'string', '={{ $json.status }}'],
			['answer', 'string', '={{ $json.output.answer }}'],
			['seconds', 'number', '={{ $json.workflowExecutionTime }}'],
		]),
	], chain('Start', 'Topics', 'GPTBots Workflow', 'Result'), 'Starts three async runs and waits for them by polling their results.'));
}

// 4. Async run, wait by callback (needs a running n8n that GPTBots can reach).
{
	const wf = 'asyncWebhook';
	examples.push(workflow('async-wait-by-callback.json', 'GptBotsExCallbck', 'GPTBots example: async run, wait by callback', [
		sticky(wf, 'About', [-60, -260], '## Async run, wait by callback\nPOST `{"topic":"…"}` to *Webhook*. The GPTBots node starts an async run with this execution\'s resume URL as its webhook, and the execution **waits** (see *Executions*: "Waiting") until GPTBots calls back; then *Result* runs. GPTBots must reach n8n: set `WEBHOOK_URL` to n8n\'s public address.', { width: 760, height: 200 }),
		node(wf, 'Webhook', 'n8n-nodes-base.webhook', 2, [0, 0], { httpMethod: 'POST', path: 'gptbots-callback', responseMode: 'onReceived', options: {} }, { webhookId: uuid('callback:start') }),
		node(wf, 'GPTBots Workflow', GPT, 1, [260, 0], {
			operation: 'invoke', mode: 'asyncWebhook', inputSource: 'fields',
			inputFields: { field: [{ name: 'topic', type: 'string', value: '={{ $json.body.topic }}' }] },
			options: { maxWait: 600 },
		}, { credentials: cred }),
		set(wf, 'Result', [520, 0], [
			['workflowRunId', 'string', '={{ $json.workflowRunId }}'],
			['status', 'string', '={{ $json.status }}'],
			['answer', 'string', '={{ $json.output.answer }}'],
		]),
	], chain('Webhook', 'GPTBots Workflow', 'Result'), 'The execution pauses while GPTBots runs and resumes when GPTBots calls back.'));
}

// 5. One run per sheet row.
{
	const wf = 'perRow';
	examples.push(workflow('run-per-row.json', 'GptBotsExPerRow1', 'GPTBots example: one run per row', [
		sticky(wf, 'About', [-60, -220], '## One run per row\n*Rows* stands in for a spreadsheet (replace it with Google Sheets, Airtable, a database…): 25 rows of `{name, question}`. Each row is one GPTBots run (Input Source: *Incoming Item*), at most 5 in flight (*Concurrency*). *Answers* pairs every answer with its row.', { width: 1000, height: 150 }),
		node(wf, 'Start', 'n8n-nodes-base.manualTrigger', 1, [0, 0], {}),
		node(wf, 'Rows', 'n8n-nodes-base.code', 2, [260, 0], {
			jsCode: [
				"// 25 sheet-like rows; in a real workflow, read them from Google Sheets, Airtable, a database...",
				"const topics = ['pricing', 'shipping', 'returns', 'warranty', 'invoices'];",
				"return Array.from({ length: 25 }, (_, i) => ({",
				"  json: { name: `Customer ${i + 1}`, question: `What is your policy on ${topics[i % topics.length]}?` },",
				"}));",
			].join('\n'),
		}),
		node(wf, 'GPTBots Workflow', GPT, 1, [520, 0], {
			operation: 'invoke', mode: 'sync', inputSource: 'item',
			options: { concurrency: 5, outputMode: 'outputOnly' },
		}, { credentials: cred }),
		set(wf, 'Answers', [780, 0], [
			['name', 'string', "={{ $('Rows').item.json.name }}"],
			['question', 'string', "={{ $('Rows').item.json.question }}"],
			['answer', 'string', '={{ $json.answer }}'],
		]),
	], chain('Start', 'Rows', 'GPTBots Workflow', 'Answers'), 'Runs the GPTBots workflow once per row, 5 at a time, and pairs each answer with its row.'));
}

// 6. Trigger + follow-up, and the workflow that starts runs whose results reach it.
{
	const wf = 'trigger';
	examples.push(workflow('trigger-follow-up.json', 'GptBotsExTrigger', 'GPTBots example: follow up when a run ends (trigger)', [
		sticky(wf, 'About', [-60, -260], `## Follow up when a GPTBots run ends\n**Publish** this workflow. Every GPTBots run that has this trigger's **Production URL** as a webhook (method POST, header \`X-GPTBots-Secret: ${TRIGGER_SECRET}\`) starts it when the run ends. Change the secret in the trigger *and* in the sender. The sender: *GPTBots example: start a run that reports to the trigger*.`, { width: 760, height: 200 }),
		node(wf, 'GPTBots Workflow Trigger', TRIGGER, 1, [0, 0], {
			secretHeaderName: 'X-GPTBots-Secret',
			secretHeaderValue: TRIGGER_SECRET,
			statuses: ['SUCCEED', 'FAILED'],
			options: {},
		}, { webhookId: TRIGGER_WEBHOOK_ID }),
		set(wf, 'Follow-up', [260, 0], [
			['workflowRunId', 'string', '={{ $json.workflowRunId }}'],
			['status', 'string', '={{ $json.status }}'],
			['answer', 'string', '={{ $json.output.answer }}'],
			['delivered by', 'string', '={{ $json.deliveryMethod }}'],
		]),
	], chain('GPTBots Workflow Trigger', 'Follow-up'), 'Starts when a GPTBots run ends and calls this trigger\'s webhook.'));

	const sender = 'triggerSender';
	examples.push(workflow('trigger-follow-up-sender.json', 'GptBotsExTrigSnd', 'GPTBots example: start a run that reports to the trigger', [
		sticky(sender, 'About', [-60, -260], `## Start a run that reports to the trigger\n*GPTBots Workflow* (mode *Async*) starts a run and returns its id at once. When the run ends, GPTBots calls the webhook: the **Production URL** of *GPTBots example: follow up when a run ends (trigger)*, here \`${PLACEHOLDER_N8N_URL}/webhook/${TRIGGER_WEBHOOK_ID}/gptbots\`; paste yours if n8n runs elsewhere. GPTBots must be able to reach that URL.`, { width: 760, height: 200 }),
		node(sender, 'Start', 'n8n-nodes-base.manualTrigger', 1, [0, 0], {}),
		node(sender, 'GPTBots Workflow', GPT, 1, [260, 0], {
			operation: 'invoke', mode: 'async', inputSource: 'fields',
			inputFields: { field: [{ name: 'topic', type: 'string', value: 'a run that reports to the trigger' }] },
			webhooks: { webhook: [{ method: 'POST', url: `${PLACEHOLDER_N8N_URL}/webhook/${TRIGGER_WEBHOOK_ID}/gptbots`, headers: JSON.stringify({ 'X-GPTBots-Secret': TRIGGER_SECRET }) }] },
			options: {},
		}, { credentials: cred }),
	], chain('Start', 'GPTBots Workflow'), 'Starts an async GPTBots run whose webhook is the trigger example\'s Production URL.'));
}

// 7. Summarise a PDF: a file goes to GPTBots through a `file` field.
{
	const wf = 'summarisePdf';
	examples.push(workflow('summarise-a-pdf.json', IDS.summarisePdf, 'GPTBots example: summarise a PDF', [
		sticky(wf, 'About', [-60, -260], '## Summarise a PDF\n*Sample PDF* stands in for a file read or downloaded: replace it with *Read/Write Files from Disk*, a Google Drive download, a Gmail attachment or an *HTTP Request* (response: file). Its binary property `data` goes to the GPTBots workflow\'s File variable `document` (field type *File*, value `data`: sent as `{format: "pdf", name, base64_content}`), beside a text field `instruction`. *Summary* takes the answer.', { width: 1000, height: 200 }),
		node(wf, 'Start', 'n8n-nodes-base.manualTrigger', 1, [0, 0], {}),
		node(wf, 'Sample PDF', 'n8n-nodes-base.code', 2, [260, 0], {
			jsCode: [
				'// A one-page PDF, as a file node would hand it on: a binary property "data" with name and MIME type.',
				`const base64 = '${SAMPLE_PDF.toString('base64')}';`,
				`return [{ json: { fileName: '${SAMPLE_PDF_NAME}' }, binary: { data: { data: base64, mimeType: 'application/pdf', fileName: '${SAMPLE_PDF_NAME}' } } }];`,
			].join('\n'),
		}),
		node(wf, 'GPTBots Workflow', GPT, 1, [520, 0], {
			operation: 'invoke', mode: 'sync', inputSource: 'fields',
			inputFields: { field: [
				{ name: 'document', type: 'file', value: 'data' },
				{ name: 'instruction', type: 'string', value: 'Summarise this document in three bullet points.' },
			] },
			options: { outputMode: 'outputOnly', timeout: 300 },
		}, { credentials: cred }),
		set(wf, 'Summary', [780, 0], [
			['file', 'string', "={{ $('Sample PDF').item.json.fileName }}"],
			['summary', 'string', '={{ $json.answer }}'],
		]),
	], chain('Start', 'Sample PDF', 'GPTBots Workflow', 'Summary'), 'Sends a PDF to a GPTBots workflow as a File input and takes its summary.'));
}

// 8. Make a document: GPTBots answers with a file URL, the node downloads it into a binary.
{
	const wf = 'makeDocument';
	examples.push(workflow('make-a-document.json', IDS.makeDocument, 'GPTBots example: make a document', [
		sticky(wf, 'About', [-60, -260], '## Make a document\nThe GPTBots workflow writes a document and its End node answers with the file\'s URL in the field `document`. With *Download Output Files: Named Fields* (`document`) the node fetches it into the binary property `document` of its output item (at most *Max File Size*; a failed download is listed in `fileErrors`, the rest of the item is kept). *Read the Document* uses it: replace it with Gmail (attachment `document`), Google Drive (upload) or Slack.', { width: 1000, height: 200 }),
		node(wf, 'Start', 'n8n-nodes-base.manualTrigger', 1, [0, 0], {}),
		node(wf, 'GPTBots Workflow', GPT, 1, [260, 0], {
			operation: 'invoke', mode: 'sync', inputSource: 'fields',
			inputFields: { field: [{ name: 'topic', type: 'string', value: 'Notes for the launch meeting' }] },
			options: { outputMode: 'outputOnly', downloadFiles: 'fields', downloadFields: 'document', timeout: 300 },
		}, { credentials: cred }),
		node(wf, 'Read the Document', 'n8n-nodes-base.extractFromFile', 1.1, [520, 0], {
			operation: 'text', binaryPropertyName: 'document', destinationKey: 'text', options: {},
		}),
	], chain('Start', 'GPTBots Workflow', 'Read the Document'), 'Runs a GPTBots workflow that makes a document and hands the file to the next node as binary data.'));
}

// 9. The GPTBots node as a tool of n8n's AI Agent, its fields left to the model.
{
	const wf = 'aiAgent';
	const fromAi = (key, description, type) => `={{ /*n8n-auto-generated-fromAI-override*/ $fromAI('${key}', \`${description}\`, '${type}') }}`;
	const field = (id, type) => ({ id, displayName: id, type, required: true, defaultMatch: false, canBeUsedToMatch: false, display: true, removed: false });
	examples.push(workflow('ai-agent-tool.json', 'GptBotsExAiAgent', 'GPTBots example: a GPTBots workflow as an AI Agent tool', [
		sticky(wf, 'About', [-60, -380], [
			'## A GPTBots workflow as an AI Agent tool',
			'The agent decides when to run the GPTBots workflow and with which values: *topic* and *count* are left to the model (the ✨ button on a field writes `$fromAI(…)`); *lang* is fixed.',
			'*GPTBots* uses **Input Source: Fields From Recent Runs**: its fields were read from the workflow\'s recent API runs (open the node and refresh to read yours). **Tool Description** says what the workflow does; *Suggested Tool Description* proposes one from the workflow\'s name.',
			'Pick your OpenAI (or other chat model) credential and your GPTBots credential. Replace *Start* with a Chat Trigger to talk to the agent.',
		].join('\n\n'), { width: 900, height: 300 }),
		node(wf, 'Start', 'n8n-nodes-base.manualTrigger', 1, [0, 0], {}),
		node(wf, 'AI Agent', '@n8n/n8n-nodes-langchain.agent', AGENT_VERSION, [260, 0], {
			promptType: 'define',
			text: 'Make a short news digest about n8n with 3 items.',
			options: { systemMessage: 'You are a helpful assistant. Use the GPTBots tool to make news digests.' },
		}),
		node(wf, 'OpenAI Chat Model', '@n8n/n8n-nodes-langchain.lmChatOpenAi', 1.2, [160, 240], {
			model: { __rl: true, mode: 'list', value: 'gpt-4o-mini' },
			options: {},
		}, { credentials: { openAiApi: { id: DEMO_OPENAI_CREDENTIAL.id, name: DEMO_OPENAI_CREDENTIAL.name } } }),
		node(wf, 'GPTBots', `${GPT}Tool`, 1, [400, 240], {
			descriptionType: 'manual',
			toolDescription: 'Runs the GPTBots AI workflow "newsDigest": makes a news digest. Inputs: topic (string), count (integer), lang (string).',
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
		}, { credentials: cred }),
	], {
		Start: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
		'OpenAI Chat Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
		GPTBots: { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
	}, 'An AI Agent that runs a GPTBots workflow as a tool, with values chosen by the model.'));
}

// `--out DIR` writes elsewhere (test/examples.test.js compares that with the committed files).
const outIndex = process.argv.indexOf('--out');
const outDir = outIndex > 0 ? path.resolve(process.argv[outIndex + 1]) : EXAMPLES_DIR;
for (const { file, json } of examples) {
	fs.writeFileSync(path.join(outDir, file), `${JSON.stringify(json, null, '\t')}\n`);
	console.log(`wrote ${path.relative(process.cwd(), path.join(outDir, file))}`);
}
