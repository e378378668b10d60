import type { IDataObject } from 'n8n-workflow';

import { FILE_FORMATS } from '../../shared/files/fileFormats';

// The content of the user's message: its text and files as GPTBots' message parts. A file goes
// into the part of its kind (`image`, `audio` or `document`), every part holding a list of files
// `{url | base64_content, format, name}`, as the newer copies of GPTBots' reference show.

export type PartType = 'image' | 'audio' | 'document';

const PART_OF_CATEGORY: Readonly<Record<string, PartType>> = {
	Image: 'image',
	Audio: 'audio',
	Doc: 'document',
	Excel: 'document',
	Ppt: 'document',
	Code: 'document',
};

/** The part a file of this format is sent in; undefined for a format no part takes (video). */
export function partTypeOf(format: string): PartType | undefined {
	for (const [category, formats] of Object.entries(FILE_FORMATS)) {
		if (formats.includes(format)) return PART_OF_CATEGORY[category];
	}
	return undefined;
}

/** The formats a message can carry, for error messages. */
export function describeMessageFormats(): string {
	return Object.entries(FILE_FORMATS)
		.filter(([category]) => PART_OF_CATEGORY[category])
		.map(
			([category, formats]) => `${PART_OF_CATEGORY[category]} (${category}): ${formats.join(', ')}`,
		)
		.join('; ');
}

/**
 * The message's `content`: the text alone as a string (the plainest documented form) or, with
 * files, a list of parts: the text first (when there is one), then one part per kind of file, in
 * the order the kinds first appear. Each file must carry a `format` that partTypeOf knows.
 */
export function buildContent(text: string, files: IDataObject[]): string | IDataObject[] {
	if (files.length === 0) return text;
	const parts: IDataObject[] = text.trim() === '' ? [] : [{ type: 'text', text }];
	const byType = new Map<PartType, IDataObject[]>();
	for (const file of files) {
		const type = partTypeOf(String(file.format));
		if (!type) throw new Error(`no message part takes files of format "${String(file.format)}"`);
		const list = byType.get(type) ?? [];
		if (list.length === 0) byType.set(type, list);
		list.push(file);
	}
	for (const [type, list] of byType) parts.push({ type, [type]: list });
	return parts;
}
