// `dlna-bridge gpu-check` as one command: the real-machine side (/dev listing,
// a scratch folder that is always removed, ffprobe through the media adapter),
// the report on stdout, and the exit code: 0 NVENC H.264 works, 1 it does not.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCommand } from '../media/command-runner.js';
import { formatGpuReport, gpuCheck } from './gpu-check.js';
import { createProber } from '../media/probe.js';
import { writeText, type CommandIo } from '../util/command-io.js';

export interface GpuCheckCommandOptions {
  json: boolean;
  /** Also time the planned transcode on a generated clip of this many seconds. */
  runSeconds?: number;
}

export async function run(options: GpuCheckCommandOptions, io: CommandIo): Promise<number> {
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dlna-bridge-gpu-check-'));
  try {
    const report = await gpuCheck(
      {
        run: runCommand,
        workDir,
        probe: createProber(io.env),
        nvidiaDeviceNodes: async () =>
          (await fs.readdir('/dev').catch(() => [] as string[])).filter((n) => n.startsWith('nvidia')).sort(),
      },
      { runSeconds: options.runSeconds },
    );
    await writeText(io.stdout, `${options.json ? JSON.stringify(report, null, 2) : formatGpuReport(report)}\n`);
    return report.nvencWorks ? 0 : 1;
  } finally {
    await fs.rm(workDir, { recursive: true, force: true });
  }
}
