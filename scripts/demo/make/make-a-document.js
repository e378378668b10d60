'use strict';
// examples/make-a-document.json: GPTBots answers with a file URL, the node downloads it into a
// binary.

const { IDS } = require('../constants');
const { node, manualStart, invokeNode, sticky, chain, workflow } = require('./exportFormat');

const wf = 'makeDocument';
module.exports = workflow(
	'make-a-document.json',
	IDS.makeDocument,
	'GPTBots example: make a document',
	[
		sticky(
			wf,
			'About',
			[-60, -260],
			"## Make a document\nThe GPTBots workflow writes a document and its End node answers with the file's URL in the field `document`. With *Download Output Files: Named Fields* (`document`) the node fetches it into the binary property `document` of its output item (at most *Max File Size*; a failed download is listed in `fileErrors`, the rest of the item is kept). *Read the Document* uses it: replace it with Gmail (attachment `document`), Google Drive (upload) or Slack.",
			{ width: 1000, height: 200 },
		),
		manualStart(wf),
		invokeNode(wf, [260, 0], {
			mode: 'sync',
			inputSource: 'fields',
			inputFields: {
				field: [{ name: 'topic', type: 'string', value: 'Notes for the launch meeting' }],
			},
			options: {
				outputMode: 'outputOnly',
				downloadFiles: 'fields',
				downloadFields: 'document',
				timeout: 300,
			},
		}),
		node(wf, 'Read the Document', 'n8n-nodes-base.extractFromFile', 1.1, [520, 0], {
			operation: 'text',
			binaryPropertyName: 'document',
			destinationKey: 'text',
			options: {},
		}),
	],
	chain('Start', 'GPTBots Workflow', 'Read the Document'),
	'Runs a GPTBots workflow that makes a document and hands the file to the next node as binary data.',
);
