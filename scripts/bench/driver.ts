/**
 * The n8n driver (scripts/lib/: CommonJS with JSDoc types), as the bench's n8n legs use it.
 * TypeScript reads the types from the JS; the modules are loaded from the repository at run time,
 * since this file runs compiled from .tmp/bench.
 */
import * as path from 'path';

import { REPO } from './paths';

const MODULES = [
	'constants',
	'log',
	'processes',
	'http',
	'install',
	'workflows',
	'builders',
	'n8nStart',
	'executions',
] as const;

type Driver = typeof import('../lib/constants') &
	typeof import('../lib/log') &
	typeof import('../lib/processes') &
	typeof import('../lib/http') &
	typeof import('../lib/install') &
	typeof import('../lib/workflows') &
	typeof import('../lib/builders') &
	typeof import('../lib/n8nStart') &
	typeof import('../lib/executions');

export type N8nContext = ReturnType<Driver['n8nContext']>;
export type N8nServer = Awaited<ReturnType<Driver['startN8n']>>;
export type WorkflowJson = ReturnType<Driver['workflow']>;

// As the driver types them: one node's run in n8n's execution JSON, a node of a workflow's JSON.
export type { NodeRun } from '../lib/workflows';
export type { WorkflowNode } from '../lib/builders';

export const lib = Object.assign(
	{},
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	...MODULES.map((name) => require(path.join(REPO, 'scripts', 'lib', `${name}.js`)) as object),
) as Driver;
