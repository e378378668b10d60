/** The trigger leg's load: which run id each delivery carries, in order. */

const REPEAT_EVERY = 5;
/** A repeat goes out this many deliveries after its first copy: often while that one is in flight. */
const REPEAT_LAG = 3;

/** Every run id once, and every fifth one (20 %) a second time REPEAT_LAG deliveries later. */
export function deliveryOrder(ids: string[]): string[] {
	const order: string[] = [];
	ids.forEach((id, i) => {
		order.push(id);
		const repeated = i - REPEAT_LAG;
		if (repeated >= 0 && repeated % REPEAT_EVERY === 0) order.push(ids[repeated]);
	});
	// the repeats whose lag runs past the end
	for (let r = Math.max(0, ids.length - REPEAT_LAG); r < ids.length; r++)
		if (r % REPEAT_EVERY === 0) order.push(ids[r]);
	return order;
}
