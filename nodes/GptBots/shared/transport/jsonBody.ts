/*
 * A request body with files in it, written as few times as possible. GPTBots takes a file input
 * as base64 text inside the JSON body, so the plain way holds a file four times over while it is
 * sent: its bytes, their base64 string, the JSON string of the body, and the buffer n8n's request
 * helper makes of that string. Here a file's bytes go into the body as a Base64Content and are
 * base64-encoded, a slice at a time, straight into the one buffer that is sent (n8n's helper
 * sends a Buffer body as it is). The bytes are let go once written.
 */

/** A file's bytes to be sent base64-encoded as a JSON string value (see jsonBody). */
export class Base64Content {
	private bytes?: Buffer;

	constructor(bytes: Buffer) {
		this.bytes = bytes;
	}

	/** The length of the base64 text, in bytes (ASCII). */
	get encodedLength(): number {
		return 4 * Math.ceil((this.bytes?.length ?? 0) / 3);
	}

	/** Writes the base64 text into `target` at `offset`, then lets the bytes go; returns the new offset. */
	writeTo(target: Buffer, offset: number): number {
		const bytes = this.bytes;
		if (!bytes) throw new Error('a file of this request was already written into a body');
		let at = offset;
		for (let start = 0; start < bytes.length; start += SLICE)
			at += target.write(bytes.subarray(start, start + SLICE).toString('base64'), at, 'latin1');
		this.bytes = undefined;
		return at;
	}
}

/** Bytes per base64 slice: a multiple of 3, so that slices join without padding in between. */
const SLICE = 3 * 16 * 1024;

/**
 * The JSON text of `body`: a string when it holds no Base64Content, else a Buffer with each
 * one's base64 text written in place (see the file comment).
 */
export function jsonBody(body: unknown): string | Buffer {
	const contents: Base64Content[] = [];
	const token = `\u0000gptbots-file-${Date.now().toString(36)}${Math.random().toString(36).slice(2)}:`;
	const text = JSON.stringify(body, function (this: Record<string, unknown>, key, value) {
		const raw = this[key];
		if (!(raw instanceof Base64Content)) return value as unknown;
		contents.push(raw);
		return `${token}${contents.length - 1}`;
	});
	if (contents.length === 0) return text;
	// The token holds a NUL character, which JSON writes as \u0000: no other string can match.
	const marker = JSON.stringify(token).slice(1, -1);
	const parts: string[] = [];
	let rest = text;
	for (let index = 0; index < contents.length; index++) {
		const placeholder = `"${marker}${index}"`;
		const at = rest.indexOf(placeholder);
		if (at === -1) throw new Error('a file of this request is missing from its body');
		parts.push(`${rest.slice(0, at)}"`);
		rest = `"${rest.slice(at + placeholder.length)}`;
	}
	parts.push(rest);
	const size =
		parts.reduce((sum, part) => sum + Buffer.byteLength(part, 'utf8'), 0) +
		contents.reduce((sum, content) => sum + content.encodedLength, 0);
	const buffer = Buffer.allocUnsafe(size);
	let offset = buffer.write(parts[0], 0, 'utf8');
	for (let index = 0; index < contents.length; index++) {
		offset = contents[index].writeTo(buffer, offset);
		offset += buffer.write(parts[index + 1], offset, 'utf8');
	}
	return buffer;
}
