import type { IHookFunctions } from 'n8n-workflow';

/**
 * GPTBots has no API to register a webhook: each run carries its callback URLs. So there is
 * nothing to create, check or delete when a workflow is activated; these say so to n8n. (For the
 * resume URL of "wait by callback" n8n never calls them at all.)
 */
export const webhooksNeedNoRegistration = {
	default: {
		async checkExists(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		async create(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		async delete(this: IHookFunctions): Promise<boolean> {
			return true;
		},
	},
};
