import type { IBinaryData, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { InvalidParameterError } from '../errors';
import { describe } from '../values';
import {
	describeFileFormats,
	extensionOf,
	fileNameFromUrl,
	formatOf,
	isKnownFormat,
} from './fileFormats';

export interface FileLimits {
	maxFileBytes: number;
}

export function formatBytes(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function binariesOf(ctx: IExecuteFunctions, itemIndex: number): Record<string, IBinaryData> {
	return ctx.getInputData()[itemIndex]?.binary ?? {};
}

/** The size n8n knows without reading the file: its byte count, its metadata, or the base64 length. */
async function knownSize(ctx: IExecuteFunctions, binary: IBinaryData): Promise<number | undefined> {
	if (typeof binary.bytes === 'number') return binary.bytes;
	if (binary.id) {
		const metadata = await ctx.helpers.getBinaryMetadata(binary.id);
		return typeof metadata.fileSize === 'number' ? metadata.fileSize : undefined;
	}
	if (typeof binary.data === 'string') {
		const padding = binary.data.endsWith('==') ? 2 : binary.data.endsWith('=') ? 1 : 0;
		return Math.floor((binary.data.length * 3) / 4) - padding;
	}
	return undefined;
}

/**
 * One binary property of the item as a GPTBots file object `{format, name, base64_content}`.
 * Everything that can be checked is checked before the file is read; the data comes through
 * n8n's helper, so filesystem and S3 binary modes work. Throws InvalidParameterError naming
 * `label`, the property and what is allowed.
 */
export async function readFileInput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	property: string,
	label: string,
	limits: FileLimits,
): Promise<IDataObject> {
	const binaries = binariesOf(ctx, itemIndex);
	const binary = Object.prototype.hasOwnProperty.call(binaries, property)
		? binaries[property]
		: undefined;
	if (!binary) {
		const present = Object.keys(binaries);
		throw new InvalidParameterError(
			label,
			`the item has no binary property "${property}"; ${present.length ? `it has: ${present.join(', ')}` : 'it has no binary data at all'}`,
		);
	}
	const name =
		binary.fileName ?? `${property}${binary.fileExtension ? `.${binary.fileExtension}` : ''}`;
	const format = formatOf(binary.fileName, binary.mimeType, binary.fileExtension);
	const what = `file "${name}" (binary property "${property}")`;
	if (!isKnownFormat(format)) {
		throw new InvalidParameterError(
			label,
			`${what} has ${format ? `format "${format}"` : `no recognisable format (MIME type ${binary.mimeType || 'none'})`}; GPTBots accepts ${describeFileFormats()}`,
		);
	}
	const tooBig = (bytes: number) =>
		new InvalidParameterError(
			label,
			`${what} is ${formatBytes(bytes)}, over Max File Size (${formatBytes(limits.maxFileBytes)}); raise the option or send a smaller file`,
		);
	const size = await knownSize(ctx, binary);
	if (size !== undefined && size > limits.maxFileBytes) throw tooBig(size);
	const buffer = await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
	if (buffer.length === 0) throw new InvalidParameterError(label, `${what} is empty`);
	if (buffer.length > limits.maxFileBytes) throw tooBig(buffer.length);
	return { format, name, base64_content: buffer.toString('base64') };
}

/** Comma-separated binary property names, or every binary property of the item when empty. */
export async function readFilesInput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	label: string,
	limits: FileLimits,
): Promise<IDataObject[]> {
	const names = String(value ?? '')
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
	const properties = names.length ? names : Object.keys(binariesOf(ctx, itemIndex));
	if (properties.length === 0)
		throw new InvalidParameterError(label, 'the item has no binary data to send');
	const files: IDataObject[] = [];
	// One at a time: only one file's bytes are being read at any moment.
	for (const property of properties)
		files.push(await readFileInput(ctx, itemIndex, property, label, limits));
	return files;
}

/** Every binary property of the item as a file object, keyed by the property name. */
export async function readItemBinaries(
	ctx: IExecuteFunctions,
	itemIndex: number,
	limits: FileLimits,
): Promise<Array<[string, IDataObject]>> {
	const entries: Array<[string, IDataObject]> = [];
	for (const property of Object.keys(binariesOf(ctx, itemIndex))) {
		entries.push([
			property,
			await readFileInput(ctx, itemIndex, property, `Incoming Item › binary "${property}"`, limits),
		]);
	}
	return entries;
}

/**
 * A file given by its http(s) URL, as GPTBots' file objects carry it: `{format, name, url}`. The
 * one URL rule, for typed fields and mapped ones: the URL's file name must have a known format
 * (GPTBots would refuse any other), so nothing is sent for a URL that names none.
 */
export function fileFromUrl(value: unknown, field: string): IDataObject {
	const url = typeof value === 'string' ? value.trim() : '';
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
		throw new InvalidParameterError(
			field,
			`expected an http(s) URL of a file, got ${describe(value)}`,
		);
	}
	const name = fileNameFromUrl(url);
	const format = extensionOf(name);
	if (!isKnownFormat(format)) {
		throw new InvalidParameterError(
			field,
			`the URL's file name "${name}" has ${format ? `format "${format}"` : 'no extension'}; GPTBots accepts ${describeFileFormats()}`,
		);
	}
	return { format, name, url };
}
