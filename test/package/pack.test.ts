import { execFileSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

interface PackEntry {
	files: Array<{ path: string }>;
	size: number;
	unpackedSize: number;
}

function packList(): PackEntry {
	if (!existsSync(join(root, 'dist', 'nodes', 'GptBots', 'GptBotsWorkflow.node.js'))) {
		throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
	}
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: root,
		encoding: 'utf8',
	});
	return (JSON.parse(out) as PackEntry[])[0];
}

describe('what npm publishes', () => {
	const packed = packList();
	const paths = packed.files.map((file) => file.path).sort();

	it('holds what n8n loads and users read, nothing else', () => {
		const loaded = [...pkg.n8n.credentials, ...pkg.n8n.nodes];
		for (const file of loaded) expect(paths).toContain(file);
		expect(paths).toEqual(
			expect.arrayContaining([
				'dist/credentials/GptBotsApi.credentials.js',
				'dist/nodes/GptBots/GptBotsWorkflow.node.js',
				'dist/nodes/GptBots/GptBotsWorkflow.node.json',
				'dist/nodes/GptBots/GptBotsWorkflowTrigger.node.js',
				'dist/nodes/GptBots/GptBotsWorkflowTrigger.node.json',
				'dist/nodes/GptBots/GptBotsAgent.node.js',
				'dist/nodes/GptBots/GptBotsAgent.node.json',
				'dist/nodes/GptBots/GptBotsAgentTrigger.node.js',
				'dist/nodes/GptBots/GptBotsAgentTrigger.node.json',
				'dist/icons/gptbots.svg',
				'dist/icons/gptbots.dark.svg',
				'index.js',
				'package.json',
				'README.md',
				'LICENSE.md',
				'CHANGELOG.md',
			]),
		);
		const allowed =
			/^(dist\/(credentials|nodes)\/.+\.(js|json)|dist\/icons\/[^/]+\.svg|index\.js|package\.json|README\.md|LICENSE\.md|CHANGELOG\.md)$/;
		expect(paths.filter((path) => !allowed.test(path))).toEqual([]);
		expect(
			paths.filter((path) => /\.(ts|map)$|(^|\/)(test|simulator|scripts|examples)\//.test(path)),
		).toEqual([]);
	});

	// The workflow nodes fit in 60 KB; the agent nodes (a second GPTBots product: the Agent
	// Trigger and the Agent node) get 20 KB more. Details go to docs/, not into the README.
	it('stays small', () => {
		expect(packed.size).toBeLessThan(80 * 1024);
	});

	it('has no runtime dependencies and takes n8n-workflow from n8n', () => {
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.license).toBe('MIT');
		expect(pkg.keywords).toContain('n8n-community-node-package');
	});
});
