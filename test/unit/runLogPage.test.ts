import { isRunFailed, isRunFinished } from '../../nodes/GptBots/shared/runResult';
import { hasNextPage, readRunLogPage } from '../../nodes/GptBots/shared/transport/runLogPage';

const rows = [{ log_id: 'a' }, { log_id: 'b' }];

describe('readRunLogPage: rows wherever the answer puts them', () => {
	it.each([
		['list', { list: rows, total: 12 }, 12],
		['records', { records: rows }, undefined],
		['data (an array)', { code: 0, data: rows, total: '12' }, 12],
		[
			'data.list',
			{ code: 0, message: 'success', data: { total: 12, page: 1, page_size: 10, list: rows } },
			12,
		],
		['data.records', { code: 0, data: { records: rows } }, undefined],
	])('%s', (_label, answer, total) => {
		expect(readRunLogPage(answer)).toEqual(total === undefined ? { rows } : { rows, total });
	});

	it('no rows anywhere is an empty page; rows that are not objects are left out; a bad total is ignored', () => {
		expect(readRunLogPage({ code: 0, data: {} })).toEqual({ rows: [] });
		expect(readRunLogPage({ list: [1, null, { log_id: 'x' }], total: -3 })).toEqual({
			rows: [{ log_id: 'x' }],
		});
	});
});

describe('hasNextPage', () => {
	it('with a total: until that many rows were read', () => {
		expect(hasNextPage({ rows: Array(10).fill({}), total: 25 }, 20, 10)).toBe(true);
		expect(hasNextPage({ rows: Array(5).fill({}), total: 25 }, 25, 10)).toBe(false);
		// a server that caps its page size below ours still pages on while the total says more
		expect(hasNextPage({ rows: Array(20).fill({}), total: 250 }, 40, 100)).toBe(true);
	});

	it('without a total: stops on a short page; an empty page always ends', () => {
		expect(hasNextPage({ rows: Array(10).fill({}) }, 10, 10)).toBe(true);
		expect(hasNextPage({ rows: Array(9).fill({}) }, 19, 10)).toBe(false);
		expect(hasNextPage({ rows: [], total: 100 }, 20, 10)).toBe(false);
	});
});

describe('statuses: unknown ones end a run but are never success', () => {
	it.each([
		['SUCCEED', true, false],
		['FAILED', true, true],
		['PENDING', false, false],
		['RUNNING', false, false],
		['CANCELLED', true, true],
		[undefined, false, false],
		['', false, false],
	])('%p: finished %p, failed %p', (status, finished, failed) => {
		expect(isRunFinished({ status })).toBe(finished);
		expect(isRunFailed({ status })).toBe(failed);
	});
});
