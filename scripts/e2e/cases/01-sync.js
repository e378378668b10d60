// @ts-check
'use strict';
// Sync invoke with one field of every type: the simulator echoes the input in output.echo, so the
// exact JSON types that reached GPTBots can be asserted.
const { fields, manualInvokeWorkflow } = require('../../lib/builders');
const { executeOneItem } = require('../executeOneItem');

/** @type {Array<[name: string, type: string, value: string]>} */
const FIELDS = [
	['text', 'string', 'hello "world" ✓'],
	['digits', 'string', '007'],
	['count', 'number', '42.5'],
	['negative', 'number', '-3'],
	['flag', 'boolean', 'true'],
	['off', 'boolean', 'false'],
	['payload', 'json', '{"a":[1,2,{"b":null}],"c":"x"}'],
	['list', 'json', '[1,"two",false]'],
];
const EXPECTED_INPUT = {
	text: 'hello "world" ✓',
	digits: '007',
	count: 42.5,
	negative: -3,
	flag: true,
	off: false,
	payload: { a: [1, 2, { b: null }], c: 'x' },
	list: [1, 'two', false],
};

/** @type {import('../run').E2eCase} */
module.exports = {
	name: 'sync',
	workflows: (env) => [
		manualInvokeWorkflow(
			'sync',
			'sync fields of every type',
			{ mode: 'sync', inputSource: 'fields', inputFields: fields(FIELDS), userId: 'e2e-sync' },
			env.cred.good,
		),
	],
	async run(t, env) {
		const { items } = await executeOneItem(t, env, 'sync');
		const run = items[0]?.json || {};
		t.equal('status SUCCEED', run.status, 'SUCCEED');
		t.match('workflowRunId is a string', run.workflowRunId, /^\S+$/);
		t.deepEqual('output.echo is the input with exact types', run.output?.echo, EXPECTED_INPUT);
		t.deepEqual('input is echoed at top level too', run.input, EXPECTED_INPUT);
		t.deepEqual(
			'types: string,string,number,number,boolean,boolean,object,array',
			Object.values(run.output?.echo || {}).map((v) => (Array.isArray(v) ? 'array' : typeof v)),
			['string', 'string', 'number', 'number', 'boolean', 'boolean', 'object', 'array'],
		);
		t.deepEqual('pairedItem points at item 0', items[0]?.pairedItem, { item: 0 });
		const record = env.sim.state.runs.get(run.workflowRunId);
		t.equal(
			'the simulator recorded the run with userId e2e-sync, not async',
			record && `${record.userId}/${record.isAsync}`,
			'e2e-sync/false',
		);
	},
};
