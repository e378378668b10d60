/**
 * A full garbage collection on demand, also when node was started without --expose-gc. The legs
 * call it before each side, so that one side's garbage is not collected in the next side's time.
 */
import * as v8 from 'v8';
import * as vm from 'vm';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

export function collectGarbage(): void {
	gc();
}
