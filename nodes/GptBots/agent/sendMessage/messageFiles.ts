import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { InvalidParameterError } from '../../shared/errors';
import type { FileLimits } from '../../shared/files/inputFiles';
import { fileFromUrl, readFilesInput } from '../../shared/files/inputFiles';
import { describeMessageFormats, partTypeOf } from './messageParts';

/** One entry of the Files parameter (`files.file`). */
export interface FileEntry {
	source?: unknown;
	binaryProperty?: unknown;
	url?: unknown;
}

/**
 * The message's files, from the item's binary properties or URLs, with the checks workflow file
 * inputs get (known format, size, not empty) and one more: a message part must take the format
 * (a video, say, has none). Throws InvalidParameterError naming the entry.
 */
export async function readMessageFiles(
	ctx: IExecuteFunctions,
	itemIndex: number,
	entries: FileEntry[],
	limits: FileLimits,
): Promise<IDataObject[]> {
	const files: IDataObject[] = [];
	for (let index = 0; index < entries.length; index++) {
		const entry = entries[index];
		const label = `Files › file ${index}`;
		const read =
			entry.source === 'url'
				? [fileFromUrl(entry.url, `${label} (URL)`)]
				: await readFilesInput(ctx, itemIndex, entry.binaryProperty ?? 'data', label, limits);
		for (const file of read) {
			if (!partTypeOf(String(file.format))) {
				throw new InvalidParameterError(
					label,
					`file "${String(file.name)}" has format "${String(file.format)}", which a message cannot carry; it takes ${describeMessageFormats()}`,
				);
			}
			files.push(file);
		}
	}
	return files;
}
