/**
 * The value saved for a node parameter at a dotted path ("inputFields.field"), before n8n
 * resolves any expression in it; undefined when nothing is saved there.
 */
export function savedParameterAt(parameters: unknown, path: string): unknown {
	let value = parameters;
	for (const key of path.split('.')) {
		if (typeof value !== 'object' || value === null) return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

/** True when a saved value holds an n8n expression ("=…") anywhere: then it may differ per item. */
export function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (typeof value !== 'object' || value === null) return false;
	return Object.values(value).some(holdsExpression);
}
