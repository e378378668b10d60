'use strict';

const crypto = require('node:crypto');
const path = require('node:path');

const { isPlainObject } = require('./http-utils');

/**
 * Files in and out of the simulated workflow.
 *
 * In: a Start-node value that is a file object (`{format, name?, base64_content}` or
 * `{format, name?, url}`), or an array of them, is checked as GPTBots would: a format from its
 * published lists, base64 that decodes, a size within `maxFileBytes`. What the run keeps (and
 * echoes) is the file object without its content, plus `bytes` and `sha256` of what arrived.
 *
 * Out: `input.__outputFiles: {field: spec | [spec, …]}` (or the option `outputFiles`, for runs
 * whose input has none) makes the run's output carry, under each
 * field, URLs of files this simulator serves itself at `/files/<name>?bytes=N[&status=N]`. A spec
 * is a file name ("report.pdf", 1024 bytes) or `{name, bytes, status}`. The bytes are a pure
 * function of name and size (`fileContent`), so a test can check what it downloaded.
 */

/**
 * The formats a Start node accepts, per category (GPTBots' "Variables" page, "Supported formats
 * include"): the node's own table, as built into dist/ (`npm run build`), so that the two never
 * drift apart.
 * @type {Readonly<Record<string, readonly string[]>>}
 */
const FILE_FORMATS = builtFileFormats();
const KNOWN_FORMATS = new Set(Object.values(FILE_FORMATS).flat());

/** @returns {Readonly<Record<string, readonly string[]>>} */
function builtFileFormats() {
	const built = path.join(__dirname, '../dist/nodes/GptBots/shared/files/fileFormats.js');
	try {
		/** @type {typeof import('../nodes/GptBots/shared/files/fileFormats')} */
		const formats = require(built);
		return formats.FILE_FORMATS;
	} catch (error) {
		throw new Error(
			`The simulator reads the node's file formats from ${built}: run \`npm run build\` first (${/** @type {Error} */ (error).message})`,
		);
	}
}
/** @type {Record<string, string>} */
const CONTENT_TYPES = {
	pdf: 'application/pdf',
	txt: 'text/plain',
	md: 'text/markdown',
	png: 'image/png',
	csv: 'text/csv',
	html: 'text/html',
};
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const DEFAULT_OUTPUT_BYTES = 1024;

/**
 * Own-property assignment: an input key may be "__proto__".
 * @param {object} target
 * @param {string} key
 * @param {unknown} value
 */
function setOwn(target, key, value) {
	Object.defineProperty(target, key, {
		value,
		enumerable: true,
		writable: true,
		configurable: true,
	});
}

/**
 * A file object as a client sends it (its JSON: any).
 * @typedef {Record<string, any>} FileObject
 */

/**
 * @param {unknown} value
 * @returns {value is FileObject}
 */
function isFileObject(value) {
	return (
		isPlainObject(value) &&
		typeof value.format === 'string' &&
		('base64_content' in value || 'url' in value)
	);
}

/**
 * A problem with one file object, or null.
 * @param {FileObject} file
 * @param {string} where
 * @param {number} maxFileBytes
 */
function fileProblem(file, where, maxFileBytes) {
	if (!KNOWN_FORMATS.has(file.format)) return `${where}: unknown file format "${file.format}"`;
	if (file.name !== undefined && typeof file.name !== 'string')
		return `${where}.name must be a string`;
	if ('url' in file && !('base64_content' in file)) {
		return typeof file.url === 'string' && /^https?:\/\//i.test(file.url)
			? null
			: `${where}.url must be an http(s) URL`;
	}
	const content = file.base64_content;
	if (typeof content !== 'string' || content.length === 0)
		return `${where}.base64_content must be a non-empty string`;
	if (content.length % 4 !== 0 || !BASE64.test(content))
		return `${where}.base64_content is not valid base64`;
	const bytes = Buffer.byteLength(content, 'base64');
	if (bytes > maxFileBytes) return `${where} is ${bytes} bytes, over the limit of ${maxFileBytes}`;
	return null;
}

/**
 * The file as the run keeps and echoes it: everything but the content, plus its size and hash.
 * @param {FileObject} file
 * @returns {Record<string, any>}
 */
function fileSummary(file) {
	if (typeof file.base64_content !== 'string') return { ...file };
	const { base64_content: content, ...rest } = file;
	const buffer = Buffer.from(content, 'base64');
	return {
		...rest,
		bytes: buffer.length,
		sha256: crypto.createHash('sha256').update(buffer).digest('hex'),
	};
}

/**
 * Checks every file object among the input's values. Returns `{input}` (files summarised) or
 * `{error: {status, code, message}}` (400, code 40004).
 * @param {Record<string, any>} input
 * @param {{ maxFileBytes: number }} options
 * @returns {{ input: Record<string, any>, error?: undefined }
 *   | { error: import('./validation').Failure, input?: undefined }}
 */
function checkFileInputs(input, { maxFileBytes }) {
	/** @type {Record<string, any>} */
	const checked = {};
	for (const [key, value] of Object.entries(input)) {
		const list =
			Array.isArray(value) && value.some(isFileObject)
				? value
				: isFileObject(value)
					? [value]
					: null;
		if (!list) {
			setOwn(checked, key, value);
			continue;
		}
		for (let i = 0; i < list.length; i++) {
			const where = Array.isArray(value) ? `input.${key}[${i}]` : `input.${key}`;
			const file = list[i];
			const problem = isFileObject(file)
				? fileProblem(file, where, maxFileBytes)
				: `${where} is not a file object`;
			if (problem) return { error: { status: 400, code: 40004, message: problem } };
		}
		setOwn(checked, key, Array.isArray(value) ? value.map(fileSummary) : fileSummary(value));
	}
	return { input: checked };
}

/**
 * A request body as the records keep it: file contents replaced by their summaries.
 * @param {unknown} body the request's JSON
 */
function summariseBodyFiles(body) {
	if (!isPlainObject(body) || !isPlainObject(body.input)) return body;
	/** @type {Record<string, unknown>} */
	const input = {};
	for (const [key, value] of Object.entries(body.input)) {
		setOwn(
			input,
			key,
			Array.isArray(value)
				? value.map((v) => (isFileObject(v) ? fileSummary(v) : v))
				: isFileObject(value)
					? fileSummary(value)
					: value,
		);
	}
	return { ...body, input };
}

/**
 * The bytes served for `name` at size `bytes`: a short text header, then a repeating text pattern.
 * @param {string} name
 * @param {number} bytes
 */
function fileContent(name, bytes) {
	const buffer = Buffer.alloc(bytes);
	const header = Buffer.from(`simulated file ${name}\n`);
	header.copy(buffer, 0, 0, Math.min(header.length, bytes));
	// Printable ASCII with a newline every 64 bytes, so a text extractor can read it too.
	for (let i = header.length; i < bytes; i++)
		buffer[i] = i % 64 === 63 ? 10 : 32 + ((i * 31 + name.length) % 95);
	return buffer;
}

/**
 * The output fields that `__outputFiles` asks for, as URLs on this simulator.
 * @param {unknown} spec
 * @param {string | undefined} baseUrl
 * @returns {Record<string, string | string[]>}
 */
function outputFileFields(spec, baseUrl) {
	if (!isPlainObject(spec) || !baseUrl) return {};
	/** @param {string | { name?: string, bytes?: number, status?: number } | null} entry */
	const urlFor = (entry) => {
		const {
			name,
			bytes = DEFAULT_OUTPUT_BYTES,
			status,
		} = typeof entry === 'string' ? { name: entry } : (entry ?? {});
		const query = new URLSearchParams({ bytes: String(bytes) });
		if (status) query.set('status', String(status));
		return `${baseUrl}/files/${encodeURIComponent(String(name))}?${query}`;
	};
	/** @type {Record<string, string | string[]>} */
	const fields = {};
	for (const [field, value] of Object.entries(spec))
		fields[field] = Array.isArray(value) ? value.map(urlFor) : urlFor(value);
	return fields;
}

const MAX_SERVED_BYTES = 256 * 1024 * 1024;

/**
 * GET /files/<name>?bytes=N[&status=N]: the file `fileContent` makes, or the status asked for.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 */
function serveFile(req, res, url) {
	const name = decodeURIComponent(url.pathname.slice('/files/'.length));
	const bytes = Number(url.searchParams.get('bytes') ?? DEFAULT_OUTPUT_BYTES);
	const status = Number(url.searchParams.get('status') ?? 200);
	if (
		req.method !== 'GET' ||
		!name ||
		!Number.isInteger(bytes) ||
		bytes < 0 ||
		bytes > MAX_SERVED_BYTES
	) {
		res.writeHead(400, { 'Content-Type': 'text/plain' });
		res.end('bad file request');
		return;
	}
	if (status !== 200) {
		res.writeHead(status, { 'Content-Type': 'text/plain' });
		res.end(`simulated HTTP ${status}`);
		return;
	}
	const extension = name.includes('.') ? (name.split('.').pop() ?? '').toLowerCase() : '';
	res.writeHead(200, {
		'Content-Type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
		'Content-Length': bytes,
	});
	res.end(fileContent(name, bytes));
}

module.exports = {
	FILE_FORMATS,
	checkFileInputs,
	fileContent,
	fileProblem,
	fileSummary,
	outputFileFields,
	serveFile,
	summariseBodyFiles,
};
