/**
 * The reachable floor: the least a node that follows n8n's rules can do for the "no limit" leg.
 * A bare loop of `this.helpers.httpRequestWithAuthentication`, `concurrency` calls in flight,
 * one POST /v1/workflow/invoke per item with the item's JSON as the input, each answer parsed
 * (json: true) and passed on. The credential is read once and handed to every call, as our node
 * does. No validation, no error mapping, no retries, no limiter: whatever our node spends on top
 * of this is what `floorRatio` (node ÷ floor) shows. With `endpoint` "agent" it sends each item's
 * Text parameter as a blocking message to the conversation `conversationId` instead
 * (`agentFloorRatio`). Text is read per item with `getNodeParameter`, as any node with a message
 * field must: the user's expression (the bench's `={{ $json.text }}`) is n8n's to evaluate, and a
 * profile showed that evaluation to be the whole gap between the node and a floor that read
 * `json.text` directly (≈240 µs an item, ≈1.3×).
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

const CREDENTIAL_TYPE = 'gptBotsApi';

export const FLOOR_TYPE = 'n8n-nodes-gptbots-bench.httpFloor';

export class HttpFloor implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HTTP Floor (bench)',
		name: 'httpFloor',
		group: ['transform'],
		version: 1,
		description: 'A bare loop of httpRequestWithAuthentication (bench only)',
		defaults: { name: 'HTTP Floor' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [
			{ displayName: 'Concurrency', name: 'concurrency', type: 'number', default: 100 },
			{ displayName: 'Endpoint', name: 'endpoint', type: 'string', default: 'workflow' },
			{ displayName: 'Conversation ID', name: 'conversationId', type: 'string', default: '' },
			{ displayName: 'Text', name: 'text', type: 'string', default: '' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const width = this.getNodeParameter('concurrency', 0) as number;
		const agent = this.getNodeParameter('endpoint', 0) === 'agent';
		const conversationId = this.getNodeParameter('conversationId', 0) as string;
		const reference = this.getNode().credentials?.[CREDENTIAL_TYPE];
		const credentialsDecrypted: ICredentialsDecrypted = {
			id: reference?.id ?? '',
			name: reference?.name ?? '',
			type: CREDENTIAL_TYPE,
			data: await this.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE),
		};
		const out = new Array<INodeExecutionData>(items.length);
		let next = 0;
		const worker = async () => {
			while (next < items.length) {
				const index = next++;
				const json = await this.helpers.httpRequestWithAuthentication.call(
					this,
					CREDENTIAL_TYPE,
					agent
						? {
								method: 'POST',
								url: '/v2/conversation/message',
								body: {
									conversation_id: conversationId,
									response_mode: 'blocking',
									messages: [
										{ role: 'user', content: String(this.getNodeParameter('text', index)) },
									],
								},
								json: true,
							}
						: {
								method: 'POST',
								url: '/v1/workflow/invoke',
								body: { input: items[index].json, isAsync: false },
								json: true,
							},
					{ credentialsDecrypted },
				);
				out[index] = { json, pairedItem: { item: index } };
			}
		};
		await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
		return [out];
	}
}
