import type { INodeProperties } from 'n8n-workflow';

import { agentOptionsDescription } from '../../nodes/GptBots/agent/agentOptionsCollection.description';
import { description as getMessages } from '../../nodes/GptBots/agent/getMessages/getMessages.operation';
import {
	AGENT_LIMITS,
	AGENT_OPTION_DEFAULTS,
	readAgentOptions,
} from '../../nodes/GptBots/shared/agentOptions';
import { OPTION_LIMITS } from '../../nodes/GptBots/shared/runOptions';

describe("the agent node's options", () => {
	it('defaults: full output, the shared time-out and concurrency, no conversation_config', () => {
		expect(readAgentOptions({})).toEqual({
			outputMode: 'full',
			timeoutMs: OPTION_LIMITS.timeout.default * 1000,
			concurrency: OPTION_LIMITS.concurrency.default,
			maxFileBytes: OPTION_LIMITS.maxFileSize.default * 1024 * 1024,
			conversationConfig: {},
		});
	});

	it('knowledge ids, memory switches and custom variables become conversation_config', () => {
		const options = readAgentOptions({
			knowledgeDataIds: ' a, b ,,',
			longTermMemory: true,
			customVariables: {
				variable: [
					{ name: 'lang', value: 'ja' },
					{ name: 'n', value: 3 },
				],
			},
		});
		expect(options.conversationConfig).toEqual({
			long_term_memory: true,
			knowledge: { data_ids: ['a', 'b'] },
			custom_variables: { lang: 'ja', n: '3' },
		});
	});

	it('bad values name the option', () => {
		expect(() => readAgentOptions({ outputMode: 'outputOnly' })).toThrow(
			'Options › Output: unknown value "outputOnly"; allowed: full, textOnly',
		);
		expect(() =>
			readAgentOptions({ customVariables: { variable: [{ name: 'a' }, { name: 'a' }] } }),
		).toThrow('Options › Custom Variables › variable 1 (a): the name "a" is used twice');
		expect(() => readAgentOptions({ timeout: 0 })).toThrow(
			/^Options › Timeout: must be a number of seconds/,
		);
	});

	it('the Options parameter shows the table’s defaults and bounds', () => {
		const options = agentOptionsDescription.options as INodeProperties[];
		const named = (name: string) => options.find((option) => option.name === name);
		for (const name of ['concurrency', 'maxFileSize', 'timeout'] as const) {
			const limit = OPTION_LIMITS[name];
			expect([
				name,
				named(name)?.default,
				named(name)?.typeOptions?.minValue,
				named(name)?.typeOptions?.maxValue,
			]).toEqual([name, limit.default, limit.min, limit.max]);
		}
		for (const [name, value] of Object.entries(AGENT_OPTION_DEFAULTS))
			expect([name, named(name)?.default]).toEqual([name, value]);
		const pageSize = getMessages.find((p) => p.name === 'pageSize');
		expect([
			pageSize?.default,
			pageSize?.typeOptions?.minValue,
			pageSize?.typeOptions?.maxValue,
		]).toEqual([
			AGENT_LIMITS.pageSize.default,
			AGENT_LIMITS.pageSize.min,
			AGENT_LIMITS.pageSize.max,
		]);
	});
});
