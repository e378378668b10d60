// @ts-check
'use strict';
// Files in and out, in a real n8n: a binary made by a Code node reaches GPTBots (the simulator) as
// a file object with the right format and bytes; an output file URL comes back as an n8n binary
// with the right bytes (read back by a Code node through n8n's own helper); an integer field
// given "3.5" fails the item before anything is sent.
const crypto = require('node:crypto');
const { codeNode, fields, manualInvokeWorkflow } = require('../../lib/builders');
const { fileContent } = require('../../../simulator/files');
const { executeFailing } = require('../executeOneItem');
const { readBackNode } = require('../readBackNode');

const PDF = Buffer.from(
	'%PDF-1.4\n% e2e: a binary made by a Code node\n1 0 obj << >> endobj\n%%EOF\n',
);
const sha256 = (/** @type {Buffer} */ buffer) =>
	crypto.createHash('sha256').update(buffer).digest('hex');
const OUT_NAME = 'e2e report.pdf';
const OUT_BYTES = 5000;
/** fileIn's input: a file field between two others. */
const FILE_IN_FIELDS = fields([
	['marker', 'string', '={{ $json.marker }}'],
	['doc', 'file', ''],
	['pages', 'integer', '3'],
]);
/** integerBad's node: an integer field given 3.5. */
const INTEGER_BAD = {
	mode: 'sync',
	inputSource: 'fields',
	inputFields: fields([
		['marker', 'string', 'e2e-integer-bad'],
		['count', 'integer', '3.5'],
	]),
};

/** @type {import('../run').E2eCase[]} */
module.exports = [
	{
		name: 'fileIn',
		workflows: (env) => [
			manualInvokeWorkflow(
				'file-in',
				'file field from a Code-node binary',
				{ mode: 'sync', inputSource: 'fields', inputFields: FILE_IN_FIELDS },
				env.cred.good,
				{
					before: [
						codeNode(
							'Make PDF',
							`return [{ json: { marker: 'e2e-file-in' }, binary: { data: { data: ${JSON.stringify(PDF.toString('base64'))}, mimeType: 'application/pdf', fileName: 'invoice.pdf' } } }];`,
						),
					],
				},
			),
		],
		async run(t, env) {
			const r = await env.execute('file-in');
			t.exitCode(r, 0);
			const run = (r.output('GPTBots') || [])[0]?.json || {};
			t.equal('status SUCCEED', run.status, 'SUCCEED');
			const record = env.sim.state.runs.get(run.workflowRunId);
			t.deepEqual(
				'GPTBots received the file object: format from the name, the exact bytes (size + sha256)',
				record?.run?.input,
				{
					marker: 'e2e-file-in',
					doc: { format: 'pdf', name: 'invoice.pdf', bytes: PDF.length, sha256: sha256(PDF) },
					pages: 3,
				},
			);
			const request = env.sim.state.requests.find((q) => q.runId === run.workflowRunId);
			t.equal(
				'it came as base64_content (the simulator checked and decoded it)',
				request?.body?.input?.doc?.sha256,
				sha256(PDF),
			);
			t.check(
				'the output item holds no base64 copy of the file',
				!JSON.stringify(run).includes(PDF.toString('base64')),
				'base64 found in the output',
			);
		},
	},
	{
		name: 'fileOut',
		workflows: (env) => [
			manualInvokeWorkflow(
				'file-out',
				'output file URL downloaded into a binary',
				{
					mode: 'sync',
					inputSource: 'json',
					inputJson: JSON.stringify({
						__outputFiles: {
							report: { name: OUT_NAME, bytes: OUT_BYTES },
							missing: { name: 'gone.pdf', status: 404 },
						},
					}),
					options: { downloadFiles: 'fields', downloadFields: 'report, missing' },
				},
				env.cred.good,
				{ after: [readBackNode('Read Back', 'report')] },
			),
		],
		async run(t, env) {
			const r = await env.execute('file-out');
			t.exitCode(r, 0);
			const item = (r.output('GPTBots') || [])[0];
			t.deepEqual(
				'the binary property "report" carries file name and MIME type',
				{ fileName: item?.binary?.report?.fileName, mimeType: item?.binary?.report?.mimeType },
				{ fileName: OUT_NAME, mimeType: 'application/pdf' },
			);
			t.equal('status SUCCEED, data kept', item?.json?.status, 'SUCCEED');
			t.deepEqual(
				'the failed download is reported on the item',
				(item?.json?.fileErrors || []).map(
					(/** @type {{ field: string, error: string }} */ e) => `${e.field}: ${e.error}`,
				),
				['missing: download failed: the server answered HTTP 404'],
			);
			const back = (r.output('Read Back') || [])[0]?.json || {};
			t.equal('the next node reads the right number of bytes', back.bytes, OUT_BYTES);
			t.check(
				'the next node reads exactly the bytes the URL served',
				back.base64 === fileContent(OUT_NAME, OUT_BYTES).toString('base64'),
				`got ${String(back.base64).slice(0, 40)}…`,
			);
		},
	},
	{
		name: 'integerBad',
		workflows: (env) => [
			manualInvokeWorkflow('integer-bad', 'integer field given 3.5', INTEGER_BAD, env.cred.good),
		],
		async run(t, env) {
			const { message } = await executeFailing(t, env, 'integer-bad');
			t.match(
				'the error names the field, the value and the item',
				message,
				/^Input Fields › field 1 \(count\): expected a whole number, got string "3\.5" \[item 0\]$/,
			);
			const sent = env.sim.state.requests.filter(
				(q) => q.body?.input?.marker === 'e2e-integer-bad',
			);
			t.equal('nothing was sent to GPTBots for the item', sent.length, 0);
		},
	},
];
