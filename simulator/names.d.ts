export declare const SIM_API_KEY: 'sim-key-123';
export declare const PACKAGE_NAME: 'n8n-nodes-gptbots';
export declare const NODE_TYPE: 'n8n-nodes-gptbots.gptBotsWorkflow';
export declare const TRIGGER_TYPE: 'n8n-nodes-gptbots.gptBotsWorkflowTrigger';
export declare const CREDENTIAL_TYPE: 'gptBotsApi';
