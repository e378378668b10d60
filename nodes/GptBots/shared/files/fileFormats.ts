/**
 * The file formats a GPTBots Start node accepts, per category, as GPTBots' "Variables" page
 * lists them ("Supported formats include: …"). A file of any other format is refused before
 * anything is sent.
 */
export const FILE_FORMATS: Readonly<Record<string, readonly string[]>> = {
	Doc: ['doc', 'docx', 'pdf', 'txt', 'md', 'html'],
	Excel: ['xls', 'xlsx', 'csv'],
	Ppt: ['ppt', 'pptx'],
	Image: ['jpg', 'jpeg', 'png', 'gif', 'webp', 'svg'],
	Code: ['py', 'java', 'c', 'cpp', 'js', 'css'],
	Audio: ['mp3', 'wav', 'aac', 'flac', 'ogg', 'wma', 'alac', 'mid', 'midi', 'ac3', 'dsd'],
	Video: ['mp4', 'avi', 'mov', 'wmv', 'flv', 'mkv'],
};

const KNOWN = new Set(Object.values(FILE_FORMATS).flat());

/** "Doc: doc, docx, …; Excel: …" — for error messages. */
export function describeFileFormats(): string {
	return Object.entries(FILE_FORMATS)
		.map(([category, formats]) => `${category}: ${formats.join(', ')}`)
		.join('; ');
}

export function isKnownFormat(format: string): boolean {
	return KNOWN.has(format);
}

/** MIME types of the known formats, for a file whose name says nothing. */
const FORMAT_BY_MIME: Readonly<Record<string, string>> = {
	'application/msword': 'doc',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
	'application/pdf': 'pdf',
	'text/plain': 'txt',
	'text/markdown': 'md',
	'text/x-markdown': 'md',
	'text/html': 'html',
	'application/vnd.ms-excel': 'xls',
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
	'text/csv': 'csv',
	'application/vnd.ms-powerpoint': 'ppt',
	'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/gif': 'gif',
	'image/webp': 'webp',
	'image/svg+xml': 'svg',
	'text/x-python': 'py',
	'text/x-java-source': 'java',
	'text/x-c': 'c',
	'text/x-c++src': 'cpp',
	'text/javascript': 'js',
	'application/javascript': 'js',
	'text/css': 'css',
	'audio/mpeg': 'mp3',
	'audio/wav': 'wav',
	'audio/x-wav': 'wav',
	'audio/aac': 'aac',
	'audio/flac': 'flac',
	'audio/ogg': 'ogg',
	'audio/x-ms-wma': 'wma',
	'audio/midi': 'mid',
	'audio/ac3': 'ac3',
	'video/mp4': 'mp4',
	'video/x-msvideo': 'avi',
	'video/quicktime': 'mov',
	'video/x-ms-wmv': 'wmv',
	'video/x-flv': 'flv',
	'video/x-matroska': 'mkv',
};

const MIME_BY_FORMAT: Readonly<Record<string, string>> = Object.fromEntries(
	Object.entries(FORMAT_BY_MIME)
		.reverse()
		.map(([mime, format]) => [format, mime]),
);

/** The lower-case extension of a file name or URL path ("Report.PDF" → "pdf"), or "". */
export function extensionOf(name: string): string {
	const base = name.split(/[?#]/)[0].split('/').pop() ?? '';
	const dot = base.lastIndexOf('.');
	return dot > 0 && dot < base.length - 1 ? base.slice(dot + 1).toLowerCase() : '';
}

/**
 * The format GPTBots is told: the file name's extension when it is a known format, else the one
 * its MIME type stands for, else the extension as it is (which the caller then refuses).
 */
export function formatOf(
	fileName: string | undefined,
	mimeType: string | undefined,
	fileExtension?: string,
): string {
	const fromName =
		extensionOf(fileName ?? '') || (fileExtension ?? '').toLowerCase().replace(/^\./, '');
	if (isKnownFormat(fromName)) return fromName;
	const fromMime = FORMAT_BY_MIME[(mimeType ?? '').split(';')[0].trim().toLowerCase()];
	return fromMime ?? fromName;
}

/** The MIME type of a known format (for files downloaded without a usable Content-Type). */
export function mimeTypeOf(format: string): string {
	return MIME_BY_FORMAT[format] ?? 'application/octet-stream';
}

/** The last segment of a URL's path, decoded: the file name GPTBots is told for a file URL. */
export function fileNameFromUrl(url: string): string {
	try {
		const segment = new URL(url).pathname.split('/').pop() ?? '';
		return decodeURIComponent(segment);
	} catch {
		return '';
	}
}

/** An http(s) URL whose path ends with a known file extension (e.g. a generated PDF's link). */
export function isFileUrl(value: unknown): value is string {
	if (typeof value !== 'string' || !/^https?:\/\//i.test(value.trim())) return false;
	return isKnownFormat(extensionOf(fileNameFromUrl(value.trim())));
}
