/**
 * Credentials in the harness: the test supplies decrypted data by credential type; the node gets
 * the ones it declares as if selected in the editor.
 */
import { getAdditionalKeys } from 'n8n-core';
import {
	ICredentialsHelper,
	NodeHelpers,
	isExpression,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type ICredentials,
	type ICredentialsExpressionResolveValues,
	type IExecuteData,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentials,
	type INodeCredentialsDetails,
	type INodeParameters,
	type INodeProperties,
	type IRequestOptionsSimplified,
	type IWorkflowExecuteAdditionalData,
	type Workflow,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import type { HarnessNodeTypes } from './nodeTypes';
import type { EngineNode } from './types';

/**
 * Stand-in for n8n CLI's CredentialsHelper: data comes from the test instead of the database; the
 * rest mirrors packages/cli/src/credentials-helper.ts (authenticate, defaults).
 */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly types: Record<string, ICredentialType>,
		private readonly data: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	private type(name: string): ICredentialType {
		const type = this.types[name];
		if (!type) throw new Error(`Unknown credential type "${name}" (not given to the harness)`);
		return type;
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions as IHttpRequestOptions;
		const { authenticate } = this.type(typeName);
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (authenticate?.type === 'generic') {
			// As n8n: every key and value of headers/qs/body/auth may be an expression over $credentials.
			requestOptions.headers ??= {};
			const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(outerValue as Record<string, string>)) {
					const resolve = (v: string) => {
						if (!isExpression(v)) return v;
						const resolved = workflow.expression.getSimpleParameterValue(
							node,
							v,
							'internal',
							{ $credentials: credentials },
							undefined,
							'',
						);
						return resolved ? String(resolved) : '';
					};
					target[outerKey] ??= {};
					target[outerKey][resolve(key)] = resolve(value);
				}
			}
		}
		return requestOptions;
	}

	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		_type: string,
	): Promise<ICredentials> {
		throw new Error('getCredentials (encrypted) is not supported by the harness');
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		_mode: WorkflowExecuteMode,
		_executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const original = this.data[type];
		if (!original) throw new Error(`No credentials of type "${type}" given to the harness`);
		if (raw === true) return { ...original };
		// As n8n: fill in the credential type's defaults, then resolve expressions in the values.
		let data = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			original as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		if (expressionResolveValues) {
			const { workflow, runExecutionData, runIndex, itemIndex, node, connectionInputData } =
				expressionResolveValues;
			data = workflow.expression.getParameterValue(
				data as INodeParameters,
				runExecutionData,
				runIndex,
				itemIndex,
				node.name,
				connectionInputData,
				'internal',
				getAdditionalKeys(additionalData, 'internal', runExecutionData),
				undefined,
				false,
				data,
			) as ICredentialDataDecryptedObject;
		}
		return data;
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.type(type).properties;
	}
}

/** Credentials the node declares and the test supplies are put on the node, as if selected in the UI. */
export function nodeCredentials(
	node: EngineNode,
	nodeTypes: HarnessNodeTypes,
	credentials: Record<string, ICredentialDataDecryptedObject>,
): INodeCredentials | undefined {
	const declared =
		nodeTypes.getByNameAndVersion(node.type, node.typeVersion).description.credentials ?? [];
	const result: INodeCredentials = { ...node.credentials };
	for (const { name } of declared) {
		if (credentials[name] && !result[name]) result[name] = { id: `${name}-id`, name };
	}
	return Object.keys(result).length ? result : undefined;
}
