// @ts-check
'use strict';
// (d) One GPTBots conversation per n8n chat session (GPTBots Agent, conversation `chatSession`)
// in queue mode: n8n's Chat Trigger (public, answering with the last node) on the webhook process,
// the Agent on the workers. The messages of a session go one after another over both workers, a
// worker stopped (the other must take the next message), fresh workers and a restarted main
// (nothing in any process's memory: the mapping must come from the workflow's static data in
// Postgres). Then "races": two messages of a NEW session at the same moment.

const { chatUrl, sendChatMessage } = require('../../lib/chat');
const { log, timed } = require('../../lib/log');
const { waitForWebhook } = require('../../lib/n8nStart');
const { sleep } = require('../../lib/wait');
const { workerJobs } = require('../n8n');
const { check, figure, show } = require('../report');

/** Races (two messages of a new session at once) at most, and how many must span both workers. */
const RACES = 4;
const SPLIT_RACES = 1;
/** Simulator latency during a race: both executions certainly overlap. */
const RACE_LATENCY_MS = 800;

/**
 * @typedef {{ session: string, text: string, status: number, reply: any, conversationId?: string,
 *   executionId?: string, worker?: string, startedAt?: number, stoppedAt?: number | null }} SentMessage
 */

/** @param {import('./01-setup').QueueEnv} env */
async function run(env) {
	const { hookUrl, wfs, sim, pg, executions, nonce } = env;
	const url = chatUrl({ url: hookUrl }, wfs.chat.webhookId);
	/** Every worker of the suite, also the stopped ones (which worker ran what). */
	const everyWorker = [...env.workers];
	/** @type {SentMessage[]} */
	const sent = [];
	const agent = sim.state.agent;
	const triggerName = wfs.chat.wf.nodes[0].name;

	/** Sends one chat message; the conversation it went to is read at the simulator. */
	const say = async (/** @type {string} */ session, /** @type {string} */ text) => {
		const r = await sendChatMessage(url, { sessionId: session, chatInput: text, timeoutMs: 90000 });
		let reply = null;
		try {
			reply = JSON.parse(r.body);
		} catch {
			reply = r.body.slice(0, 300);
		}
		const atSim = agent.messages.filter((m) => JSON.stringify(m.messages).includes(text));
		/** @type {SentMessage} */
		const message = {
			session,
			text,
			status: r.status,
			reply,
			conversationId: atSim[0]?.conversationId,
		};
		if (atSim.length !== 1) message.conversationId = `${atSim.length} messages at the simulator`;
		sent.push(message);
		return message;
	};
	/** Fills in each message's execution and the worker that ran it. */
	const placeExecutions = async () => {
		const jobs = workerJobs(everyWorker);
		for (const exe of await executions(wfs.chat.wf.id)) {
			const text = exe.output(triggerName)?.[0]?.json?.chatInput;
			const m = sent.find((s) => s.text === text);
			if (!m) continue;
			Object.assign(m, { executionId: exe.id, startedAt: exe.startedAt, stoppedAt: exe.stoppedAt });
			m.worker = (jobs.get(exe.id) || []).find((j) => j.kind === 'started')?.worker;
		}
	};
	const conversationsOf = (/** @type {string} */ session) => [
		...new Set(sent.filter((m) => m.session === session).map((m) => m.conversationId)),
	];
	/** Conversations the simulator created for a session (its user id: the session id). */
	const createdFor = (/** @type {string} */ session) =>
		[...agent.conversations.values()].filter(
			(c) => c.userId === session.replace(/[^A-Za-z0-9_]/g, ''),
		).length;
	const savedMapping = async () => {
		const [row] = await pg.query(
			`SELECT "staticData" AS s FROM workflow_entity WHERE id = '${wfs.chat.wf.id}'`,
		);
		const data = typeof row?.s === 'string' ? JSON.parse(row.s) : row?.s;
		/** @type {Record<string, [string, number]>} */
		const sessions = data?.[`node:${wfs.chat.nodeName}`]?.chatSessions || {};
		return (/** @type {string} */ session) =>
			Object.entries(sessions).find(([key]) => key.endsWith(`:${session}`))?.[1]?.[0];
	};
	/** @param {import('../n8n').N8nProcess} p */
	const stop = async (p) => {
		await p.stop();
		log(`(d) stopped ${p.name} (pid ${p.pid})`);
	};
	const startWorker = async (/** @type {string} */ name) => {
		const w = await env.startWorker(name);
		everyWorker.push(w);
		return w;
	};

	await waitForWebhook(url, {
		method: 'POST',
		body: { action: 'loadPreviousSession', sessionId: 'probe' },
	});
	const s1 = `qs1${nonce}`;
	const s2 = `qs2${nonce}`;
	let n = 0;
	const next = (/** @type {string} */ session) => `${session} message ${++n}`;

	await timed(
		'(d) one session, message after message, over both workers and restarts',
		async () => {
			for (const session of [s1, s2, s1, s1]) await say(session, next(session));
			// Only worker2 left: it must take the next message.
			const [worker1, worker2] = env.workers;
			await stop(worker1);
			const onWorker2 = await say(s1, next(s1));
			// worker2 and main stopped too; main and two fresh workers started, all at once: the
			// next messages run with nothing in any worker's memory.
			await Promise.all([stop(worker2), stop(env.main)]);
			const [main, ...fresh] = await Promise.all([
				env.startMain('main-restarted'),
				startWorker('worker1-restarted'),
				startWorker('worker2-restarted'),
			]);
			env.main = main;
			env.workers.splice(0, env.workers.length, ...fresh);
			const onFresh = await say(s1, next(s1));
			await say(s2, next(s2));
			await say(s1, next(s1));
			await placeExecutions();
			for (const m of sent)
				log(`(d) ${m.text}: HTTP ${m.status}, ${m.conversationId}, ${m.worker}`);
			check(
				`(d) › all ${sent.length} chat messages answered 200 by the GPTBots Agent (blocking)`,
				sent.every((m) => m.status === 200 && m.reply?.conversationId === m.conversationId),
				show(sent.filter((m) => m.status !== 200 || m.reply?.conversationId !== m.conversationId)),
			);
			check(
				`(d) › worker1 stopped: worker2 ran the next message; after the restart a fresh worker did (${onWorker2.worker}, ${onFresh.worker})`,
				onWorker2.worker === 'worker2' && /-restarted$/.test(onFresh.worker ?? ''),
				show([onWorker2, onFresh]),
			);
			const bySession = [s1, s2].map((s) => conversationsOf(s));
			check(
				`(d) › every message of session 1 (${sent.filter((m) => m.session === s1).length}, on ${[...new Set(sent.filter((m) => m.session === s1).map((m) => m.worker))].join(', ')}) went to ONE GPTBots conversation, created once`,
				bySession[0].length === 1 && createdFor(s1) === 1,
				show({ conversations: bySession[0], created: createdFor(s1) }),
			);
			check(
				'(d) › session 2 got ONE conversation of its own, kept across the restarts',
				bySession[1].length === 1 && bySession[1][0] !== bySession[0][0] && createdFor(s2) === 1,
				show(bySession),
			);
			const saved = await savedMapping();
			check(
				"(d) › the workflow's static data in Postgres maps both sessions to their conversations",
				saved(s1) === bySession[0][0] && saved(s2) === bySession[1][0],
				show([saved(s1), saved(s2), bySession]),
			);
			figure(
				`(d) session 1's messages ran on: ${sent
					.filter((m) => m.session === s1)
					.map((m) => m.worker ?? '?')
					.join(' → ')}`,
			);
		},
	);

	await timed('(d) races: two messages of a NEW session at the same moment', async () => {
		/** @type {{ session: string, workers: string[], created: number, first: string[], after: string[], saved?: string }[]} */
		const races = [];
		for (
			let i = 0;
			i < RACES && races.filter((r) => r.workers.length > 1).length < SPLIT_RACES;
			i++
		) {
			const session = `qr${i}${nonce}`;
			sim.configure({ latencyMs: RACE_LATENCY_MS });
			const pair = await Promise.all([say(session, next(session)), say(session, next(session))]);
			sim.configure({ latencyMs: 0 });
			await sleep(300); // both executions' static data saved
			// Then the session goes on, message after message (on whichever worker takes it).
			const later = [];
			for (let k = 0; k < 4; k++) later.push(await say(session, next(session)));
			await placeExecutions();
			const saved = (await savedMapping())(session);
			const [a, b] = pair;
			const race = {
				session,
				workers: [...new Set(pair.map((m) => m.worker ?? '?'))],
				created: createdFor(session),
				overlapMs:
					Math.min(a.stoppedAt ?? 0, b.stoppedAt ?? 0) -
					Math.max(a.startedAt ?? 0, b.startedAt ?? 0),
				first: pair.map((m) => `${m.worker}:${m.conversationId}`),
				after: later.map((m) => `${m.worker}:${m.conversationId}`),
				...(saved && { saved }),
			};
			races.push(race);
			log(`(d) race ${i + 1}: ${show(race)}`);
			check(
				`(d) race ${i + 1} › both messages answered 200, each sent to GPTBots once`,
				pair.every((m) => m.status === 200 && m.reply?.conversationId === m.conversationId),
				show(pair),
			);
			const split = race.workers.length > 1;
			check(
				split
					? `(d) race ${i + 1} (two workers, executions overlapping ${race.overlapMs} ms) › the documented limit: each worker created a conversation (${race.created})`
					: `(d) race ${i + 1} (one worker, ${race.workers[0]}) › one conversation created`,
				race.created === (split ? 2 : 1),
				show(race),
			);
			check(
				`(d) race ${i + 1} › afterwards every message of the session (on ${[...new Set(later.map((m) => m.worker))].join(', ')}) goes to ONE conversation, the one saved last`,
				later.every((m) => m.conversationId === saved),
				show(race),
			);
		}
		const split = races.filter((r) => r.workers.length > 1).length;
		figure(
			`(d) races: ${races.length}, ${split} spread over two workers; conversations created per race: ${races.map((r) => r.created).join(', ')}`,
		);
		check(
			`(d) › at least ${SPLIT_RACES} race spread over both workers (${split} of ${races.length})`,
			split >= SPLIT_RACES,
			show(races),
		);
	});

	const saveErrors = everyWorker.flatMap((w) =>
		w.lines
			.filter((l) => /problem saving the workflow/i.test(l.text))
			.map((l) => `${w.name}: ${l.text}`),
	);
	check(
		'(d) › no static-data save errors on any worker (also the stopped ones)',
		saveErrors.length === 0,
		saveErrors.join('\n'),
	);
}

module.exports = { run };
