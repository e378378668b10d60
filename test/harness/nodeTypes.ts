/** The node types the engine sees: the test's own, plus a start node that emits the input items. */
import {
	NodeHelpers,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type ITriggerFunctions,
	type ITriggerResponse,
	type IVersionedNodeType,
} from 'n8n-workflow';

export const START_NODE_NAME = 'Start';
export const START_NODE_TYPE = 'harness.start';

/**
 * A manual-trigger-like node: n8n-nodes-base (and its ManualTrigger) is not installed. It has a
 * `trigger`, so `workflow.getStartNode()` picks it and WorkflowExecute runs it through
 * TriggersAndPollers in manual mode (emit -> manualTriggerResponse), as n8n does for triggers.
 * The items are closed over: a fresh type is made per run.
 */
export function startNodeType(items: INodeExecutionData[]): INodeType {
	return {
		description: {
			displayName: 'Harness Start',
			name: START_NODE_TYPE,
			group: ['trigger'],
			version: 1,
			description: 'Emits the test input items',
			defaults: { name: START_NODE_NAME },
			inputs: [],
			outputs: ['main'],
			properties: [],
		},
		async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
			// `this.emit` is replaced by the engine after trigger() returns: look it up late.
			return { manualTriggerFunction: async () => this.emit([items]) };
		},
	} as INodeType;
}

export function toItems(input: INodeExecutionData[] | IDataObject[]): INodeExecutionData[] {
	// An element counts as INodeExecutionData when it has an object `json`; anything else is wrapped.
	return (input as Array<INodeExecutionData | IDataObject>).map((entry) =>
		entry && typeof entry.json === 'object' && entry.json !== null && !Array.isArray(entry.json)
			? (entry as INodeExecutionData)
			: { json: entry as IDataObject },
	);
}

/** Our NodeTypes: n8n-core asks for getByNameAndVersion and resolves versioned types through it. */
export class HarnessNodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType | IVersionedNodeType>) {}

	getByName(nodeType: string) {
		const type = this.types[nodeType];
		if (!type) throw new Error(`Unknown node type "${nodeType}" (not given to the harness)`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

/** The version a new node gets in the editor: a versioned type's currentVersion, else the highest. */
export function latestVersion(type: INodeType | IVersionedNodeType): number {
	if ('nodeVersions' in type) return type.currentVersion;
	const { version } = type.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}
