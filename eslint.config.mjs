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
];
