import type { ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';

import { NO_RUNS_NOTICE, toMapperFields } from '../invoke/mappedFields';
import { inferRecentInputs } from './inputInference';
import { loadOptionsClient, readRecentRows } from './recentRunInputs';

/** The resource mapper's method: the fields recent API runs sent, each with its inferred type. */
export async function getInputMappingFields(
	this: ILoadOptionsFunctions,
): Promise<ResourceMapperFields> {
	const { client, timeoutMs } = loadOptionsClient(this);
	const recent = inferRecentInputs(await readRecentRows(client, timeoutMs, 0));
	if (recent.runsRead === 0) return { fields: [], emptyFieldsNotice: NO_RUNS_NOTICE };
	return { fields: toMapperFields(recent, this.getNode().type.endsWith('Tool')) };
}
