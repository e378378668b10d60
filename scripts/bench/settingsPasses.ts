/** The trigger leg's passes under n8n settings other than its defaults. */

/** The leg again under n8n settings that a line may know: its figures' keys get `suffix`. */
export interface SettingsPass {
	suffix: string;
	label: string;
	env: Record<string, string>;
}

/**
 * n8n 2.41 takes an expression isolate per delivery for every start node but its own Webhook
 * node v2, from a pool of one by default (a burst builds a new isolate per delivery in flight).
 */
export const SETTINGS_PASSES: SettingsPass[] = [
	{
		// Both sides take the isolate: what the trigger itself controls.
		suffix: 'IsolateForBoth',
		label: 'isolate for both',
		env: { N8N_EXPRESSION_ENGINE_ALLOW_WEBHOOK_ISOLATE_SKIP: 'false' },
	},
	{
		// The setting a user can choose: a scope per delivery, an isolate only when an expression
		// is evaluated.
		suffix: 'LazyIsolates',
		label: 'lazy isolates',
		env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' },
	},
];
