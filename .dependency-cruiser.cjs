// The shape of the node code, checked by `npm run lint` (depcruise): a violation fails with the
// rule's name. "The core" is nodes/GptBots/shared; a node's folder is any other folder of
// nodes/GptBots, with the node's entry file beside it. "Pure helpers" are the modules that take no
// n8n context (no this/ctx): they are listed by path below; what runs in them comes only from each
// other and Node's built-ins, and of n8n-workflow they use types only.
const PURE_HELPERS = [
	'^nodes/GptBots/shared/values\\.ts$',
	'^nodes/GptBots/shared/runShape\\.ts$',
	'^nodes/GptBots/shared/runResult\\.ts$',
	'^nodes/GptBots/shared/deliveryReader\\.ts$',
	'^nodes/GptBots/shared/agentAnswer\\.ts$',
	'^nodes/GptBots/agentTrigger/agentDelivery\\.ts$',
	'^nodes/GptBots/shared/files/(fileFormats|outputFileUrls)\\.ts$',
	'^nodes/GptBots/shared/transport/(adaptiveLimiter|responses|responseBody|retryPolicy|runLogPage)\\.ts$',
	'^nodes/GptBots/agent/sendMessage/(answerStream|streamedAnswer|messageParts)\\.ts$',
	'^nodes/GptBots/agent/getMessages/historyReader\\.ts$',
	'^nodes/GptBots/workflow/methods/inputInference\\.ts$',
	'^nodes/GptBots/shared/seenIds\\.ts$',
	'^credentials/baseUrl\\.ts$',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
	forbidden: [
		{
			name: 'core-imports-no-node-folder',
			comment: 'The shared core (nodes/GptBots/shared) serves every node: it never imports a node.',
			severity: 'error',
			from: { path: '^nodes/GptBots/shared/' },
			to: { path: '^nodes/GptBots/', pathNot: '^nodes/GptBots/shared/' },
		},
		{
			name: 'credentials-import-no-nodes',
			comment: 'The credential is loaded on its own by n8n: it imports nothing from nodes/.',
			severity: 'error',
			from: { path: '^credentials/' },
			to: { path: '^nodes/' },
		},
		{
			name: 'pure-helpers-no-execution-context',
			comment:
				"A pure helper takes no n8n context: what runs in it comes only from other pure helpers and Node's built-ins (ESLint refuses n8n's context types by name in these files).",
			severity: 'error',
			from: { path: PURE_HELPERS },
			to: {
				pathNot: [...PURE_HELPERS, '^node_modules/n8n-workflow/'],
				dependencyTypesNot: ['core', 'type-only'],
			},
		},
		{
			name: 'pure-helpers-n8n-types-only',
			comment: 'A pure helper may use n8n-workflow for its types, nothing that runs.',
			severity: 'error',
			from: { path: PURE_HELPERS },
			to: { path: '^node_modules/n8n-workflow/', dependencyTypesNot: ['type-only'] },
		},
		{
			name: 'no-circular',
			comment: 'No module imports itself through others (type-only imports count too).',
			severity: 'error',
			from: { path: '^(nodes|credentials)/' },
			to: { circular: true },
		},
	],
	options: {
		doNotFollow: { path: 'node_modules' },
		exclude: { path: '^dist/' },
		tsPreCompilationDeps: true,
		tsConfig: { fileName: 'tsconfig.json' },
		moduleSystems: ['cjs', 'es6'],
	},
};
