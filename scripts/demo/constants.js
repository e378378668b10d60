'use strict';
// Fixed names and ids shared by the demo, the example workflows and their check.
const path = require('path');

const { REPO } = require('../lib/constants');

module.exports = {
	EXAMPLES_DIR: path.join(REPO, 'examples'),
	/** The credential the examples reference (by id; the name is what the editor shows). */
	DEMO_CREDENTIAL: { id: 'GptBotsDemoCred1', name: 'GPTBots (demo simulator)' },
	/** The credential the agent examples reference: an agent's key (a key belongs to one agent). */
	DEMO_AGENT_CREDENTIAL: { id: 'GptBotsDemoAgnt1', name: 'GPTBots agent (demo simulator)' },
	/** The OpenAI credential the AI Agent example references (the user picks their own). */
	DEMO_OPENAI_CREDENTIAL: { id: 'GptBotsDemoOpnAI', name: 'OpenAI' },
	/** The demo's n8n owner. Local only: n8n listens on 127.0.0.1. */
	DEMO_OWNER: {
		email: 'demo@example.com',
		firstName: 'Demo',
		lastName: 'User',
		password: 'GPTBots-demo-1',
	},
	/** The trigger example's secret header value and its fixed webhook id (decides its URL). */
	TRIGGER_SECRET: 'change-me-demo-secret',
	TRIGGER_WEBHOOK_ID: '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f',
	/** The Agent Trigger example's fixed webhook id (its URL goes into the agent in GPTBots). */
	AGENT_TRIGGER_WEBHOOK_ID: '7a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
	/** The chat example's Chat Trigger webhook id (its URL: /webhook/<id>/chat). */
	AGENT_CHAT_WEBHOOK_ID: '8b3c4d5e-6f70-4b9c-8d1e-2f3a4b5c6d7e',
	/** Written into examples where n8n's own address is needed; the demo replaces it with its URL. */
	PLACEHOLDER_N8N_URL: 'http://127.0.0.1:5678',
	/** Example ids, by file. */
	IDS: {
		webhook: 'GptBotsExWebhook',
		form: 'GptBotsExFormRun',
		asyncPoll: 'GptBotsExAsyncPl',
		callback: 'GptBotsExCallbck',
		perRow: 'GptBotsExPerRow1',
		trigger: 'GptBotsExTrigger',
		triggerSender: 'GptBotsExTrigSnd',
		summarisePdf: 'GptBotsExSumPdf1',
		makeDocument: 'GptBotsExMakeDoc',
		aiAgent: 'GptBotsExAiAgent',
		agentReply: 'GptBotsExAgReply',
		agentChat: 'GptBotsExAgChat1',
		agentTool: 'GptBotsExAgTool1',
		agentEmail: 'GptBotsExAgEmail',
	},
	/** The examples that listen (webhooks, form, triggers): the demo and the check publish them. */
	get SERVED_IDS() {
		const { IDS } = module.exports;
		return [
			IDS.webhook,
			IDS.form,
			IDS.callback,
			IDS.trigger,
			IDS.agentReply,
			IDS.agentChat,
			IDS.agentEmail,
		];
	},
	/** The PDF the "summarise a PDF" example sends, and the file the "make a document" check has GPTBots answer with. */
	SAMPLE_PDF_NAME: 'quarterly-report.pdf',
	SAMPLE_DOCUMENT: { name: 'launch-notes.md', bytes: 2000 },
	WEBHOOK_PATHS: {
		webhook: 'gptbots-demo',
		form: 'gptbots-form',
		callback: 'gptbots-callback',
		supportEmail: 'gptbots-support-email',
	},
};
