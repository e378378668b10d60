// @ts-check
'use strict';
// Files reach GPTBots as message parts, in a real n8n: two binaries made by a Code node (a PDF
// and a PNG) and a URL are sent with the text by the GPTBots Agent node; the simulator received a
// text part, the PDF and the URL in a document part, the PNG in an image part, with their exact
// bytes.
const crypto = require('node:crypto');
const { codeNode, manualTrigger, workflow } = require('../../lib/builders');
const { CREDENTIAL_TYPE } = require('../../lib/constants');
const { AGENT_TYPE } = require('../../../simulator/names');
const { AGENT_CREDENTIAL, agentCredentials } = require('../exampleWorkflow');

const PDF = Buffer.from('%PDF-1.4\n% e2e: a document for the agent\n1 0 obj << >> endobj\n%%EOF\n');
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const DOC_URL = 'https://example.com/files/product-spec.docx';
const sha256 = (/** @type {Buffer} */ buffer) =>
	crypto.createHash('sha256').update(buffer).digest('hex');
const binary = (
	/** @type {Buffer} */ bytes,
	/** @type {string} */ mimeType,
	/** @type {string} */ fileName,
) => ({
	data: bytes.toString('base64'),
	mimeType,
	fileName,
});

/** @type {import('../run').E2eCase} */
module.exports = {
	name: 'agentFiles',
	credentials: agentCredentials,
	workflows: () => [
		workflow('agent-files', 'agent files: binaries and a URL as message parts', [
			manualTrigger(),
			codeNode(
				'Make Files',
				`return [{ json: {}, binary: ${JSON.stringify({
					data: binary(PDF, 'application/pdf', 'invoice.pdf'),
					picture: binary(PNG, 'image/png', 'chart.png'),
				})} }];`,
			),
			{
				name: 'GPTBots Agent',
				type: AGENT_TYPE,
				typeVersion: 1,
				parameters: {
					operation: 'sendMessage',
					conversation: 'new',
					text: 'What is in these files?',
					responseMode: 'blocking',
					files: {
						file: [
							{ source: 'binary', binaryProperty: 'data, picture' },
							{ source: 'url', url: DOC_URL },
						],
					},
					options: {},
				},
				credentials: { [CREDENTIAL_TYPE]: AGENT_CREDENTIAL },
			},
		]),
	],
	async run(t, env) {
		const r = await env.execute('agent-files');
		t.exitCode(r, 0);
		const answer = (r.output('GPTBots Agent') || [])[0]?.json || {};
		const message = env.sim.state.agent.messages.find(
			(/** @type {any} */ m) => m.messageId === answer.messageId,
		);
		/** @type {{ type: string, text?: string, files?: object[] }[]} */
		const parts = message?.messages?.at(-1)?.parts ?? [];
		const ofType = (/** @type {string} */ type) => parts.find((part) => part.type === type);
		t.deepEqual('a text part, a document part and an image part', parts.map((p) => p.type).sort(), [
			'document',
			'image',
			'text',
		]);
		t.equal('the text part', ofType('text')?.text, 'What is in these files?');
		t.deepEqual(
			'the document part: the PDF (base64, exact bytes) and the URL',
			ofType('document')?.files,
			[
				{
					format: 'pdf',
					name: 'invoice.pdf',
					source: 'base64',
					bytes: PDF.length,
					sha256: sha256(PDF),
				},
				{ format: 'docx', name: 'product-spec.docx', source: 'url', url: DOC_URL },
			],
		);
		t.deepEqual('the image part: the PNG, exact bytes', ofType('image')?.files, [
			{
				format: 'png',
				name: 'chart.png',
				source: 'base64',
				bytes: PNG.length,
				sha256: sha256(PNG),
			},
		]);
		t.check(
			"the agent's answer names the three files",
			String(answer.text).includes('3 files'),
			String(answer.text),
		);
		t.check(
			'the output item holds no base64 copy of a file',
			!JSON.stringify(answer).includes(PDF.toString('base64')),
			'base64 found in the output',
		);
	},
};
