/** The GPTBots Agent node in n8n-core's engine against the simulator (as fixture.ts does for workflows). */
import type { IDataObject } from 'n8n-workflow';

import type { RunResult, StreamChunk } from '../harness/engine';
import { runNode } from '../harness/engine';
import { agentNode, credentialTypes, nodeTypes } from '../harness/gptbots';
import { SIM_AGENT_KEY } from '../../simulator/names';
import type { NodeRun, Simulator } from './fixture';
import { credentialsFor } from './fixture';

export const AGENT_KEY = SIM_AGENT_KEY;

export interface AgentRun extends NodeRun {
	staticData?: IDataObject;
	onChunk?: (chunk: StreamChunk) => void;
}

/** Runs the GPTBots Agent node after a start node emitting `items`, with the agent's key by default. */
export async function runAgentNode(sim: Simulator, run: AgentRun): Promise<RunResult> {
	return await runNode({
		nodeTypes,
		credentialTypes,
		credentials: credentialsFor(sim, { ...run, apiKey: run.apiKey ?? AGENT_KEY }),
		node: agentNode(run),
		inputItems: run.items ?? [{}],
		staticData: run.staticData,
		onChunk: run.onChunk,
	});
}

/** What the simulator recorded of the agent: conversations, messages, streams. */
export function agentState(sim: Simulator) {
	return (sim.state as unknown as { agent: AgentState }).agent;
}

export interface AgentState {
	conversations: Map<string, { id: string; userId: string; history: IDataObject[] }>;
	messages: Array<{
		conversationId: string;
		mode: string;
		messages: Array<{ role: string; text: string; parts: IDataObject[] }>;
		config: IDataObject | null;
		answer: string;
	}>;
	streams: Array<{ pieces: Array<{ text: string; sentAt: number }>; broken: boolean }>;
}
