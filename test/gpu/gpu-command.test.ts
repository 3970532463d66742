// gpu-check's run(options, io) on this machine: the report on the stdout it
// is given, the exit code from the report (0 NVENC H.264 works, 1 it does not),
// the scratch folder removed; and the CLI's usage error for --run-seconds.
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/gpu/command.js';
import { runCli } from '../helpers/cli.js';
import { requirementsMet } from '../helpers/requirements.js';

const scratch = () => readdirSync(os.tmpdir()).filter((n) => n.startsWith('dlna-bridge-gpu-check-'));

describe.skipIf(!requirementsMet(['ffmpeg', 'ffprobe'], false))('gpu-check run(options, io)', () => {
  it('writes the JSON report to io.stdout and returns 0 or 1 as the report says; no scratch folder left', async () => {
    const before = scratch();
    const stdout = new PassThrough();
    let text = '';
    stdout.setEncoding('utf8').on('data', (d: string) => (text += d));
    const code = await run({ json: true }, { stdout, stderr: new PassThrough(), env: process.env });
    const report = JSON.parse(text) as { nvencWorks: boolean; steps: { id: string }[] };
    expect(code).toBe(report.nvencWorks ? 0 : 1);
    expect(report.steps.map((s) => s.id)).toContain('ffmpeg');
    expect(scratch()).toEqual(before);
  }, 120_000);

  it('--run-seconds out of range: a usage error, exit 2, nothing run', async () => {
    const r = await runCli(['gpu-check', '--run-seconds', '0']);
    expect([r.code, r.stdout, r.stderr]).toEqual([
      2,
      '',
      'dlna-bridge: --run-seconds 0: expected a number of seconds between 0 and 600\n',
    ]);
  });
});
