import type { IDataObject } from 'n8n-workflow';

import { InvalidParameterError } from './errors';
import { OPTION_LIMITS, readConcurrency, readMaxFileBytes, seconds } from './runOptions';

// The GPTBots Agent node's options: the shared ones (Timeout, Concurrency, Max File Size) read
// as the workflow node reads them, and GPTBots' conversation_config.

/** The agent node's: its Options collection shows the same (a unit test holds them equal). */
export const AGENT_OPTION_DEFAULTS = {
	outputMode: 'full',
	knowledgeDataIds: '',
	knowledgeGroupIds: '',
} as const;

/** The agent node's other bounds: a history page (GPTBots answers at most 100 messages a page). */
export const AGENT_LIMITS = {
	pageSize: { default: 20, min: 1, max: 100 },
} as const;

export const AGENT_OUTPUT_MODES = ['full', 'textOnly'] as const;

export type AgentOutputMode = (typeof AGENT_OUTPUT_MODES)[number];

export interface AgentOptions {
	outputMode: AgentOutputMode;
	timeoutMs: number;
	concurrency: number;
	maxFileBytes: number;
	/** GPTBots' `conversation_config`, with only what the user set (GPTBots' agent settings rule the rest). */
	conversationConfig: IDataObject;
}

function idList(value: unknown): string[] {
	const entries = Array.isArray(value) ? value : String(value ?? '').split(',');
	return entries.map((entry) => String(entry).trim()).filter(Boolean);
}

/** `{ variable: [{ name, value }] }` → `{ name: value }`; names must be unique and non-empty. */
function customVariables(value: unknown): IDataObject {
	const entries = ((value as IDataObject | undefined)?.variable ?? []) as IDataObject[];
	const variables: IDataObject = {};
	entries.forEach((entry, index) => {
		const name = typeof entry.name === 'string' ? entry.name.trim() : '';
		const label = `Options › Custom Variables › variable ${index}${name ? ` (${name})` : ''}`;
		if (!name) throw new InvalidParameterError(label, 'the name is empty');
		if (Object.hasOwn(variables, name))
			throw new InvalidParameterError(label, `the name "${name}" is used twice`);
		const raw = entry.value;
		Object.defineProperty(variables, name, {
			value: typeof raw === 'object' && raw !== null ? JSON.stringify(raw) : String(raw ?? ''),
			enumerable: true,
			writable: true,
			configurable: true,
		});
	});
	return variables;
}

/** Reads and checks the agent node's Options collection. */
export function readAgentOptions(raw: IDataObject): AgentOptions {
	const outputMode = (raw.outputMode ?? AGENT_OPTION_DEFAULTS.outputMode) as AgentOutputMode;
	if (!AGENT_OUTPUT_MODES.includes(outputMode)) {
		throw new InvalidParameterError(
			'Options › Output',
			`unknown value "${String(outputMode)}"; allowed: ${AGENT_OUTPUT_MODES.join(', ')}`,
		);
	}
	const config: IDataObject = {};
	for (const name of ['longTermMemory', 'shortTermMemory'] as const) {
		if (raw[name] === undefined) continue;
		if (typeof raw[name] !== 'boolean')
			throw new InvalidParameterError(`Options › ${name}`, 'must be true or false');
		config[name === 'longTermMemory' ? 'long_term_memory' : 'short_term_memory'] = raw[name];
	}
	const dataIds = idList(raw.knowledgeDataIds ?? AGENT_OPTION_DEFAULTS.knowledgeDataIds);
	const groupIds = idList(raw.knowledgeGroupIds ?? AGENT_OPTION_DEFAULTS.knowledgeGroupIds);
	if (dataIds.length || groupIds.length) {
		config.knowledge = {
			...(dataIds.length && { data_ids: dataIds }),
			...(groupIds.length && { group_ids: groupIds }),
		};
	}
	const variables = customVariables(raw.customVariables);
	if (Object.keys(variables).length) config.custom_variables = variables;
	return {
		outputMode,
		timeoutMs: seconds(raw.timeout, 'Options › Timeout', OPTION_LIMITS.timeout),
		concurrency: readConcurrency(raw),
		maxFileBytes: readMaxFileBytes(raw),
		conversationConfig: config,
	};
}
