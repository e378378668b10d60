/**
 * Files out only from safe hosts: a run's output (written by a model, steerable by its input)
 * naming localhost or a private address is not fetched unless the option allows it; the API's
 * own host (here the simulator on 127.0.0.1) is.
 */
import type { IDataObject } from 'n8n-workflow';
import nock from 'nock';

import { runWorkflowNode, syncJson, useSimulator } from './fixture';

const holder = useSimulator();

const invoke = (input: IDataObject, options: IDataObject) =>
	syncJson(JSON.stringify(input), { downloadFiles: 'allUrls', ...options });

// The simulator echoes the input in output.echo; __outputFiles makes a file on its own host.
const input = {
	__outputFiles: { report: 'report.pdf' },
	loopback: 'http://127.0.0.2:8080/report.pdf',
	mapped: 'http://[::ffff:7f00:2]:8080/mapped.pdf',
	metadata: 'http://169.254.169.254/latest/meta-data/keys.pdf',
	local: 'http://localhost:8080/local.pdf',
	lan: 'http://192.168.1.20/scan.pdf',
};

describe('files out: safe hosts only, by default', () => {
	it("refuses localhost and private literals without a request; the API's own host is fetched", async () => {
		const result = await runWorkflowNode(holder.sim, { parameters: invoke(input, {}) as never });
		expect(result.error).toBeUndefined();
		const [out] = result.items;
		expect(Object.keys(out.binary ?? {})).toEqual(['report']);
		const errors = out.json.fileErrors as Array<{ field: string; url: string; error: string }>;
		expect(errors.map((e) => e.field).sort()).toEqual([
			'echo.lan',
			'echo.local',
			'echo.loopback',
			'echo.mapped',
			'echo.metadata',
		]);
		const byField = Object.fromEntries(errors.map((e) => [e.field, e.error]));
		expect(byField['echo.loopback']).toBe(
			'not downloaded: the host 127.0.0.2 is a loopback address, which files are not fetched from unless the option "Allow Private File Hosts" is on',
		);
		expect(byField['echo.mapped']).toContain('a loopback address (IPv4 written as IPv6)');
		expect(byField['echo.metadata']).toContain('a link-local address');
		expect(byField['echo.local']).toContain('the local machine (localhost)');
		expect(byField['echo.lan']).toContain('a private address');
		for (const error of Object.values(byField)) expect(error).not.toMatch(/download failed/);
	});

	it('with "Allow Private File Hosts" on, such a URL is fetched', async () => {
		nock('http://127.0.0.2:8080')
			.get('/report.pdf')
			.reply(200, () => Buffer.from('%PDF-1.4 private'), { 'Content-Type': 'application/pdf' });
		try {
			const result = await runWorkflowNode(holder.sim, {
				parameters: invoke(
					{ loopback: 'http://127.0.0.2:8080/report.pdf' },
					{ allowPrivateFileHosts: true },
				) as never,
			});
			const [out] = result.items;
			expect(out.json.fileErrors).toBeUndefined();
			expect(Buffer.from(out.binary!.echo_loopback.data, 'base64').toString()).toBe(
				'%PDF-1.4 private',
			);
			expect(nock.isDone()).toBe(true);
		} finally {
			nock.cleanAll();
		}
	});
});
