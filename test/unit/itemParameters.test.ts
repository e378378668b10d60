import type { IExecuteFunctions, INodeParameters } from 'n8n-workflow';

import {
	getItemParameter,
	holdsExpression,
	savedParameterAt,
} from '../../nodes/GptBots/shared/itemParameters';

describe('savedParameterAt', () => {
	const parameters = { inputFields: { field: [{ name: 'a' }] }, userId: 'u1' };

	it('follows a dotted path', () => {
		expect(savedParameterAt(parameters, 'inputFields.field')).toEqual([{ name: 'a' }]);
		expect(savedParameterAt(parameters, 'userId')).toBe('u1');
	});

	it('is undefined where nothing is saved', () => {
		expect(savedParameterAt(parameters, 'webhooks.webhook')).toBeUndefined();
		expect(savedParameterAt(parameters, 'userId.x')).toBeUndefined();
	});
});

describe('holdsExpression', () => {
	it.each([
		['={{ $json.a }}', true],
		['=plain after =', true],
		['a = b', false],
		['{{ not an expression without "=" }}', false],
		[undefined, false],
		[3, false],
		[{ field: [{ name: 'a', value: 'x' }] }, false],
		[{ field: [{ name: 'a', value: '={{ $json.a }}' }] }, true],
		[[['deep', ['=1']]], true],
	])('%j → %s', (value, expected) => {
		expect(holdsExpression(value)).toBe(expected);
	});
});

/** A context whose getNodeParameter resolves "=item" to the item's index and counts its calls. */
function countingContext(parameters: INodeParameters) {
	const getNodeParameter = jest.fn((name: string, itemIndex: number, fallback?: unknown) => {
		const saved = savedParameterAt(parameters, name);
		if (saved === undefined) return fallback;
		return saved === '=item' ? `item ${itemIndex}` : saved;
	});
	const ctx = { getNode: () => ({ parameters }), getNodeParameter } as unknown as IExecuteFunctions;
	return { ctx, getNodeParameter };
}

describe('getItemParameter', () => {
	it('reads a parameter without an expression once per execution', () => {
		const { ctx, getNodeParameter } = countingContext({ inputSource: 'item', userId: '' });
		const values = [0, 1, 2].map((i) => [
			getItemParameter(ctx, 'inputSource', i),
			getItemParameter(ctx, 'userId', i, ''),
		]);
		expect(values).toEqual([
			['item', ''],
			['item', ''],
			['item', ''],
		]);
		expect(getNodeParameter).toHaveBeenCalledTimes(2);
	});

	it('reads a parameter holding an expression for every item', () => {
		const { ctx, getNodeParameter } = countingContext({ userId: '=item' });
		expect([0, 1, 2].map((i) => getItemParameter(ctx, 'userId', i, ''))).toEqual([
			'item 0',
			'item 1',
			'item 2',
		]);
		expect(getNodeParameter).toHaveBeenCalledTimes(3);
	});

	it('keeps a missing parameter’s fallback once read, and nothing between executions', () => {
		const first = countingContext({});
		expect(getItemParameter(first.ctx, 'webhooks.webhook', 0, [])).toEqual([]);
		expect(getItemParameter(first.ctx, 'webhooks.webhook', 1, [])).toEqual([]);
		expect(first.getNodeParameter).toHaveBeenCalledTimes(1);
		const second = countingContext({ webhooks: { webhook: [{ url: 'https://a.example' }] } });
		expect(getItemParameter(second.ctx, 'webhooks.webhook', 0, [])).toEqual([
			{ url: 'https://a.example' },
		]);
	});

	it('does not keep a read that threw', () => {
		const { ctx, getNodeParameter } = countingContext({ inputSource: 'json' });
		getNodeParameter.mockImplementationOnce(() => {
			throw new Error('boom');
		});
		expect(() => getItemParameter(ctx, 'inputSource', 0)).toThrow('boom');
		expect(getItemParameter(ctx, 'inputSource', 1)).toBe('json');
	});
});
