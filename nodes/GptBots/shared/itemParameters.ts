import type { IExecuteFunctions } from 'n8n-workflow';

/** Stands in the cache for a parameter that holds an expression: read for every item. */
const PER_ITEM = Symbol('read per item');

/** Per execution (its context): each parameter's value once read, or PER_ITEM. */
const readParameters = new WeakMap<IExecuteFunctions, Map<string, unknown>>();

/**
 * `getNodeParameter` for one item. A parameter whose saved value holds no expression is the same
 * for every item, so it is read once per execution: n8n's `getNodeParameter` costs a few
 * microseconds a call, which showed in the node's profile against a bare loop of requests.
 */
export function getItemParameter(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback?: unknown,
): unknown {
	let known = readParameters.get(ctx);
	if (!known) readParameters.set(ctx, (known = new Map()));
	const cached = known.get(name);
	if (cached === PER_ITEM) return ctx.getNodeParameter(name, itemIndex, fallback);
	if (cached !== undefined || known.has(name)) return cached;
	if (holdsExpression(savedParameterAt(ctx.getNode().parameters, name))) {
		known.set(name, PER_ITEM);
		return ctx.getNodeParameter(name, itemIndex, fallback);
	}
	const value = ctx.getNodeParameter(name, itemIndex, fallback);
	known.set(name, value);
	return value;
}

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
