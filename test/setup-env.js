// n8n-core's InstanceSettings writes a config file into the user folder: keep it in a scratch dir.
const os = require('os');
const path = require('path');
const fs = require('fs');
const folder = path.join(os.tmpdir(), 'n8n-nodes-gptbots-jest', String(process.pid));
fs.mkdirSync(folder, { recursive: true });
process.env.N8N_USER_FOLDER = folder;
process.env.N8N_ENCRYPTION_KEY = process.env.N8N_ENCRYPTION_KEY || 'jest-encryption-key-not-secret';
process.env.N8N_LOG_LEVEL = process.env.N8N_LOG_LEVEL || 'silent';
