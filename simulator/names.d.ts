export declare const SIM_API_KEY: string;
export declare const SIM_AGENT_KEY: string;
export declare const PACKAGE_NAME: string;
export declare const NODE_TYPE: string;
export declare const TRIGGER_TYPE: string;
export declare const AGENT_TYPE: string;
export declare const AGENT_TRIGGER_TYPE: string;
export declare const CREDENTIAL_TYPE: string;
