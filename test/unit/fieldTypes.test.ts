import {
	convertFieldValue,
	namedFields,
	parseInputJson,
} from '../../nodes/GptBots/workflow/invoke/fieldTypes';

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
		expect(convertFieldValue(' -42 ', 'integer', 'f')).toBe(-42);
		expect(convertFieldValue(7, 'integer', 'f')).toBe(7);
		expect(convertFieldValue('[1,"a"]', 'array', 'f')).toEqual([1, 'a']);
		expect(convertFieldValue(['x'], 'array', 'f')).toEqual(['x']);
		expect(convertFieldValue('{"a":{"b":1}}', 'object', 'f')).toEqual({ a: { b: 1 } });
		expect(convertFieldValue({ a: 1 }, 'object', 'f')).toEqual({ a: 1 });
		expect(
			convertFieldValue(' https://cdn.example.com/files/Q3%20report.PDF?sig=1 ', 'fileUrl', 'f'),
		).toEqual({
			format: 'pdf',
			name: 'Q3 report.PDF',
			url: 'https://cdn.example.com/files/Q3%20report.PDF?sig=1',
		});
	});

	it.each([
		['abc', 'number', /f: expected a number, got string "abc"/],
		['', 'number', /expected a number/],
		['Infinity', 'number', /expected a number/],
		['maybe', 'boolean', /f: expected true or false, got string "maybe"/],
		['{bad', 'json', /f: is not valid JSON/],
		['x', 'date', /f: unknown type "date"/],
		['3.5', 'integer', /f: expected a whole number, got string "3.5"/],
		['3e2x', 'integer', /f: expected a whole number, got string "3e2x"/],
		['', 'integer', /expected a whole number/],
		[2.5, 'integer', /expected a whole number, got number 2.5/],
		['99999999999999999999', 'integer', /expected a whole number/],
		[
			'{"a":1}',
			'array',
			/f: expected a JSON array such as \["a", "b"\], got an object with the fields a$/,
		],
		['[1', 'array', /f: is not valid JSON/],
		['[1]', 'object', /f: expected a JSON object such as \{"a": 1\}, got an array/],
		['"s"', 'object', /expected a JSON object/],
		['ftp://host/a.pdf', 'fileUrl', /f: expected an http\(s\) URL of a file/],
		['not a url', 'fileUrl', /expected an http\(s\) URL/],
		[
			'https://host/run.exe',
			'fileUrl',
			/f: the URL's file name "run.exe" has format "exe"; GPTBots accepts Doc: doc, docx, pdf/,
		],
		['https://host/download', 'fileUrl', /has no extension/],
		['data', 'file', /type "file" needs the incoming item's binary data/],
	])('refuses %p as %s', (value, type, message) => {
		expect(() => convertFieldValue(value, type as never, 'f')).toThrow(message);
	});
});

describe('namedFields', () => {
	it('trims the names, keeps the order and labels each field', () => {
		expect(
			namedFields([
				{ name: 'topic', type: 'string', value: 'news' },
				{ name: ' count ', type: 'number', value: '3' },
				{ name: 'note', value: 'x' },
			]),
		).toEqual([
			{ name: 'topic', type: 'string', value: 'news', label: 'Input Fields › field 0 (topic)' },
			{ name: 'count', type: 'number', value: '3', label: 'Input Fields › field 1 (count)' },
			{ name: 'note', type: 'string', value: 'x', label: 'Input Fields › field 2 (note)' },
		]);
	});

	it('names the field on an empty or duplicate name, and its label names a bad value', () => {
		expect(() => namedFields([{ name: '', value: 'x' }])).toThrow(
			'Input Fields › field 0: the name is empty',
		);
		expect(() =>
			namedFields([
				{ name: 'a', value: '1' },
				{ name: 'a', value: '2' },
			]),
		).toThrow('Input Fields › field 1 (a): the name "a" is used twice');
		const [age] = namedFields([{ name: 'age', type: 'number', value: 'old' }]);
		expect(() => convertFieldValue(age.value, age.type, age.label)).toThrow(
			'Input Fields › field 0 (age): expected a number, got string "old"',
		);
	});
});

describe('parseInputJson', () => {
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
});
