import {
	NodeHelpers,
	Workflow,
	type INode,
	type INodeParameters,
	type INodeProperties,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypes,
} from 'n8n-workflow';

import { GptBotsApi } from '../../credentials/GptBotsApi.credentials';
import { GptBotsWorkflow } from '../../nodes/GptBots/GptBotsWorkflow.node';
import { GptBotsWorkflowTrigger } from '../../nodes/GptBots/GptBotsWorkflowTrigger.node';

// What the editor shows of the node descriptions, outside the parameter panel: canvas subtitles
// and the names n8n's nodes panel builds from the parameters (checked in a real editor by
// scripts/browser/run.js).

/** The canvas subtitle as n8n's editor computes it: parameters with defaults, then the expression. */
function subtitleOf(type: INodeType, parameters: INodeParameters): unknown {
	const nodeTypes: INodeTypes = {
		getByName: () => type,
		getByNameAndVersion: () => type,
		getKnownTypes: () => ({}),
	};
	const withDefaults =
		NodeHelpers.getNodeParameters(
			type.description.properties,
			parameters,
			true,
			false,
			null,
			type.description,
		) ?? {};
	const node: INode = {
		id: '1',
		name: 'n',
		type: type.description.name,
		typeVersion: 1,
		position: [0, 0],
		parameters: withDefaults,
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return workflow.expression.getSimpleParameterValue(
		node,
		type.description.subtitle,
		'internal',
		{},
	);
}

function optionsOf(type: INodeType, name: string): INodePropertyOptions[] {
	const property = type.description.properties.find((p) => p.name === name);
	if (!property?.options) throw new Error(`no options parameter ${name}`);
	return property.options as INodePropertyOptions[];
}

const node = new GptBotsWorkflow();
const trigger = new GptBotsWorkflowTrigger();
const operations = optionsOf(node, 'operation');
const modes = optionsOf(node, 'mode');
const statuses = optionsOf(trigger, 'statuses');
const nameOf = (options: INodePropertyOptions[], value: string) =>
	options.find((o) => o.value === value)?.name;

describe('canvas subtitles say what the dropdowns say', () => {
	it.each(modes.map((m) => [m.value, `${nameOf(operations, 'invoke')}: ${m.name}`]))(
		'Run Workflow, mode %s → "%s"',
		(mode, expected) => {
			expect(subtitleOf(node, { operation: 'invoke', mode } as INodeParameters)).toBe(expected);
		},
	);

	it('the default node (Run Workflow, Sync)', () => {
		expect(subtitleOf(node, {})).toBe('Run Workflow: Sync');
	});

	it.each(['getResult', 'getRuns'])('%s → its operation name', (operation) => {
		expect(subtitleOf(node, { operation })).toBe(nameOf(operations, operation));
	});

	it.each([[['SUCCEED', 'FAILED']], [['FAILED']], [['SUCCEED']]])(
		'trigger with statuses %p',
		(chosen) => {
			expect(subtitleOf(trigger, { statuses: chosen })).toBe(
				`Run ended: ${chosen.map((s) => nameOf(statuses, s)).join(' or ')}`,
			);
		},
	);

	it('trigger by default', () => {
		expect(subtitleOf(trigger, {})).toBe('Run ended: Succeeded or Failed');
	});
});

describe('names in the nodes panel', () => {
	it('offers one action per operation: the node is not in the AI category, whose modes n8n would list as actions too', () => {
		// n8n's panel adds an action per `mode` option for nodes in its "AI" category: with ours that
		// made 7 actions for 3 things to do, two of them adding the same Sync node.
		const codex = require('../../nodes/GptBots/GptBotsWorkflow.node.json') as {
			categories: string[];
		};
		expect(codex.categories).not.toContain('AI');
		expect(operations.map((o) => o.action)).toEqual([
			'Run a workflow',
			'Get the result of a run',
			'Get runs',
		]);
	});

	it('the trigger offers one event, named by us, from a hidden "Event" parameter', () => {
		const event = trigger.description.properties.find((p) => p.displayName === 'Event');
		expect(event?.type).toBe('hidden');
		expect(event?.options).toEqual([
			expect.objectContaining({ action: 'When a GPTBots workflow run ends' }),
		]);
	});

	it('placeholders show no leading "=" (n8n\'s internal expression marker)', () => {
		const placeholders = [...node.description.properties, ...trigger.description.properties]
			.map((p) => p.placeholder)
			.filter((p): p is string => typeof p === 'string');
		expect(placeholders.filter((p) => p.startsWith('='))).toEqual([]);
	});

	it("Get Result's Workflow Run ID is filled in with the incoming item's workflowRunId, not a look-alike placeholder", () => {
		const runId = node.description.properties.find((p) => p.name === 'workflowRunId');
		expect(runId).toMatchObject({ default: '={{ $json.workflowRunId }}', required: true });
		expect(runId?.placeholder).toBeUndefined();
	});

	it("the trigger's left pane says what starts it; its secret header value is masked", () => {
		const prop = (name: string) => trigger.description.properties.find((p) => p.name === name);
		expect(prop('secretHeaderValue')?.typeOptions?.password).toBe(true);
		// Masked too (n8n's community lint, for any parameter named secret…): its hint names it.
		expect(prop('secretHeaderName')?.hint).toContain(String(prop('secretHeaderName')?.default));
		expect(trigger.description.triggerPanel).toMatchObject({
			header: expect.stringContaining('GPTBots run'),
		});
	});
});

describe('Poll Interval and Max Wait', () => {
	/** The parameters n8n keeps for a node of this version and these settings (defaults filled in). */
	const shownFor = (typeVersion: number, parameters: INodeParameters) =>
		NodeHelpers.getNodeParameters(
			node.description.properties,
			parameters,
			true,
			false,
			{ typeVersion } as INode,
			node.description,
		) ?? {};

	it.each([
		['asyncPoll', { pollInterval: 2, maxWait: 600 }],
		['asyncWebhook', { maxWait: 600 }],
	])('version 1.1, mode %s: shown beside the mode, with their defaults', (mode, shown) => {
		const parameters = shownFor(1.1, { operation: 'invoke', mode });
		expect({ pollInterval: parameters.pollInterval, maxWait: parameters.maxWait }).toEqual({
			pollInterval: undefined,
			...shown,
		});
	});

	it('version 1.1, mode sync: neither is shown', () => {
		const parameters = shownFor(1.1, { operation: 'invoke', mode: 'sync' });
		expect([parameters.pollInterval, parameters.maxWait]).toEqual([undefined, undefined]);
	});

	it('version 1 (saved workflows): not node parameters; Options keeps them', () => {
		const parameters = shownFor(1, {
			operation: 'invoke',
			mode: 'asyncPoll',
			options: { pollInterval: 5, maxWait: 900 },
		});
		expect(parameters).not.toHaveProperty('pollInterval');
		expect(parameters).not.toHaveProperty('maxWait');
		expect(parameters.options).toEqual({ pollInterval: 5, maxWait: 900 });
	});

	it('the Options entries are for version 1 only, and both places show the same bounds', () => {
		const options = node.description.properties.find((p) => p.name === 'options')
			?.options as INodeProperties[];
		for (const name of ['pollInterval', 'maxWait']) {
			const own = node.description.properties.find((p) => p.name === name);
			const inOptions = options.find((o) => o.name === name);
			expect(inOptions?.displayOptions?.show?.['@version']).toEqual([1]);
			expect([own?.default, own?.typeOptions]).toEqual([
				inOptions?.default,
				inOptions?.typeOptions,
			]);
		}
	});
});

describe('the credential', () => {
	const credential = new GptBotsApi();

	it('marks Base URL required (it is shown for Custom only)', () => {
		expect(credential.properties.find((p) => p.name === 'baseUrl')).toMatchObject({
			required: true,
			displayOptions: { show: { endpoint: ['custom'] } },
		});
	});

	it("words a refused key in its test as a node run does (the test's rules)", () => {
		const rules = (credential.test.rules ?? []) as Array<{
			type: string;
			properties: { value: number; message: string };
		}>;
		const of = (code: number) => rules.find((r) => r.properties.value === code)?.properties.message;
		for (const code of [401, 403])
			expect(of(code)).toMatch(
				new RegExp(
					`^GPTBots answered HTTP ${code}: .*Check the API key and the data centre.*a key belongs to one workflow or agent in one data centre\\.$`,
				),
			);
		expect(of(404)).toMatch(/Base URL/);
	});
});
