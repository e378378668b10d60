import type { INodeProperties } from 'n8n-workflow';

/**
 * A list operation's Return All (in n8n's words) and, after it, `some`: what says how much to read
 * when it is off (Limit; Page and Page Size), shown only then. `show` shows the operation.
 */
export function returnAllOr(show: { operation: string[] }, some: INodeProperties[]) {
	const returnAll: INodeProperties = {
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show },
	};
	const whenOff = { show: { ...show, returnAll: [false] } };
	return [returnAll, ...some.map((parameter) => ({ ...parameter, displayOptions: whenOff }))];
}
