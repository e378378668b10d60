// The rule set `n8n-node lint` applies (community-node rules, cloud support included), over the
// published sources and package.json. Tests, the simulator and scripts are not node code.
import { config } from '@n8n/node-cli/eslint';

export default [
	// As n8n's verification scanner: inline eslint-disable comments do not count.
	{ linterOptions: { noInlineConfig: true } },
	{
		ignores: [
			'test/**',
			'simulator/**',
			'scripts/**',
			'examples/**',
			'dist/**',
			'.tmp/**',
			'*.js',
			'*.mjs',
		],
	},
	...config,
	// The pure helpers (listed in .dependency-cruiser.cjs, which keeps them from importing anything
	// else) take no n8n context: these type names stay out of them.
	{
		files: [
			'nodes/GptBots/shared/{values,runShape,runResult,deliveryReader,agentAnswer}.ts',
			'nodes/GptBots/agentTrigger/agentDelivery.ts',
			'nodes/GptBots/shared/files/{fileFormats,outputFileUrls}.ts',
			'nodes/GptBots/shared/transport/{adaptiveLimiter,responses,responseBody,retryPolicy,runLogPage}.ts',
			'nodes/GptBots/agent/sendMessage/{answerStream,streamedAnswer,messageParts}.ts',
			'nodes/GptBots/agent/getMessages/historyReader.ts',
			'nodes/GptBots/workflow/methods/inputInference.ts',
			'nodes/GptBots/shared/seenIds.ts',
			'credentials/baseUrl.ts',
		],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					paths: [
						{
							name: 'n8n-workflow',
							importNames: [
								'IExecuteFunctions',
								'IExecuteSingleFunctions',
								'IHookFunctions',
								'ILoadOptionsFunctions',
								'IPollFunctions',
								'ISupplyDataFunctions',
								'ITriggerFunctions',
								'IWebhookFunctions',
							],
							message:
								'A pure helper takes no n8n execution context (see .dependency-cruiser.cjs).',
						},
					],
				},
			],
		},
	},
];
