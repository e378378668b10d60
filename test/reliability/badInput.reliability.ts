/**
 * Requirement 4: a catalogue of bad inputs. Each message must name the field and the item
 * (`[item N]`). Values read per item come from an expression (`={{ $json.value }}`) over several
 * items, with the bad value at item 1, 2 or 3, so that the index in the message is not always 0;
 * the good items around it must still run, and the bad one must never reach GPTBots.
 */
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../harness/engine';
import type { Simulator } from '../engine/fixture';
import {
	API_KEY,
	credentialTypes,
	json,
	nodeTypes,
	paired,
	runWorkflowNode,
	syncFields,
	useSimulator,
	workflowNode,
} from '../engine/fixture';
import { invoke, once } from './badInput.onceCases';
import { perItem } from './badInput.perItemCases';
import { addFigures } from './support';

const holder = useSimulator({ latencyMs: 0, asyncDurationMs: 50 }) as unknown as { sim: Simulator };
/** Reading the values: the runs on the good items must really have happened. */
const SENT = /^(invoke|getResult|getRuns)$/;

let tried = 0;
afterAll(() => addFigures({ badInputsTried: tried }));

describe('bad values read per item: named field, named item, the other items unharmed', () => {
	it.each(perItem.map((c, n) => [c.name, c, 1 + (n % 3)] as const))(
		'%s',
		async (_name, c, badIndex) => {
			const { sim } = holder;
			tried++;
			let goodRunId = '';
			if (c.parameters.operation === 'getResult') {
				const started = await runWorkflowNode(sim, {
					parameters: { operation: 'invoke', mode: 'async', inputSource: 'json', inputJson: '{}' },
				});
				goodRunId = String(started.items[0].json.workflowRunId);
			}
			const good = c.good === 'run_ok' ? goodRunId : c.good;
			const items = Array.from({ length: 4 }, (_, i) => ({
				value: i === badIndex ? c.bad : good,
			})) as IDataObject[];
			const before = {
				invoke: sim.state.counts.invoke ?? 0,
				query: sim.state.counts.query ?? 0,
				logs: sim.state.counts.logs ?? 0,
			};

			const result = await runWorkflowNode(sim, {
				parameters: c.parameters,
				items,
				continueOnFail: true,
			});
			addFigures({ itemsIn: items.length, itemsOut: result.items.length });
			expect(result.error).toBeUndefined();
			// getRuns gives one item per run found (none here); the others one item per input item
			if (c.parameters.operation !== 'getRuns')
				expect(paired(result.items)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
			const errors = result.items.filter((item) => item.json.error !== undefined);
			expect(errors.map((item) => item.pairedItem)).toEqual([{ item: badIndex }]);
			const message = String(errors[0].json.error);
			expect(message.endsWith(` [item ${badIndex}]`)).toBe(true);
			expect(message.slice(0, -` [item ${badIndex}]`.length)).toMatch(c.message);
			// the bad item never reached GPTBots; the 3 good ones did
			expect(SENT.test(String(c.parameters.operation))).toBe(true);
			const sent = {
				invoke: (sim.state.counts.invoke ?? 0) - before.invoke,
				getResult: (sim.state.counts.query ?? 0) - before.query,
				getRuns: (sim.state.counts.logs ?? 0) - before.logs,
			}[String(c.parameters.operation) as 'invoke' | 'getResult' | 'getRuns'];
			expect(sent).toBe(3);

			// without continueOnFail the same message stops the execution
			const failing = await runWorkflowNode(sim, { parameters: c.parameters, items });
			expect(failing.error?.message).toBe(message);
		},
	);
});

// --------------------------------------------------------------------------------------------
describe('bad values read once (options, credential, enums): named, [item 0], nothing sent', () => {
	it.each(once.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
		const { sim } = holder;
		tried++;
		const result = await runNode({
			nodeTypes,
			credentialTypes,
			credentials: {
				gptBotsApi: { endpoint: 'custom', baseUrl: sim.url, apiKey: API_KEY, ...c.credentials },
			},
			node: workflowNode({ parameters: c.parameters }),
			inputItems: [{}],
		});
		addFigures({ itemsIn: 1, itemsOut: result.items.length });
		const message = String(
			result.error?.message ?? `(no error; output ${JSON.stringify(json(result.items))})`,
		);
		expect(message).toMatch(/ \[item 0\]$/);
		expect(message.replace(/ \[item 0\]$/, '')).toMatch(c.message);
		if (c.parameters.operation !== 'getRuns') expect(sim.state.counts.invoke ?? 0).toBe(0);
	});
});

// --------------------------------------------------------------------------------------------
describe('accepted and normalised', () => {
	it.each([
		['trailing slashes', (url: string) => `${url}///`],
		['spaces around', (url: string) => `  ${url}/  `],
	])('a custom base URL with %s works', async (_label, make) => {
		const { sim } = holder;
		tried++;
		const result = await runWorkflowNode(sim, {
			parameters: invoke(),
			baseUrl: make(sim.url),
			items: [{}],
		});
		addFigures({ itemsIn: 1, itemsOut: result.items.length });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ status: 'SUCCEED' });
		// the API path was appended once, with no double slash
		expect(sim.state.requests.map((r) => r.path)).toEqual(['/v1/workflow/invoke']);
	});

	it('a field named __proto__ is sent as a field (not swallowed as a prototype)', async () => {
		const { sim } = holder;
		tried++;
		const result = await runWorkflowNode(sim, {
			parameters: syncFields(
				{ name: '__proto__', type: 'json', value: '{"polluted":true}' },
				{ name: 'b', value: 'x' },
			),
		});
		addFigures({ itemsIn: 1, itemsOut: result.items.length });
		expect(result.error).toBeUndefined();
		const sent = sim.state.requests.find((r) => r.path === '/v1/workflow/invoke')!.body as {
			input: object;
		};
		expect(Object.keys(sent.input)).toEqual(['__proto__', 'b']);
		expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
	});

	it('numbers, booleans and JSON given as text are converted', async () => {
		const { sim } = holder;
		const result = await runWorkflowNode(sim, {
			parameters: syncFields(
				{ name: ' n ', type: 'number', value: ' 4.5 ' },
				{ name: 'b', type: 'boolean', value: 'FALSE' },
				{ name: 'j', type: 'json', value: '{"k":[1]}' },
				{ name: 's', type: 'string', value: '={{ $json.obj }}' },
			),
			items: [{ obj: { a: 1 } }],
		});
		expect(result.items[0].json.input).toEqual({ n: 4.5, b: false, j: { k: [1] }, s: '{"a":1}' });
	});
});
