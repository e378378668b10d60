export type JsonParse = { ok: true; value: unknown } | { ok: false; reason: string };

/** JSON.parse without throwing, so callers can word the error for the field they read. */
export function tryParseJson(text: string): JsonParse {
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch (error) {
		// Node's message may quote the text around the mistake (`…, "{"X": abc…" is not valid
		// JSON`): keep only what precedes the quote, as that text may hold a secret.
		return { ok: false, reason: (error as Error).message.replace(/,?\s*(\.\.\.)?".*$/s, '') };
	}
}
