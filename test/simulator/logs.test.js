'use strict';

/** The GPTBots API simulator over real HTTP. The run logs: validation of the query, paging and filters. */

const { useSimulator } = require('./helpers');

jest.setTimeout(20000);

const { sim, invoke, logs } = useSimulator({ asyncDurationMs: 300 });

describe('run logs', () => {
	const base = {
		conversation_type: 'ALL',
		start_time: '0',
		end_time: String(Date.now() + 3600000),
	};

	test.each([
		['conversation_type missing', { start_time: '0', end_time: '1' }, /conversation_type/],
		['conversation_type unknown', { ...base, conversation_type: 'BOT' }, /conversation_type/],
		['start_time missing', { conversation_type: 'API', end_time: '1' }, /start_time/],
		['end_time not a number', { ...base, end_time: 'soon' }, /end_time/],
		['end before start', { ...base, start_time: '10', end_time: '5' }, /end_time/],
		['page 0', { ...base, page: '0' }, /page/],
		['page_size 9', { ...base, page_size: '9' }, /page_size/],
		['page_size 101', { ...base, page_size: '101' }, /page_size/],
	])('%s -> 400', async (_name, params, message) => {
		const res = await logs(params);
		expect(res.status).toBe(400);
		expect(res.json.message).toMatch(message);
	});

	test('seeded runs page newest first, filter by user and time', async () => {
		sim.seedRuns(25, { userId: 'u1', startTime: 1000 });
		sim.seedRuns(3, { userId: 'u2', startTime: 2000 });
		const range = { conversation_type: 'API', start_time: '0', end_time: '5000' };

		const first = await logs(range);
		expect(first.status).toBe(200);
		expect(first.json.code).toBe(0);
		expect(first.json.data).toMatchObject({ total: 28, page: 1, page_size: 10 });
		expect(first.json.data.list).toHaveLength(10);
		expect(
			first.json.data.list
				.slice(0, 3)
				.every((/** @type {{ user_id: string }} */ r) => r.user_id === 'u2'),
		).toBe(true);
		const row = first.json.data.list[0];
		expect(typeof row.input).toBe('string');
		expect(typeof row.output).toBe('string');
		expect(JSON.parse(row.output).echo).toEqual(JSON.parse(row.input));
		expect(row).toMatchObject({ conversation_type: 'API', status: 'SUCCEED', created_at: 2000 });
		expect(row.log_id).toEqual(expect.any(String));
		expect(row.workflow_run_id).toMatch(/^run_/);

		const u1 = await logs({ ...range, user_id: 'u1', page: '3', page_size: '10' });
		expect(u1.json.data.total).toBe(25);
		expect(u1.json.data.list).toHaveLength(5);

		const all = await logs({ ...range, page_size: '100' });
		const ids = all.json.data.list.map(
			(/** @type {{ workflow_run_id: string }} */ r) => r.workflow_run_id,
		);
		expect(new Set(ids).size).toBe(28);
		const pages = [];
		for (let p = 1; p <= 3; p++)
			pages.push(
				...(await logs({ ...range, page: String(p) })).json.data.list.map(
					(/** @type {{ workflow_run_id: string }} */ r) => r.workflow_run_id,
				),
			);
		expect(pages).toEqual(ids); // pages are consistent with one big page

		const early = await logs({ ...range, start_time: '0', end_time: '1500' });
		expect(early.json.data.total).toBe(25);
		expect((await logs({ ...range, conversation_type: 'AGENT' })).json.data.total).toBe(0);
	});

	test('invoked runs are listed with their user', async () => {
		const { json } = await invoke({ userId: 'alice', input: { k: 1 } });
		const res = await logs({ ...base, user_id: 'alice' });
		expect(res.json.data.total).toBe(1);
		expect(res.json.data.list[0].workflow_run_id).toBe(json.workflowRunId);
		expect(JSON.parse(res.json.data.list[0].input)).toEqual({ k: 1 });
	});
});
