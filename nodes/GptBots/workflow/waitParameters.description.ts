import type { INodeProperties } from 'n8n-workflow';

import { OPTION_LIMITS } from '../shared/runOptions';

const { maxWait, pollInterval } = OPTION_LIMITS;

// Poll Interval and Max Wait, written once: version 1.1 shows them beside the mode
// (invoke.description.ts), version 1 in Options (optionsCollection.description.ts). Defaults are
// literals, as n8n's lint wants; a unit test holds them equal to OPTION_LIMITS.

export const pollIntervalParameter: INodeProperties = {
	displayName: 'Poll Interval (Seconds)',
	name: 'pollInterval',
	type: 'number',
	typeOptions: { minValue: pollInterval.min, maxValue: pollInterval.max },
	default: 2,
	description:
		'Wait between result checks. After five checks it grows to 20 % of the time waited so far (at most 30 s), so long runs cost few requests.',
};

export const maxWaitParameter: INodeProperties = {
	displayName: 'Max Wait (Seconds)',
	name: 'maxWait',
	type: 'number',
	typeOptions: { minValue: maxWait.min, maxValue: maxWait.max },
	default: 600,
	description:
		'How long to wait for an async run to end before giving up with an error that gives its workflowRunId',
};
