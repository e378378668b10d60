import type { IDataObject } from 'n8n-workflow';

import type { ReceivedDelivery } from '../shared/deliveryReader';
import { MAX_ID_LENGTH, deliveryContents } from '../shared/deliveryReader';
import type { AgentMessage } from '../shared/agentAnswer';
import { messageIdOf, readAgentMessage } from '../shared/agentAnswer';

/*
 * What GPTBots POSTs to an agent's webhook: an answer in webhook mode, or a human agent's reply
 * (the same body), found wherever the workflow trigger finds a run (the body, JSON sent as text or
 * form, under `data`/`result`, the query); or GPTBots' availability check, a body with
 * `istest: true` that must be answered 200 and not processed. Pure.
 */

export type AgentDeliveryReading =
	| { kind: 'message'; message: AgentMessage; foundIn: string; raw: IDataObject }
	| { kind: 'test'; raw: IDataObject }
	| { kind: 'unrecognised'; reason: string; raw: IDataObject };

export const LOOKED_FOR_MESSAGE =
	'no message found: looked for message_id (or messageId) in the body, under its "data" or "result" field, in a JSON, text or form body, and in the query parameters';

const TEST_FLAGS = ['istest', 'isTest', 'is_test'];
const isTest = (object: IDataObject) =>
	TEST_FLAGS.some((flag) => object[flag] === true || object[flag] === 'true');

export function readAgentDelivery(delivery: ReceivedDelivery): AgentDeliveryReading {
	const { candidates, raw, received } = deliveryContents(delivery);
	if (candidates.some(({ object }) => isTest(object))) return { kind: 'test', raw };
	const found = candidates.find(({ object }) => messageIdOf(object) !== '');
	if (!found) return { kind: 'unrecognised', reason: `${LOOKED_FOR_MESSAGE}; ${received}`, raw };
	const message = readAgentMessage(found.object);
	if (message.messageId.length > MAX_ID_LENGTH)
		return {
			kind: 'unrecognised',
			reason: 'message_id is too long to be a GPTBots message id',
			raw,
		};
	return { kind: 'message', message, foundIn: found.label, raw };
}
