import type { IDataObject } from 'n8n-workflow';

import { isFileUrl } from './fileFormats';
import type { DownloadMode } from '../runOptions';
import { isPlainObject, setInputValue } from '../values';

/** One file of a run's output to download: where it is and the binary property it goes to. */
export interface OutputFile {
	/** Where in `output` it was found, e.g. "images[1]". */
	field: string;
	url: string;
	property: string;
}

/** A problem with a named field (missing, not a URL) or a download, kept on the item. */
export interface FileProblem {
	field: string;
	url?: string;
	error: string;
}

function propertyName(path: string): string {
	return (
		path
			.replace(/\[(\d+)\]/g, '_$1')
			.replace(/[^A-Za-z0-9_]+/g, '_')
			.replace(/^_+|_+$/g, '') || 'file'
	);
}

function readPath(output: IDataObject, path: string): unknown {
	if (Object.prototype.hasOwnProperty.call(output, path)) return output[path];
	let value: unknown = output;
	for (const key of path.split('.')) {
		if (!isPlainObject(value) || !Object.prototype.hasOwnProperty.call(value, key))
			return undefined;
		value = value[key];
	}
	return value;
}

function isHttpUrl(value: unknown): value is string {
	return typeof value === 'string' && /^https?:\/\/\S+$/i.test(value.trim());
}

/** Every string in `value` that is an http(s) URL ending in a known file extension, with its path. */
function collectFileUrls(value: unknown, path: string, found: OutputFile[]): void {
	if (isFileUrl(value)) {
		found.push({ field: path, url: value.trim(), property: propertyName(path) });
	} else if (Array.isArray(value)) {
		value.forEach((entry, index) => collectFileUrls(entry, `${path}[${index}]`, found));
	} else if (isPlainObject(value)) {
		for (const [key, entry] of Object.entries(value))
			collectFileUrls(entry, path ? `${path}.${key}` : key, found);
	}
}

/**
 * The files to download from a run's `output`: those in the named fields (a URL or a list of
 * URLs each; a list's files go to name_0, name_1, …), or every file URL. Fields that hold no URL
 * are problems to report, not reasons to fail the item.
 */
export function findOutputFiles(
	output: unknown,
	mode: DownloadMode,
	fields: string[],
): { files: OutputFile[]; problems: FileProblem[] } {
	const files: OutputFile[] = [];
	const problems: FileProblem[] = [];
	if (mode === 'none') return { files, problems };
	const object = isPlainObject(output) ? output : {};
	if (mode === 'allUrls') {
		collectFileUrls(object, '', files);
	} else {
		for (const field of fields) {
			const value = readPath(object, field);
			const list = Array.isArray(value) ? value : [value];
			if (value === undefined || (Array.isArray(value) && value.length === 0)) {
				problems.push({
					field,
					error: `the output has no field "${field}"${Array.isArray(value) ? ' entries' : ''}`,
				});
				continue;
			}
			list.forEach((entry, index) => {
				const path = Array.isArray(value) ? `${field}[${index}]` : field;
				const url = isPlainObject(entry) && isHttpUrl(entry.url) ? entry.url : entry;
				if (isHttpUrl(url))
					files.push({ field: path, url: url.trim(), property: propertyName(path) });
				else problems.push({ field: path, error: `holds no http(s) URL` });
			});
		}
	}
	// The same file under two fields is fetched once, into the first one's property.
	const seen = new Set<string>();
	return { files: files.filter((file) => !seen.has(file.url) && !!seen.add(file.url)), problems };
}

function holdsFileContent(value: unknown): boolean {
	if (Array.isArray(value)) return value.some(holdsFileContent);
	return isPlainObject(value) && typeof value.base64_content === 'string';
}

/**
 * A run's echoed `input` without the base64 of the files it was sent: GPTBots may repeat them,
 * and every output item would then hold its files again, in memory and in the execution log.
 */
export function withoutFileContents(run: IDataObject): IDataObject {
	if (!isPlainObject(run.input)) return run;
	// Most runs send no file: then the run is kept as it is, not copied per item.
	if (!Object.values(run.input).some(holdsFileContent)) return run;
	const strip = (value: unknown): unknown => {
		if (Array.isArray(value)) return value.map(strip);
		if (!isPlainObject(value)) return value;
		if (typeof value.base64_content === 'string') {
			const { base64_content: content, ...rest } = value;
			return { ...rest, bytes: Buffer.byteLength(content as string, 'base64') };
		}
		return value;
	};
	const input: IDataObject = {};
	for (const [key, value] of Object.entries(run.input)) setInputValue(input, key, strip(value));
	return { ...run, input };
}
