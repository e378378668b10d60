import type { INodeProperties } from 'n8n-workflow';

import { boundedNumber } from '../shared/commonOptions.description';
import { OPTION_LIMITS } from '../shared/runOptions';

// Poll Interval and Max Wait, written once: version 1.1 shows them beside the mode
// (invoke.description.ts), version 1 in Options (optionsCollection.description.ts). Their defaults
// and bounds are OPTION_LIMITS'.

export const pollIntervalParameter: INodeProperties = boundedNumber(
	'Poll Interval (Seconds)',
	'pollInterval',
	OPTION_LIMITS.pollInterval,
	'Wait between result checks. After five checks it grows to 20 % of the time waited so far (at most 30 s), so long runs cost few requests.',
);

export const maxWaitParameter: INodeProperties = boundedNumber(
	'Max Wait (Seconds)',
	'maxWait',
	OPTION_LIMITS.maxWait,
	'How long to wait for an async run to end before giving up with an error that gives its workflowRunId',
);
