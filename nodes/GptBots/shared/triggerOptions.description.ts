import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection } from './commonOptions.description';

/**
 * The Options collection both triggers share (`dedupe`, `unrecognised`: contract names), worded
 * for what each de-duplicates and what a recognisable delivery holds.
 */
export function triggerOptions(words: {
	/** the field repeats are told by, e.g. "workflowRunId" */
	idName: string;
	/** what a recognisable delivery holds, e.g. "run" */
	holds: string;
	/** what the delivery passed before it is read, e.g. "the secret check" */
	passed: string;
	/** said after Pass On's description */
	passOnNote?: string;
}): INodeProperties {
	return optionsCollection([
		{
			displayName: 'Ignore Repeated Deliveries',
			name: 'dedupe',
			type: 'boolean',
			default: true,
			description: `Whether a second delivery of the same ${words.idName} starts nothing (GPTBots may deliver more than once). Guaranteed within one n8n process; see the README on queue mode with several webhook processes.`,
		},
		{
			displayName: 'Unrecognised Deliveries',
			name: 'unrecognised',
			type: 'options',
			default: 'refuse',
			options: [
				{
					name: 'Pass On',
					value: 'passOn',
					description: `Start the workflow with the delivery as received (field rawDelivery)${words.passOnNote ?? ''}`,
				},
				{
					name: 'Refuse (Answer 400)',
					value: 'refuse',
					description: 'Answer 400 saying what was looked for; nothing starts',
				},
			],
			description: `What to do with a delivery that passes ${words.passed} but holds no recognisable ${words.holds}`,
		},
	]);
}
