import { createHash, timingSafeEqual } from 'crypto';

/** Compares a received secret with the expected one in constant time, whatever their lengths. */
export function secretMatches(received: unknown, expected: string): boolean {
	const value = Array.isArray(received) ? received[0] : received;
	if (typeof value !== 'string') return false;
	const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
	return timingSafeEqual(digest(value), digest(expected));
}
