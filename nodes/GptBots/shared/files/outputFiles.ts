import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
} from 'n8n-workflow';

import { extensionOf, fileNameFromUrl, isKnownFormat, mimeTypeOf } from './fileFormats';
import type { FileProblem, OutputFile } from './outputFileUrls';
import { findOutputFiles } from './outputFileUrls';
import type { RunOptions } from '../runOptions';
import { formatBytes } from './inputFiles';

/** What downloading files needs of n8n: an execution's context or a callback's (webhook). */
export interface FileHelpers {
	helpers: Pick<IExecuteFunctions['helpers'], 'httpRequest' | 'prepareBinaryData'>;
}

/** An output item with binary data: executePerItem passes it on as it is. */
export class ItemWithFiles {
	constructor(
		readonly json: IDataObject,
		readonly binary: IBinaryKeyData,
	) {}
}

/** The node's output item for input item `itemIndex`: its JSON, and its files if it has any. */
export function toOutputItem(
	result: IDataObject | ItemWithFiles,
	itemIndex: number,
): INodeExecutionData {
	const pairedItem = { item: itemIndex };
	return result instanceof ItemWithFiles
		? { json: result.json, binary: result.binary, pairedItem }
		: { json: result, pairedItem };
}

interface Readable {
	on(event: 'data', listener: (chunk: Buffer) => void): unknown;
	once(event: 'end' | 'error', listener: (error?: Error) => void): unknown;
	destroy(): unknown;
}

/** Reads a response stream, giving up (and closing it) as soon as it passes `maxBytes`. */
async function readCapped(stream: Readable, maxBytes: number): Promise<Buffer> {
	return await new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		stream.on('data', (chunk) => {
			size += chunk.length;
			if (size > maxBytes) {
				stream.destroy();
				reject(new Error(`the file is over Max File Size (${formatBytes(maxBytes)})`));
				return;
			}
			chunks.push(chunk);
		});
		stream.once('end', () => resolve(Buffer.concat(chunks)));
		stream.once('error', (error) => reject(error ?? new Error('the download broke off')));
	});
}

/**
 * Fetches one file with n8n's plain HTTP helper: the GPTBots API key is not sent, as a file
 * URL may point at any host.
 */
async function download(
	ctx: FileHelpers,
	file: OutputFile,
	options: RunOptions,
): Promise<IBinaryKeyData[string]> {
	const response = (await ctx.helpers.httpRequest({
		method: 'GET',
		url: file.url,
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: options.timeoutMs,
	})) as IN8nHttpFullResponse;
	const stream = response.body as unknown as Readable;
	if (response.statusCode < 200 || response.statusCode >= 300) {
		stream.destroy();
		throw new Error(`the server answered HTTP ${response.statusCode}`);
	}
	const declared = Number(response.headers['content-length']);
	if (Number.isFinite(declared) && declared > options.maxFileBytes) {
		stream.destroy();
		throw new Error(
			`the file is ${formatBytes(declared)}, over Max File Size (${formatBytes(options.maxFileBytes)})`,
		);
	}
	const buffer = await readCapped(stream, options.maxFileBytes);
	const name = fileNameFromUrl(file.url) || file.property;
	const format = extensionOf(name);
	const contentType = String(response.headers['content-type'] ?? '')
		.split(';')[0]
		.trim();
	const mimeType =
		contentType && contentType !== 'application/octet-stream'
			? contentType
			: isKnownFormat(format)
				? mimeTypeOf(format)
				: 'application/octet-stream';
	return await ctx.helpers.prepareBinaryData(buffer, name, mimeType);
}

/**
 * The output item of a finished run, with the files its output names downloaded into binary
 * properties when the option asks for it. A field without a URL or a failed download is listed
 * in `fileErrors`; the run's data and the other files are kept.
 */
export async function withOutputFiles(
	ctx: FileHelpers,
	run: IDataObject,
	json: IDataObject,
	options: RunOptions,
): Promise<IDataObject | ItemWithFiles> {
	if (options.downloadFiles === 'none' || String(run.status ?? '') !== 'SUCCEED') return json;
	const { files, problems } = findOutputFiles(
		run.output,
		options.downloadFiles,
		options.downloadFields,
	);
	const binary: IBinaryKeyData = {};
	const fileErrors: FileProblem[] = [...problems];
	// One file at a time: an item holds at most one download in memory while it arrives.
	for (const file of files) {
		try {
			binary[file.property] = await download(ctx, file, options);
		} catch (error) {
			fileErrors.push({
				field: file.field,
				url: file.url,
				error: `download failed: ${(error as Error).message}`,
			});
		}
	}
	const out = fileErrors.length
		? { ...json, fileErrors: fileErrors as unknown as IDataObject[] }
		: json;
	return Object.keys(binary).length ? new ItemWithFiles(out, binary) : out;
}
