/**
 * The stream leg (`--n8n`, leg `stream`): how long a piece of a streamed answer takes from the
 * simulator sending it to a chat client receiving it through n8n (Chat Trigger, streaming →
 * GPTBots Agent, streaming, in a real `n8n start`), next to a bare SSE client reading the
 * simulator directly. The answer is `pieces` numbered words ("0001 0002 … "), one piece each,
 * `pieceMs` apart; each piece's sending time is the simulator's record (`state.agent.streams`),
 * each arrival this process's clock (one machine, one wall clock). A piece has arrived when the
 * text received so far covers it.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';

import { AGENT_TYPE, CREDENTIAL_TYPE, SIM_AGENT_KEY } from '../../simulator/names';
import type { N8nLineName } from './args';
import * as builders from '../lib/builders';
import { chatUrl, sendChatMessage } from '../lib/chat';
import * as install from '../lib/install';
import * as n8nStart from '../lib/n8nStart';
import { request } from '../lib/request';
import * as workflows from '../lib/workflows';
import type { SimHandle } from './sim';

const CHAT_WEBHOOK_ID = builders.stableUuid('bench-stream-chat');
const CREDENTIAL = { id: builders.workflowId('bench:agent-credential'), name: 'bench agent' };

export interface StreamConfig {
	pieces: number;
	pieceMs: number;
}

/** The answer: `pieces` numbered words of equal length, told apart by their numbers. */
const answerOf = (pieces: number) =>
	Array.from({ length: pieces }, (_, i) => `${String(i + 1).padStart(4, '0')} `).join('');

const steering = (cfg: StreamConfig) => ({
	__answer: answerOf(cfg.pieces),
	__pieces: cfg.pieces,
	__pieceMs: cfg.pieceMs,
});

interface SentStream {
	pieces: Array<{ text: string; sentAt: number }>;
}

/** The newest stream the simulator recorded. */
async function lastStream(sim: SimHandle): Promise<SentStream> {
	const res = await request('GET', `${sim.url}/__sim/state?last=0`);
	const streams = (res.json as { agent?: { streams?: SentStream[] } } | undefined)?.agent?.streams;
	const stream = streams?.at(-1);
	if (!stream) throw new Error('stream leg: the simulator recorded no stream');
	return stream;
}

/**
 * Per piece: arrival − sending. `arrivals` are [text so far, time] as the client got them.
 */
function overheads(sent: SentStream, arrivals: Array<{ text: string; at: number }>): number[] {
	let end = 0;
	let received = 0;
	let index = 0;
	const out: number[] = [];
	for (const piece of sent.pieces) {
		end += piece.text.length;
		while (index < arrivals.length && received < end) received += arrivals[index++].text.length;
		if (received < end) throw new Error(`stream leg: piece ${out.length + 1} never arrived`);
		out.push(arrivals[index - 1].at - piece.sentAt);
	}
	return out;
}

/** A bare SSE client: the message sent straight to the simulator, its `data:` events timed. */
async function bareClient(sim: SimHandle, conversationId: string, cfg: StreamConfig) {
	const body = JSON.stringify({
		conversation_id: conversationId,
		response_mode: 'streaming',
		messages: [{ role: 'user', content: 'bench' }],
		conversation_config: { custom_variables: steering(cfg) },
	});
	const arrivals: Array<{ text: string; at: number }> = [];
	await new Promise<void>((resolve, reject) => {
		const req = http.request(`${sim.url}/v2/conversation/message`, {
			method: 'POST',
			headers: {
				Authorization: `Bearer ${SIM_AGENT_KEY}`,
				'content-type': 'application/json',
				'content-length': Buffer.byteLength(body),
			},
		});
		req.on('response', (res) => {
			let pending = '';
			res.setEncoding('utf8');
			res.on('data', (chunk: string) => {
				const at = Date.now();
				pending += chunk;
				const events = pending.split('\n\n');
				pending = events.pop() ?? '';
				for (const event of events) {
					const data = event.replace(/^data:\s?/, '');
					const parsed = JSON.parse(data) as { code?: number; data?: string };
					if (parsed.code === 3 && parsed.data) arrivals.push({ text: parsed.data, at });
				}
			});
			res.on('end', resolve);
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end(body);
	});
	return overheads(await lastStream(sim), arrivals);
}

/** n8n with the chat workflow (Chat Trigger → GPTBots Agent, both streaming), started once per line. */
export async function startStreamN8n(
	line: N8nLineName,
	sim: SimHandle,
	cfg: StreamConfig,
	log: (message: string) => void,
) {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gptbots-bench-stream-'));
	const { tarball } = await install.buildAndPack(path.join(root, 'pack'));
	const resolved = await install.resolveLine(line);
	const { userFolder } = await install.makeUserFolder(path.join(root, line), tarball);
	const ctx = install.n8nContext(resolved, userFolder);
	await workflows.importCredentials(ctx, [
		{
			...CREDENTIAL,
			type: CREDENTIAL_TYPE,
			data: { endpoint: 'custom', baseUrl: sim.url, apiKey: SIM_AGENT_KEY },
		},
	]);
	const variables = Object.entries(steering(cfg)).map(([name, value]) => ({
		name,
		value: String(value),
	}));
	const chat = builders.workflow('bench:stream-chat', 'bench streamed chat', [
		{
			name: 'Chat',
			type: '@n8n/n8n-nodes-langchain.chatTrigger',
			typeVersion: 1.4,
			parameters: { public: true, mode: 'hostedChat', options: { responseMode: 'streaming' } },
			webhookId: CHAT_WEBHOOK_ID,
		},
		{
			name: 'GPTBots Agent',
			type: AGENT_TYPE,
			typeVersion: 1,
			parameters: {
				operation: 'sendMessage',
				conversation: 'chatSession',
				text: '={{ $json.chatInput }}',
				responseMode: 'streaming',
				options: { customVariables: { variable: variables } },
			},
			credentials: { [CREDENTIAL_TYPE]: CREDENTIAL },
		},
	]);
	await workflows.importWorkflows(ctx, [chat]);
	await workflows.activateWorkflow(ctx, chat.id);
	const server = await n8nStart.startN8n(ctx);
	const url = chatUrl(server, CHAT_WEBHOOK_ID);
	await n8nStart.waitForWebhook(url, { method: 'GET' });
	log(`stream leg: n8n ${resolved.version} started (pid ${server.pid}), chat at ${url}`);
	const stop = async () => {
		await server.stop();
		fs.rmSync(root, { recursive: true, force: true });
	};
	return { url, version: resolved.version, stop };
}

/** One rep: a chat message through n8n, then the bare client; every piece's overhead, both ways. */
export async function streamRep(
	n8n: { url: string },
	sim: SimHandle,
	cfg: StreamConfig,
	rep: number,
): Promise<{ viaN8n: number[]; bare: number[] }> {
	const reply = await sendChatMessage(n8n.url, {
		sessionId: `bench-stream-${rep}`,
		chatInput: 'bench',
		timeoutMs: 120_000,
	});
	if (reply.status !== 200) throw new Error(`stream leg: chat answered ${reply.status}`);
	const items = reply.chunks
		.filter((chunk) => chunk.type === 'item')
		.map((chunk) => ({ text: String(chunk.content ?? ''), at: chunk.at }));
	const viaN8n = overheads(await lastStream(sim), items);
	const conversation = await request('POST', `${sim.url}/v1/conversation`, {
		headers: { Authorization: `Bearer ${SIM_AGENT_KEY}` },
		body: { user_id: 'bench-bare' },
	});
	const id = (conversation.json as { conversation_id: string }).conversation_id;
	return { viaN8n, bare: await bareClient(sim, id, cfg) };
}

/** The p-th percentile (nearest rank) of `values`. */
export function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
