import * as fs from 'fs';
import * as path from 'path';

/** The repository root: the nearest folder upwards whose package.json is n8n-nodes-gptbots. */
function findRepo(start: string): string {
	for (let dir = start; ; dir = path.dirname(dir)) {
		const file = path.join(dir, 'package.json');
		if (
			fs.existsSync(file) &&
			(JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string }).name === 'n8n-nodes-gptbots'
		) {
			return dir;
		}
		if (path.dirname(dir) === dir)
			throw new Error(`n8n-nodes-gptbots package.json not found above ${start}`);
	}
}

export const REPO = findRepo(__dirname);
