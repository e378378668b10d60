import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../../shared/transport/client';

/*
 * One GPTBots conversation per n8n chat session: which conversation a session (the `sessionId`
 * of n8n's Chat Trigger) talks in. Kept in two places:
 * - the workflow's static data (getWorkflowStaticData('node')), which n8n saves with the workflow
 *   after each production execution, so the mapping outlives a restart and is shared by queue-mode
 *   workers; the newest MAX_SESSIONS sessions are kept;
 * - this process's memory, so manual executions (whose static data n8n does not save) and
 *   executions that overlap still find the conversation while the process lives. The saved
 *   mapping wins where both know the session (see find()).
 * Limits (docs/agent.md): n8n saves a workflow's static data whole, so two executions of different
 * sessions that overlap may overwrite each other's new entries; a session whose entry is lost
 * starts a new GPTBots conversation at its next message (GPTBots' memory of the old one is not
 * carried over). A conversation GPTBots no longer knows is replaced the same way.
 */

export const MAX_SESSIONS = 1000;

/** A last-use time is rewritten at most this often, so most messages leave static data alone. */
const TOUCH_AFTER_MS = 60 * 60 * 1000;

const STATIC_KEY = 'chatSessions';

type Entry = [conversationId: string, lastUsedMs: number];

/** This process's copy: session key → conversation id, oldest first (bounded). */
const inProcess = new Map<string, string>();

/** Conversations being created, so two items of one session never create two. */
const creating = new Map<string, Promise<string>>();

function bounded<K, V>(map: Map<K, V>, key: K, value: V): void {
	map.delete(key);
	map.set(key, value);
	while (map.size > MAX_SESSIONS) map.delete(map.keys().next().value as K);
}

export class ChatSessions {
	private readonly prefix: string;

	private readonly saved: Record<string, Entry>;

	constructor(ctx: IExecuteFunctions) {
		const node = ctx.getNode();
		const credential = node.credentials?.[CREDENTIAL_TYPE]?.id ?? '';
		// The credential is part of the key: a key belongs to one agent, and conversations to it.
		this.prefix = `${credential}:`;
		const data = ctx.getWorkflowStaticData('node');
		const stored = data[STATIC_KEY];
		if (stored === null || typeof stored !== 'object' || Array.isArray(stored))
			data[STATIC_KEY] = {};
		this.saved = data[STATIC_KEY] as IDataObject as Record<string, Entry>;
		this.memoryKey = `${ctx.getWorkflow().id ?? ''}:${node.id}:`;
	}

	private readonly memoryKey: string;

	/**
	 * The conversation of a session, if one is known. The saved mapping comes first: every process
	 * reads the same one (n8n loads static data at the start of each production execution), so
	 * processes that each created a conversation for one session (its first two messages at once
	 * on two workers) agree again on the one saved last. Memory only where nothing is saved.
	 */
	find(sessionId: string): string | undefined {
		const key = this.prefix + sessionId;
		const entry = this.saved[key];
		const saved = Array.isArray(entry) && typeof entry[0] === 'string' ? entry[0] : undefined;
		const found = saved ?? inProcess.get(this.memoryKey + key);
		if (found) this.remember(sessionId, found);
		return found;
	}

	/** Notes the session's conversation (newest first out of the bound). */
	remember(sessionId: string, conversationId: string, now = Date.now()): void {
		const key = this.prefix + sessionId;
		bounded(inProcess, this.memoryKey + key, conversationId);
		const entry = this.saved[key];
		if (Array.isArray(entry) && entry[0] === conversationId && now - entry[1] < TOUCH_AFTER_MS)
			return;
		this.saved[key] = [conversationId, now];
		const keys = Object.keys(this.saved);
		if (keys.length <= MAX_SESSIONS) return;
		keys.sort((a, b) => (this.saved[a]?.[1] ?? 0) - (this.saved[b]?.[1] ?? 0));
		for (const old of keys.slice(0, keys.length - MAX_SESSIONS)) delete this.saved[old];
	}

	/** Forgets a session's conversation that GPTBots no longer knows (not a newer one). */
	forget(sessionId: string, conversationId: string): void {
		const key = this.prefix + sessionId;
		if (inProcess.get(this.memoryKey + key) === conversationId)
			inProcess.delete(this.memoryKey + key);
		const entry = this.saved[key];
		if (Array.isArray(entry) && entry[0] === conversationId) delete this.saved[key];
	}

	/** The session's conversation, created by `create` when none is known (once per session). */
	async conversationOf(sessionId: string, create: () => Promise<string>): Promise<string> {
		const known = this.find(sessionId);
		if (known) return known;
		const key = this.memoryKey + this.prefix + sessionId;
		let pending = creating.get(key);
		if (!pending) {
			pending = create().then((id) => {
				this.remember(sessionId, id);
				return id;
			});
			creating.set(key, pending);
			void pending.then(
				() => creating.delete(key),
				() => creating.delete(key),
			);
		}
		return await pending;
	}
}
