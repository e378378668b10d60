import { buildInputFromFields, buildWorkflowInput, convertFieldValue, parseInputJson } from '../../nodes/GptBots/helpers/workflowInput';

describe('convertFieldValue', () => {
	it('converts each type', () => {
		expect(convertFieldValue(42, 'string', 'f')).toBe('42');
		expect(convertFieldValue({ a: 1 }, 'string', 'f')).toBe('{"a":1}');
		expect(convertFieldValue(undefined, 'string', 'f')).toBe('');
		expect(convertFieldValue(' 3.5 ', 'number', 'f')).toBe(3.5);
		expect(convertFieldValue(7, 'number', 'f')).toBe(7);
		expect(convertFieldValue('TRUE', 'boolean', 'f')).toBe(true);
		expect(convertFieldValue('0', 'boolean', 'f')).toBe(false);
		expect(convertFieldValue(false, 'boolean', 'f')).toBe(false);
		expect(convertFieldValue('{"x":[1,2]}', 'json', 'f')).toEqual({ x: [1, 2] });
		expect(convertFieldValue('[1]', 'json', 'f')).toEqual([1]);
		expect(convertFieldValue({ already: 'object' }, 'json', 'f')).toEqual({ already: 'object' });
	});

	it.each([
		['abc', 'number', /f: expected a number, got string "abc"/],
		['', 'number', /expected a number/],
		['Infinity', 'number', /expected a number/],
		['maybe', 'boolean', /f: expected true or false, got string "maybe"/],
		['{bad', 'json', /f: is not valid JSON/],
		['x', 'date', /f: unknown type "date"/],
	])('refuses %p as %s', (value, type, message) => {
		expect(() => convertFieldValue(value, type as never, 'f')).toThrow(message);
	});
});

describe('buildInputFromFields', () => {
	it('builds the input object in order', () => {
		expect(
			buildInputFromFields([
				{ name: 'topic', type: 'string', value: 'news' },
				{ name: ' count ', type: 'number', value: '3' },
				{ name: 'flag', type: 'boolean', value: 'true' },
				{ name: 'meta', type: 'json', value: '{"a":1}' },
			]),
		).toEqual({ topic: 'news', count: 3, flag: true, meta: { a: 1 } });
	});

	it('names the field on an empty or duplicate name and a bad value', () => {
		expect(() => buildInputFromFields([{ name: '', value: 'x' }])).toThrow('Input Fields › field 1: the name is empty');
		expect(() => buildInputFromFields([{ name: 'a', value: '1' }, { name: 'a', value: '2' }])).toThrow(
			'Input Fields › field 2 (a): the name "a" is used twice',
		);
		expect(() => buildInputFromFields([{ name: 'age', type: 'number', value: 'old' }])).toThrow(
			'Input Fields › field 1 (age): expected a number, got string "old"',
		);
	});
});

describe('parseInputJson and buildWorkflowInput', () => {
	it('accepts a JSON object as text or value', () => {
		expect(parseInputJson('{"q": "hi"}')).toEqual({ q: 'hi' });
		expect(parseInputJson({ q: 'hi' })).toEqual({ q: 'hi' });
	});

	it.each([
		['[1,2]', /must be a JSON object, got an array/],
		['"text"', /must be a JSON object, got string/],
		['null', /must be a JSON object, got null/],
		['{"a":', /is not valid JSON/],
		['  ', /is empty/],
	])('refuses %p', (value, message) => {
		expect(() => parseInputJson(value)).toThrow(message);
		expect(() => parseInputJson(value)).toThrow(/^Input \(JSON\)/);
	});

	it('uses the incoming item as a copy', () => {
		const item = { a: 1 };
		const input = buildWorkflowInput('item', { item });
		expect(input).toEqual({ a: 1 });
		expect(input).not.toBe(item);
		expect(buildWorkflowInput('fields', { fields: [] })).toEqual({});
		expect(() => buildWorkflowInput('other' as never, {})).toThrow('Input Source: unknown value "other"');
	});
});
