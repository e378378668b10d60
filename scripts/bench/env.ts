/**
 * Must be the first import of every bench entry point: n8n-core reads these when it is loaded
 * (InstanceSettings writes a config file into N8N_USER_FOLDER). Mirrors test/setup-env.js.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const folder = path.join(os.tmpdir(), 'n8n-nodes-gptbots-bench', String(process.pid));
fs.mkdirSync(folder, { recursive: true });
process.env.N8N_USER_FOLDER = folder;
process.env.N8N_ENCRYPTION_KEY =
	process.env.N8N_ENCRYPTION_KEY || 'bench-encryption-key-not-secret';
process.env.N8N_LOG_LEVEL = process.env.N8N_LOG_LEVEL || 'silent';

process.on('exit', () => {
	try {
		fs.rmSync(folder, { recursive: true, force: true });
	} catch {
		// best effort
	}
});
