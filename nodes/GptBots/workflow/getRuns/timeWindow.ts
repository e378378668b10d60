import { InvalidParameterError } from '../../shared/errors';

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
