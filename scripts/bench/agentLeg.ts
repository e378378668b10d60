/**
 * The agent leg (`agent`): the GPTBots Agent node sending blocking messages at concurrency, against
 * its floor, a bare loop of n8n's request helper sending the same messages (floorNode.ts with
 * endpoint "agent"), both in n8n-core's engine, mirrored within each rep as the workflow's
 * no-limit leg is (legs.ts). One conversation for all messages (created first). → agentFloorRatio.
 */
import { SIM_AGENT_KEY } from '../../simulator/names';
import { request } from '../lib/request';
import type { BenchConfig, Figures } from './legs';
import { check, mean, mirrored, syncItems } from './legs';
import type { ItemRunner } from './runners';
import { agentEngineRunner } from './runners';
import type { SimHandle } from './sim';

/** A conversation at the simulator, with the agent's key. */
async function createConversation(sim: SimHandle): Promise<string> {
	const res = await request('POST', `${sim.url}/v1/conversation`, {
		headers: { Authorization: `Bearer ${SIM_AGENT_KEY}` },
		body: { user_id: 'bench' },
	});
	const id = (res.json as { conversation_id?: string } | undefined)?.conversation_id;
	if (!id) throw new Error(`agent leg: no conversation (${res.status} ${res.text.slice(0, 200)})`);
	return id;
}

/** The agent runner (with its floor), warmed up on a short unmeasured run of both sides. */
export async function agentRunner(sim: SimHandle, cfg: BenchConfig): Promise<ItemRunner> {
	await sim.configure({ latencyMs: cfg.latencyMs, maxInFlight: null });
	const runner = agentEngineRunner(sim.url, await createConversation(sim));
	const job = {
		items: syncItems(Math.min(300, cfg.syncItems)),
		mode: 'sync' as const,
		concurrency: cfg.unlimitedConcurrency,
		continueOnFail: false,
	};
	await runner.run(job);
	await runner.floor!.run(job);
	return runner;
}

/** One rep: node and floor at concurrency N (the workflow leg's 100), A B B A. */
export async function agentLeg(
	runner: ItemRunner,
	sim: SimHandle,
	cfg: BenchConfig,
	rep: number,
): Promise<Figures> {
	await sim.configure({ latencyMs: cfg.latencyMs, maxInFlight: null });
	const job = {
		items: syncItems(cfg.syncItems),
		mode: 'sync' as const,
		concurrency: cfg.unlimitedConcurrency,
		continueOnFail: false,
	};
	const side = (label: string, which: ItemRunner) => async () => {
		const outcome = await which.run(job);
		check(label, outcome, cfg.syncItems);
		return outcome;
	};
	const [nodes, floors] = await mirrored(
		rep,
		side('agent node', runner),
		side('agent floor', runner.floor!),
	);
	const nodeMs = mean(nodes, (o) => o.ms);
	const floorMs = mean(floors, (o) => o.ms);
	const nodeCpuMs = mean(nodes, (o) => o.cpuMs ?? 0);
	const floorCpuMs = mean(floors, (o) => o.cpuMs ?? 0);
	return {
		agentNodeMs: nodeMs,
		agentFloorMs: floorMs,
		agentFloorRatio: nodeMs / floorMs,
		...(nodeCpuMs > 0 && floorCpuMs > 0 && { agentFloorCpuRatio: nodeCpuMs / floorCpuMs }),
	};
}
