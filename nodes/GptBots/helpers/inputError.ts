/**
 * A user's value that cannot be used. `field` is the parameter's display path (e.g.
 * "Input Fields › 2 (age)"); the node adds the item, so every message names both.
 */
export class InvalidParameterError extends Error {
	constructor(
		readonly field: string,
		readonly reason: string,
	) {
		super(`${field}: ${reason}`);
	}
}
