import { GptBotsApi } from '../../credentials/GptBotsApi.credentials';
import { deliveryOrder } from '../../scripts/bench/deliveries';
import { FLOOR_TYPE, HttpFloor } from '../../scripts/bench/floorNode';
import { runNode } from '../harness/engine';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createSimulator } = require('../../simulator/server') as {
	createSimulator(options: object): {
		start(): Promise<{ url: string }>;
		stop(): Promise<void>;
		state: { counts: Record<string, number>; peakInFlight: number };
	};
};

describe('bench floor: a bare httpRequestWithAuthentication loop in the engine', () => {
	let sim: ReturnType<typeof createSimulator>;
	let url: string;
	beforeAll(async () => {
		sim = createSimulator({ latencyMs: 100 });
		({ url } = await sim.start());
	});
	afterAll(async () => await sim.stop());

	it('sends one authenticated invoke per item, at most `concurrency` at once, output in input order', async () => {
		const inputItems = Array.from({ length: 12 }, (_, i) => ({ item: i }));
		const result = await runNode({
			nodeTypes: { [FLOOR_TYPE]: new HttpFloor() },
			credentialTypes: { gptBotsApi: new GptBotsApi() },
			credentials: { gptBotsApi: { endpoint: 'custom', baseUrl: url, apiKey: 'sim-key-123' } },
			node: {
				name: 'Floor',
				type: FLOOR_TYPE,
				parameters: { concurrency: 4 },
				credentials: { gptBotsApi: { id: '1', name: 'sim' } },
			},
			inputItems,
		});
		expect(result.error).toBeUndefined();
		expect(sim.state.counts.invoke).toBe(12);
		expect(sim.state.counts.unauthorized).toBe(0);
		// At most 4; more than one (it is a pool), though a busy machine may not fill all 4 at once.
		expect(sim.state.peakInFlight).toBeLessThanOrEqual(4);
		expect(sim.state.peakInFlight).toBeGreaterThan(1);
		expect(
			result.items.map((item) => [item.json.status, item.json.input, item.pairedItem]),
		).toEqual(inputItems.map((input, i) => ['SUCCEED', input, { item: i }]));
	});
});

describe('bench trigger leg: delivery order', () => {
	it('delivers every run id once and every fifth one a second time, after its first copy', () => {
		const ids = Array.from({ length: 23 }, (_, i) => `r${i}`);
		const order = deliveryOrder(ids);
		const repeated = ids.filter((_, i) => i % 5 === 0);
		expect(order).toHaveLength(ids.length + repeated.length);
		for (const id of ids) {
			const positions = order.flatMap((each, at) => (each === id ? [at] : []));
			expect(positions).toHaveLength(repeated.includes(id) ? 2 : 1);
			if (positions.length === 2) expect(positions[1]).toBeGreaterThan(positions[0]);
		}
	});

	it('keeps first deliveries in run-id order', () => {
		const ids = Array.from({ length: 10 }, (_, i) => `r${i}`);
		const firsts = deliveryOrder(ids).filter((id, at, all) => all.indexOf(id) === at);
		expect(firsts).toEqual(ids);
	});
});
