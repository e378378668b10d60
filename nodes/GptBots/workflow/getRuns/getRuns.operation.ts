import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { InvalidParameterError } from '../../shared/errors';
import { parseRunLogRow } from '../../shared/runResult';
import { GptBotsClient } from '../../shared/transport/client';
import { runLogs } from '../../shared/transport/endpoints';
import { hasNextPage } from '../../shared/transport/runLogPage';
import { readOptionsOrThrow, executePerItem } from '../../shared/itemPool';
import { returnAllOr } from '../../shared/returnAll.description';

const show = { operation: ['getRuns'] };

const DAY_MS = 24 * 3600 * 1000;
const CONVERSATION_TYPES = ['ALL', 'API', 'AGENT', 'SHARE', 'C_WORKFLOW'];
const MAX_PAGE_SIZE = 100;
const MIN_PAGE_SIZE = 10;
/** A guard against a server that never reports the end of its list. */
const MAX_PAGES = 1000;

export const description: INodeProperties[] = [
	{
		displayName: 'Conversation Type',
		name: 'conversationType',
		type: 'options',
		default: 'API',
		displayOptions: { show },
		options: [
			{ name: 'Agent', value: 'AGENT' },
			{ name: 'All', value: 'ALL' },
			{ name: 'API', value: 'API' },
			{ name: 'Share', value: 'SHARE' },
			{ name: 'Workflow Called by Workflow', value: 'C_WORKFLOW' },
		],
		description: 'Which runs to list (console test runs are never listed)',
	},
	{
		displayName: 'Start Time',
		name: 'startTime',
		type: 'dateTime',
		default: '',
		description: 'Runs started at or after this time. Empty: 7 days ago.',
		displayOptions: { show },
	},
	{
		displayName: 'End Time',
		name: 'endTime',
		type: 'dateTime',
		default: '',
		description: 'Runs started at or before this time. Empty: now.',
		displayOptions: { show },
	},
	{
		displayName: 'Run User ID',
		name: 'runUserId',
		type: 'string',
		default: '',
		description: 'Only runs of this user ID (optional)',
		displayOptions: { show },
	},
	...returnAllOr(show, [
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
		},
	]),
];

export interface RunLogsQuery {
	conversationType: string;
	startMs: number;
	endMs: number;
	userId: string;
	/** Infinity for "return all". */
	limit: number;
}

export function readRunLogsQuery(
	ctx: IExecuteFunctions,
	itemIndex: number,
	now = Date.now(),
): RunLogsQuery {
	const startRaw = ctx.getNodeParameter('startTime', itemIndex, '');
	const endRaw = ctx.getNodeParameter('endTime', itemIndex, '');
	const endMs = endRaw === '' || endRaw === null ? now : toEpochMs(endRaw, 'End Time');
	const startMs =
		startRaw === '' || startRaw === null ? endMs - 7 * DAY_MS : toEpochMs(startRaw, 'Start Time');
	checkTimeWindow(startMs, endMs);
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : Number(ctx.getNodeParameter('limit', itemIndex, 50));
	if (!returnAll && (!Number.isInteger(limit) || limit < 1)) {
		throw new InvalidParameterError(
			'Limit',
			`must be a whole number of at least 1, got ${JSON.stringify(limit)}`,
		);
	}
	const conversationType = String(ctx.getNodeParameter('conversationType', itemIndex, 'API'));
	if (!CONVERSATION_TYPES.includes(conversationType)) {
		throw new InvalidParameterError(
			'Conversation Type',
			`unknown value "${conversationType}": use one of ${CONVERSATION_TYPES.join(', ')}`,
		);
	}
	return {
		conversationType,
		startMs,
		endMs,
		userId: String(ctx.getNodeParameter('runUserId', itemIndex, '') ?? '').trim(),
		limit,
	};
}

/** Pages through the run logs until the limit, the end of the list, or the reported total. */
export async function fetchRunLogs(
	client: GptBotsClient,
	query: RunLogsQuery,
	timeoutMs: number,
	itemIndex: number,
): Promise<IDataObject[]> {
	const pageSize = Math.max(MIN_PAGE_SIZE, Math.min(MAX_PAGE_SIZE, query.limit));
	const rows: IDataObject[] = [];
	for (let page = 1; page <= MAX_PAGES && rows.length < query.limit; page++) {
		const found = await runLogs(client, { ...query, page, pageSize }, timeoutMs, itemIndex);
		rows.push(...found.rows.map(parseRunLogRow));
		if (!hasNextPage(found, rows.length, pageSize)) break;
	}
	return rows.slice(0, query.limit);
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const options = readOptionsOrThrow(this);
	const client = new GptBotsClient(this, options);
	return await executePerItem(this, options.concurrency, async (itemIndex) => {
		const query = readRunLogsQuery(this, itemIndex);
		return await fetchRunLogs(client, query, options.timeoutMs, itemIndex);
	});
}

/** An instant from a date-time parameter: ISO text, epoch milliseconds, a Date or a Luxon DateTime. */
export function toEpochMs(value: unknown, field: string): number {
	if (value instanceof Date) return checked(value.getTime(), value, field);
	if (
		value &&
		typeof value === 'object' &&
		typeof (value as { toMillis?: unknown }).toMillis === 'function'
	) {
		return checked((value as { toMillis: () => number }).toMillis(), value, field);
	}
	if (typeof value === 'number') return checked(value, value, field);
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === '') throw new InvalidParameterError(field, 'is empty');
	if (/^\d+$/.test(text)) return checked(Number(text), value, field);
	return checked(Date.parse(text), value, field);
}

function checked(ms: number, original: unknown, field: string): number {
	if (!Number.isFinite(ms)) {
		throw new InvalidParameterError(field, `${JSON.stringify(original)} is not a date and time`);
	}
	return Math.round(ms);
}

export function checkTimeWindow(startMs: number, endMs: number): void {
	if (endMs < startMs) {
		throw new InvalidParameterError(
			'End Time',
			`ends before Start Time (${new Date(endMs).toISOString()} < ${new Date(startMs).toISOString()})`,
		);
	}
}
