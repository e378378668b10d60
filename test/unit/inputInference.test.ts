import {
	convertMappedValue,
	fromAiKey,
	isBinaryReference,
	mappedFields,
} from '../../nodes/GptBots/workflow/invoke/mappedFields';
import {
	inferRecentInputs,
	inputMismatch,
	mergeTypes,
	valueType,
} from '../../nodes/GptBots/workflow/methods/inputInference';
import { convertFieldValue } from '../../nodes/GptBots/workflow/invoke/fieldTypes';

function thrownBy(act: () => unknown): string {
	try {
		act();
	} catch (error) {
		return (error as Error).message;
	}
	return 'nothing thrown';
}

describe('inference', () => {
	it('types values and merges them across runs', () => {
		expect(
			[1, 1.5, 'a', true, [1], { a: 1 }, { format: 'pdf', url: 'u' }, null].map(valueType),
		).toEqual(['integer', 'number', 'string', 'boolean', 'array', 'object', 'file', undefined]);
		expect(mergeTypes(['integer', 'number'])).toBe('number');
		expect(mergeTypes(['file', 'object'])).toBe('object');
		expect(mergeTypes(['string', 'integer'])).toBe('mixed');
		expect(mergeTypes([])).toBe('string');
	});
	it('skips rows whose input is not a JSON object and ignores null values for the type', () => {
		const recent = inferRecentInputs([
			{ input: 'not json' },
			{ input: '[1]' },
			{ input: '{"a":null}' },
			{ input: { a: 2 } },
		]);
		expect(recent.runsRead).toBe(2);
		expect(recent.fields).toEqual([
			{
				name: 'a',
				type: 'integer',
				seenTypes: ['integer'],
				runs: 2,
				always: true,
				stale: false,
				examples: ['2'],
			},
		]);
	});
	it('checks an input only when there are runs to compare with', () => {
		const recent = inferRecentInputs([{ input: { a: 1, b: 2 } }, { input: { a: 1 } }]);
		expect(inputMismatch({ a: 1 }, recent)).toBeUndefined();
		expect(inputMismatch({ a: 1, b: 1 }, recent)).toBeUndefined();
		expect(inputMismatch({ b: 1 }, recent)).toBe(
			'the input lacks "a", sent by every one of the last 2 runs',
		);
		expect(inputMismatch({ anything: 1 }, inferRecentInputs([]))).toBeUndefined();
	});
});

describe('mapped values', () => {
	it('converts like Fields mode and leaves empty values out', () => {
		expect(convertMappedValue('3', 'number', 'f')).toBe(3);
		expect(convertMappedValue('', 'number', 'f')).toBeUndefined();
		expect(convertMappedValue('', 'string', 'f')).toBe('');
		expect(convertMappedValue(null, 'string', 'f')).toBeUndefined();
		expect(convertMappedValue({ format: 'png', url: 'u' }, 'url', 'f')).toEqual({
			format: 'png',
			url: 'u',
		});
		expect(() => convertMappedValue('data', 'url', 'f')).toThrow(
			'f: expected an http(s) URL of a file, got string "data"',
		);
		expect(convertMappedValue('https://h/r/a%20b.pdf', 'url', 'f')).toEqual({
			format: 'pdf',
			name: 'a b.pdf',
			url: 'https://h/r/a%20b.pdf',
		});
		expect(() => convertMappedValue('x', 'number', 'f')).toThrow(
			'f: expected a number, got string "x"',
		);
	});
	it('takes a file URL by the same rule as a fileUrl field: a known format, or nothing is sent', () => {
		for (const url of ['https://h/download', 'https://h/a.xyz']) {
			const asMapped = () => convertMappedValue(url, 'url', 'f');
			const asField = () => convertFieldValue(url, 'fileUrl', 'f');
			expect(asMapped).toThrow(
				/^f: the URL's file name "(download|a\.xyz)" has (no extension|format "xyz"); GPTBots accepts Doc: /,
			);
			expect(thrownBy(asMapped)).toBe(thrownBy(asField));
		}
	});

	it('lists the set fields with their saved types; a file field naming no URL is a binary property', () => {
		const fields = mappedFields({
			value: JSON.parse(
				'{"__proto__":{"polluted":1},"n":"1","doc":"data","link":"https://h/a.pdf"}',
			),
			schema: [
				{ id: 'n', type: 'number' },
				{ id: 'doc', type: 'url' },
				{ id: 'link', type: 'url' },
			],
		});
		expect(fields.map((field) => [field.name, field.type])).toEqual([
			['__proto__', undefined],
			['n', 'number'],
			['doc', 'url'],
			['link', 'url'],
		]);
		expect(fields.map(isBinaryReference)).toEqual([false, false, true, false]);
		expect(fields[1].label).toBe('Fields from Recent Runs › n');
	});
	it('makes $fromAI keys from field names', () => {
		expect(fromAiKey('user name.x')).toBe('user_name_x');
		expect(fromAiKey('')).toBe('field');
	});
});
