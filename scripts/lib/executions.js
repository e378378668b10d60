'use strict';
// @ts-check
// Reading executions from n8n's database (sqlite, read-only, with n8n's own sqlite3 module).

const path = require('path');

const { runOk } = require('./processes');

/**
 * Runs SQL against the line's database with n8n's own sqlite3 module on the line's Node (the
 * runner's Node may not be able to load a module built for Node 24). Resolves the rows.
 */
async function querySqlite(ctx, sql, params = []) {
	const script = `
		const sqlite3 = require(require.resolve('sqlite3', { paths: [${JSON.stringify(path.join(ctx.line.dir, 'node_modules', 'n8n'))}] }));
		const db = new sqlite3.Database(${JSON.stringify(ctx.dbPath)}, sqlite3.OPEN_READONLY);
		db.all(${JSON.stringify(sql)}, ${JSON.stringify(params)}, (err, rows) => {
			if (err) { console.error(err.message); process.exit(1); }
			process.stdout.write(JSON.stringify(rows));
			db.close();
		});`;
	const result = await runOk(ctx.line.nodePath, ['-e', script], { env: process.env, label: 'sqlite query', timeoutMs: 30000 });
	return JSON.parse(result.stdout);
}

/** Executions of one workflow, from the database: [{ id, status, finished, mode }]. */
async function executionsOf(ctx, workflowId) {
	return await querySqlite(ctx, 'SELECT id, status, finished, mode FROM execution_entity WHERE workflowId = ? ORDER BY id', [workflowId]);
}

module.exports = { querySqlite, executionsOf };
