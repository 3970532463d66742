// Which H.264 encoder really works on this machine: a tiny real h264_nvenc
// encode, never the encoder list (an ffmpeg that lists h264_nvenc still fails
// on a GPU without an NVENC engine). Cached for the life of the process, so a
// play-check over many files pays for it once.
import { runCommand, type CommandRunner } from './command-runner.js';
import { explainFfmpegFailure } from './ffmpeg-failure.js';

/** The H.264 encoders a transcode can use: NVIDIA's, or the CPU's. */
export type VideoEncoder = 'h264_nvenc' | 'libx264';

export interface EncoderChoice {
  encoder: VideoEncoder;
  /** Why NVENC is not used, when the choice is libx264. */
  nvencUnavailable?: string;
}

/** ffmpeg arguments for a 5-frame NVENC test encode to nowhere. */
export const NVENC_PROBE_ARGS = [
  '-hide_banner',
  '-v',
  'error',
  '-f',
  'lavfi',
  '-i',
  'testsrc=size=256x144:rate=25',
  '-frames:v',
  '5',
  '-c:v',
  'h264_nvenc',
  '-preset',
  'p1',
  '-f',
  'null',
  '-',
];

export async function probeNvenc(run: CommandRunner = runCommand): Promise<EncoderChoice> {
  const r = await run('ffmpeg', NVENC_PROBE_ARGS, 20_000);
  if (r.missing) return { encoder: 'libx264', nvencUnavailable: 'ffmpeg is not installed' };
  if (r.code === 0) return { encoder: 'h264_nvenc' };
  return { encoder: 'libx264', nvencUnavailable: explainFfmpegFailure(r.stderr, r.code, r.timedOut) };
}

let cached: Promise<EncoderChoice> | undefined;

/** probeNvenc once per process. */
export function detectEncoder(run: CommandRunner = runCommand): Promise<EncoderChoice> {
  cached ??= probeNvenc(run);
  return cached;
}
