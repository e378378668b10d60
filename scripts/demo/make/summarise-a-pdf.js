'use strict';
// examples/summarise-a-pdf.json: summarise a PDF; the file goes to GPTBots through a `file` field.

const { IDS, SAMPLE_PDF_NAME } = require('../constants');
const { node, manualStart, invokeNode, sticky, set, chain, workflow } = require('./exportFormat');

/** A one-page PDF ("Q3 revenue grew 12 %"), small enough to sit in the example's Code node. */
const SAMPLE_PDF = Buffer.from(
	[
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
	].join('\n'),
);

const wf = 'summarisePdf';
module.exports = workflow(
	'summarise-a-pdf.json',
	IDS.summarisePdf,
	'GPTBots example: summarise a PDF',
	[
		sticky(
			wf,
			'About',
			[-60, -260],
			'## Summarise a PDF\n*Sample PDF* stands in for a file read or downloaded: replace it with *Read/Write Files from Disk*, a Google Drive download, a Gmail attachment or an *HTTP Request* (response: file). Its binary property `data` goes to the GPTBots workflow\'s File variable `document` (field type *File*, value `data`: sent as `{format: "pdf", name, base64_content}`), beside a text field `instruction`. *Summary* takes the answer.',
			{ width: 1000, height: 200 },
		),
		manualStart(wf),
		node(wf, 'Sample PDF', 'n8n-nodes-base.code', 2, [260, 0], {
			jsCode: [
				'// A one-page PDF, as a file node would hand it on: a binary property "data" with name and MIME type.',
				`const base64 = '${SAMPLE_PDF.toString('base64')}';`,
				`return [{ json: { fileName: '${SAMPLE_PDF_NAME}' }, binary: { data: { data: base64, mimeType: 'application/pdf', fileName: '${SAMPLE_PDF_NAME}' } } }];`,
			].join('\n'),
		}),
		invokeNode(wf, [520, 0], {
			mode: 'sync',
			inputSource: 'fields',
			inputFields: {
				field: [
					{ name: 'document', type: 'file', value: 'data' },
					{
						name: 'instruction',
						type: 'string',
						value: 'Summarise this document in three bullet points.',
					},
				],
			},
			options: { outputMode: 'outputOnly', timeout: 300 },
		}),
		set(
			wf,
			'Summary',
			[780, 0],
			[
				['file', 'string', "={{ $('Sample PDF').item.json.fileName }}"],
				['summary', 'string', '={{ $json.answer }}'],
			],
		),
	],
	chain('Start', 'Sample PDF', 'GPTBots Workflow', 'Summary'),
	'Sends a PDF to a GPTBots workflow as a File input and takes its summary.',
);
