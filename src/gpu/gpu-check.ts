// `dlna-bridge gpu-check`: does NVIDIA H.264 transcoding really work on this
// node? Each step is tried for real (device nodes, nvidia-smi, CUDA decode of
// HEVC 8 and 10 bit with frames downloaded from the GPU, a real h264_nvenc
// encode checked with ffprobe); the encoder list is only reported, never
// trusted. Every failure carries the exact reason and Jellyfin's fallback.
// All I/O goes through GpuCheckIO so the logic is tested with recorded results.
import path from 'node:path';
import type { CommandRunner, CommandResult } from '../media/command-runner.js';
import { explainFfmpegFailure } from '../media/ffmpeg-failure.js';
import { planFfmpeg, type VideoEncoder } from '../playback/ffmpeg-plan.js';
import type { MediaFacts } from '../media/facts.js';
import type { PlaybackDecision } from '../playback/decision.js';

export interface GpuCheckIO {
  run: CommandRunner;
  /** Names under /dev that start with "nvidia". */
  nvidiaDeviceNodes(): Promise<string[]>;
  /** A scratch folder for generated clips (the caller removes it). */
  workDir: string;
  /** Probes a produced file (normalised facts); used to verify the pipeline output. */
  probe(file: string): Promise<MediaFacts>;
}

export type StepStatus = 'pass' | 'fail' | 'skip' | 'info';

export interface GpuStep {
  id:
    | 'devices'
    | 'driver'
    | 'ffmpeg'
    | 'encoder-list'
    | 'cuda-decode-hevc-8bit'
    | 'cuda-decode-hevc-10bit'
    | 'nvenc-encode'
    | 'pipeline';
  status: StepStatus;
  detail: string;
  /** What Jellyfin does instead when this step fails. */
  fallback?: string;
}

export interface PipelineRun {
  encoder: VideoEncoder;
  clipSeconds: number;
  wallSeconds: number;
  /** Clip duration / wall time: 2.0 means twice real time. */
  speed: number;
  output: { videoCodec?: string; container?: string; decodable: boolean; problem?: string };
  command: string[];
}

export interface GpuCheckReport {
  nvencWorks: boolean;
  steps: GpuStep[];
  /** The one-line answer. */
  summary: string;
  pipeline?: PipelineRun;
}

const SOFTWARE_ENCODE = 'Jellyfin falls back to libx264 on the CPU (software encoding)';
const SOFTWARE_DECODE = 'Jellyfin decodes HEVC on the CPU instead (software decoding), then encodes';

function firstLine(s: string): string {
  return (
    s
      .split('\n')
      .map((l) => l.trim())
      .find(Boolean) ?? ''
  );
}

async function makeHevcClip(
  io: GpuCheckIO,
  name: string,
  tenBit: boolean,
  size: string,
  seconds: number,
  withAudio: boolean,
): Promise<CommandResult & { file: string }> {
  const file = path.join(io.workDir, name);
  const args = ['-hide_banner', '-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=25`];
  if (withAudio) args.push('-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000');
  args.push('-t', String(seconds), '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error');
  args.push('-pix_fmt', tenBit ? 'yuv420p10le' : 'yuv420p');
  if (withAudio) args.push('-c:a', 'ac3', '-b:a', '384k');
  args.push(file);
  const r = await io.run('ffmpeg', args, 300_000);
  return { ...r, file };
}

/** CUDA decode with the frames downloaded from the GPU: a silent software fallback cannot pass. */
export function cudaDecodeArgs(file: string, tenBit: boolean): string[] {
  return [
    '-hide_banner',
    '-v',
    'error',
    '-init_hw_device',
    'cuda=cu:0',
    '-hwaccel',
    'cuda',
    '-hwaccel_output_format',
    'cuda',
    '-i',
    file,
    '-vf',
    `hwdownload,format=${tenBit ? 'p010le' : 'nv12'}`,
    '-f',
    'null',
    '-',
  ];
}

/** A decision shaped like Jellyfin's HEVC -> H.264 transcode for a TV (ts, h264 + aac, 20 Mbit/s cap). */
function pipelineDecision(): PlaybackDecision {
  return {
    mediaType: 'Video',
    playMethod: 'Transcode',
    reasons: ['VideoCodecNotSupported'],
    container: 'ts',
    servesOriginalFile: false,
    transcode: {
      container: 'ts',
      videoCodec: 'h264',
      audioCodec: 'aac',
      videoAction: 'encode',
      audioAction: 'encode',
      videoBitrate: 20_000_000 - 384_000,
      audioBitrate: 384_000,
      audioChannels: 2,
    },
    itemBitrate: 0,
    notes: [],
  };
}

async function runPipeline(io: GpuCheckIO, encoder: VideoEncoder, seconds: number): Promise<PipelineRun | GpuStep> {
  const clip = await makeHevcClip(io, 'pipeline-1080p-hevc10.mkv', true, '1920x1080', seconds, true);
  if (clip.code !== 0) {
    return {
      id: 'pipeline',
      status: 'fail',
      detail: `could not generate the 1080p HEVC 10-bit clip: ${explainFfmpegFailure(clip.stderr, clip.code, clip.timedOut)}`,
    };
  }
  const facts = await io.probe(clip.file);
  const out = path.join(io.workDir, 'pipeline-out.ts');
  const plan = planFfmpeg(facts, pipelineDecision(), { encoder, output: out });
  if (!plan) return { id: 'pipeline', status: 'fail', detail: 'no ffmpeg plan for the pipeline' };
  const args = ['-hide_banner', '-v', 'error', ...plan.argv.slice(1)];
  const r = await io.run('ffmpeg', args, Math.max(120_000, seconds * 60_000));
  if (r.code !== 0) {
    return {
      id: 'pipeline',
      status: 'fail',
      detail: `the planned ${encoder} pipeline failed: ${explainFfmpegFailure(r.stderr, r.code, r.timedOut)}`,
    };
  }
  const wallSeconds = r.ms / 1000;
  let output: PipelineRun['output'];
  try {
    const produced = await io.probe(out);
    const decode = await io.run('ffmpeg', ['-hide_banner', '-v', 'error', '-i', out, '-f', 'null', '-'], 120_000);
    const decodable = decode.code === 0 && decode.stderr.trim() === '';
    output = {
      videoCodec: produced.video?.codec,
      container: produced.container,
      decodable,
      problem: decodable ? undefined : firstLine(decode.stderr) || `decoder exit ${decode.code}`,
    };
  } catch (err) {
    output = { decodable: false, problem: (err as Error).message };
  }
  return { encoder, clipSeconds: seconds, wallSeconds, speed: seconds / wallSeconds, output, command: plan.argv };
}

export interface GpuCheckOptions {
  runSeconds?: number;
}

export async function gpuCheck(io: GpuCheckIO, opts: GpuCheckOptions = {}): Promise<GpuCheckReport> {
  const steps: GpuStep[] = [];

  const nodes = await io.nvidiaDeviceNodes();
  const gpus = nodes.filter((n) => /^nvidia\d+$/.test(n));
  if (gpus.length > 0 && nodes.includes('nvidiactl')) {
    steps.push({
      id: 'devices',
      status: 'pass',
      detail: `NVIDIA device nodes: ${nodes.map((n) => `/dev/${n}`).join(', ')}`,
    });
  } else {
    steps.push({
      id: 'devices',
      status: 'fail',
      detail:
        nodes.length === 0
          ? 'no NVIDIA device nodes (/dev/nvidia*): this machine or container has no NVIDIA GPU passed in'
          : `incomplete NVIDIA device nodes (${nodes.map((n) => `/dev/${n}`).join(', ')}): need /dev/nvidiactl and /dev/nvidia0`,
      fallback: SOFTWARE_ENCODE,
    });
  }

  const smi = await io.run(
    'nvidia-smi',
    ['--query-gpu=name,driver_version,memory.total', '--format=csv,noheader'],
    20_000,
  );
  if (smi.missing)
    steps.push({
      id: 'driver',
      status: 'info',
      detail: 'nvidia-smi is not installed here (not required; the driver is tested by the encode below)',
    });
  else if (smi.code === 0 && smi.stdout.trim())
    steps.push({ id: 'driver', status: 'pass', detail: `nvidia-smi: ${smi.stdout.trim().split('\n').join('; ')}` });
  else
    steps.push({
      id: 'driver',
      status: 'fail',
      detail: `nvidia-smi failed: ${firstLine(smi.stdout + '\n' + smi.stderr) || `exit ${smi.code}`}`,
      fallback: SOFTWARE_ENCODE,
    });

  const version = await io.run('ffmpeg', ['-hide_banner', '-version'], 20_000);
  if (version.missing || version.code !== 0) {
    steps.push({ id: 'ffmpeg', status: 'fail', detail: 'ffmpeg is not installed or does not run' });
    return { nvencWorks: false, steps, summary: 'NVIDIA H.264 transcoding does NOT work: ffmpeg is missing' };
  }
  steps.push({ id: 'ffmpeg', status: 'pass', detail: firstLine(version.stdout) });

  const encoders = await io.run('ffmpeg', ['-hide_banner', '-encoders'], 20_000);
  const listed = /\bh264_nvenc\b/.test(encoders.stdout);
  steps.push({
    id: 'encoder-list',
    status: 'info',
    detail: listed
      ? 'ffmpeg lists h264_nvenc (a listing is not proof: the encode test decides)'
      : 'ffmpeg does not list h264_nvenc (built without NVENC support)',
  });

  for (const tenBit of [false, true]) {
    const id = tenBit ? 'cuda-decode-hevc-10bit' : 'cuda-decode-hevc-8bit';
    const clip = await makeHevcClip(io, `decode-${tenBit ? 10 : 8}bit.mkv`, tenBit, '640x360', 1, false);
    if (clip.code !== 0) {
      steps.push({
        id,
        status: 'skip',
        detail: `could not generate the test clip with libx265: ${explainFfmpegFailure(clip.stderr, clip.code, clip.timedOut)}`,
      });
      continue;
    }
    const r = await io.run('ffmpeg', cudaDecodeArgs(clip.file, tenBit), 60_000);
    steps.push(
      r.code === 0
        ? { id, status: 'pass', detail: `HEVC ${tenBit ? '10' : '8'}-bit decoded on the GPU (NVDEC)` }
        : {
            id,
            status: 'fail',
            detail: `CUDA decode of HEVC ${tenBit ? '10' : '8'}-bit failed: ${explainFfmpegFailure(r.stderr, r.code, r.timedOut)}`,
            fallback: SOFTWARE_DECODE,
          },
    );
  }

  // A real encode of a generated clip; the output is read back with ffprobe.
  const encodeOut = path.join(io.workDir, 'nvenc-test.ts');
  const encodeArgs = [
    '-hide_banner',
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=1280x720:rate=25',
    '-t',
    '1',
    '-c:v',
    'h264_nvenc',
    '-preset',
    'p1',
    '-b:v',
    '4000000',
    '-f',
    'mpegts',
    '-y',
    encodeOut,
  ];
  const enc = await io.run('ffmpeg', encodeArgs, 60_000);
  let nvencWorks = false;
  if (enc.code === 0) {
    try {
      const produced = await io.probe(encodeOut);
      nvencWorks = produced.video?.codec === 'h264';
      steps.push(
        nvencWorks
          ? { id: 'nvenc-encode', status: 'pass', detail: 'h264_nvenc encoded a test clip; ffprobe reads H.264 back' }
          : {
              id: 'nvenc-encode',
              status: 'fail',
              detail: `h264_nvenc ran but the output is not H.264 (${produced.video?.codec ?? 'no video'})`,
              fallback: SOFTWARE_ENCODE,
            },
      );
    } catch (err) {
      steps.push({
        id: 'nvenc-encode',
        status: 'fail',
        detail: `h264_nvenc ran but its output is unreadable: ${(err as Error).message}`,
        fallback: SOFTWARE_ENCODE,
      });
    }
  } else {
    steps.push({
      id: 'nvenc-encode',
      status: 'fail',
      detail: `h264_nvenc encode failed: ${explainFfmpegFailure(enc.stderr, enc.code, enc.timedOut)}`,
      fallback: SOFTWARE_ENCODE,
    });
  }

  let pipeline: PipelineRun | undefined;
  if (opts.runSeconds !== undefined && opts.runSeconds > 0) {
    const encoder: VideoEncoder = nvencWorks ? 'h264_nvenc' : 'libx264';
    const run = await runPipeline(io, encoder, opts.runSeconds);
    if ('id' in run) steps.push(run);
    else {
      pipeline = run;
      const ok = run.output.videoCodec === 'h264' && run.output.container === 'ts' && run.output.decodable;
      steps.push({
        id: 'pipeline',
        status: ok ? 'pass' : 'fail',
        detail: `${encoder}${encoder === 'libx264' ? ' (fallback, no NVENC)' : ''}: ${run.clipSeconds} s of 1080p HEVC 10-bit -> H.264 in ${run.wallSeconds.toFixed(1)} s = ${run.speed.toFixed(2)}x real time; output ${run.output.videoCodec ?? '?'} in ${run.output.container ?? '?'}, ${run.output.decodable ? 'decodable' : `NOT decodable: ${run.output.problem}`}`,
      });
    }
  }

  const failed =
    steps.find((s) => s.status === 'fail' && s.id === 'nvenc-encode') ?? steps.find((s) => s.status === 'fail');
  const noDevice = steps.some((s) => s.id === 'devices' && s.status === 'fail');
  const summary = nvencWorks
    ? 'NVIDIA H.264 transcoding works on this node (h264_nvenc)'
    : `NVIDIA H.264 transcoding does NOT work on this node: ${noDevice ? 'no NVIDIA GPU is present (/dev/nvidia* missing); ' : ''}${failed?.detail ?? 'unknown'}. ${SOFTWARE_ENCODE}.`;
  return { nvencWorks, steps, summary, pipeline };
}

export function formatGpuReport(report: GpuCheckReport): string {
  const mark: Record<StepStatus, string> = { pass: 'ok  ', fail: 'FAIL', skip: 'skip', info: 'info' };
  const lines = report.steps.map(
    (s) => `${mark[s.status]} ${s.id}: ${s.detail}${s.fallback ? `\n     fallback: ${s.fallback}` : ''}`,
  );
  if (report.pipeline) lines.push(`     pipeline command: ${report.pipeline.command.join(' ')}`);
  lines.push('', report.summary);
  return lines.join('\n');
}
