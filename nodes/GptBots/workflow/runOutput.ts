import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { ItemError, runFailureOf } from '../shared/errors';
import type { RunOptions } from '../shared/runOptions';
import { shapeRunOutput } from '../shared/runResult';

/** An ended run as the node outputs it; a FAILED run is thrown as an error unless the user opted out. */
export function finishRun(
	ctx: IExecuteFunctions,
	run: IDataObject,
	options: RunOptions,
	itemIndex: number,
): IDataObject {
	const failure = runFailureOf(run, options.failOnRunFailure);
	if (failure) {
		throw new ItemError(
			ctx,
			failure.message,
			itemIndex,
			failure.fields,
			'Turn off the option "Fail on Run Failure" to pass FAILED runs on as data.',
		);
	}
	return shapeRunOutput(run, options.outputMode);
}

/**
 * As finishRun, for the items a callback resumes the node with: a resumed node cannot throw, so
 * a FAILED run becomes an error item, without hint or item number (as this mode has always had it).
 */
export function finishRunInCallback(run: IDataObject, options: RunOptions): IDataObject {
	const failure = runFailureOf(run, options.failOnRunFailure);
	return failure
		? { error: failure.message, ...failure.fields }
		: shapeRunOutput(run, options.outputMode);
}
