// The real-machine side of gpu-check: /dev listing, a scratch folder that is
// always removed, ffprobe through the media adapter, and the output format.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCommand } from './command-runner.js';
import { formatGpuReport, gpuCheck, type GpuCheckReport } from './gpu-check.js';
import { probeMedia } from '../media/probe.js';

export async function runGpuCheck(opts: { json: boolean; runSeconds?: number }): Promise<{ output: string; report: GpuCheckReport }> {
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dlna-bridge-gpu-check-'));
  try {
    const report = await gpuCheck(
      {
        run: runCommand,
        workDir,
        probe: probeMedia,
        nvidiaDeviceNodes: async () => (await fs.readdir('/dev').catch(() => [] as string[])).filter((n) => n.startsWith('nvidia')).sort(),
      },
      { runSeconds: opts.runSeconds },
    );
    return { output: opts.json ? JSON.stringify(report, null, 2) : formatGpuReport(report), report };
  } finally {
    await fs.rm(workDir, { recursive: true, force: true });
  }
}
