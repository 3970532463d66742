// Media clips generated at test time with ffmpeg (lavfi testsrc + sine), small
// and fast, in a temp directory the caller removes. No binary fixtures are
// committed: every clip is described here by what it contains.
import { execFile, execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type ClipVideo = 'h264' | 'h264-10bit' | 'hevc' | 'hevc-10bit';
export type ClipAudio = 'aac' | 'ac3' | 'dts' | 'mp3';

export interface ClipSpec {
  /** File name, extension picks the container (.mkv, .mp4, .ts, .avi). */
  name: string;
  video?: ClipVideo;
  audio?: ClipAudio;
  seconds?: number;
  /** WxH, default 320x240. */
  size?: string;
  rate?: number;
  /** Embed one text subtitle stream (SubRip in mkv, mov_text in mp4). */
  subtitle?: boolean;
  /** Target video bitrate, e.g. "2M" (libx264/libx265 ABR). */
  videoBitrate?: string;
}

const VIDEO_ARGS: Record<ClipVideo, string[]> = {
  h264: ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'],
  'h264-10bit': ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p10le'],
  hevc: ['-c:v', 'libx265', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-x265-params', 'log-level=error'],
  'hevc-10bit': [
    '-c:v',
    'libx265',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p10le',
    '-x265-params',
    'log-level=error',
  ],
};

const AUDIO_ARGS: Record<ClipAudio, string[]> = {
  aac: ['-c:a', 'aac', '-b:a', '128k'],
  ac3: ['-c:a', 'ac3', '-b:a', '192k'],
  // ffmpeg's native DTS encoder (dca) is experimental: it needs -strict -2.
  dts: ['-c:a', 'dca', '-strict', '-2', '-ar', '48000', '-ac', '2'],
  mp3: ['-c:a', 'libmp3lame', '-b:a', '128k'],
};

export function toolAvailable(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export async function makeTempDir(prefix = 'dlna-bridge-media-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

export async function removeDir(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
}

/** Generates one clip in `dir` and returns its path. */
export async function makeClip(dir: string, spec: ClipSpec): Promise<string> {
  const out = path.join(dir, spec.name);
  const seconds = String(spec.seconds ?? 1);
  const size = spec.size ?? '320x240';
  const args = ['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc=size=${size}:rate=${spec.rate ?? 25}`];
  if (spec.audio) args.push('-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000');
  let subtitlePath: string | undefined;
  if (spec.subtitle) {
    subtitlePath = path.join(dir, `${spec.name}.input.srt`);
    await fs.writeFile(subtitlePath, '1\n00:00:00,000 --> 00:00:00,900\nHello\n\n');
    args.push('-i', subtitlePath);
  }
  args.push('-t', seconds, '-map', '0:v');
  if (spec.audio) args.push('-map', '1:a');
  if (subtitlePath) args.push('-map', `${spec.audio ? 2 : 1}:s`);
  args.push(...VIDEO_ARGS[spec.video ?? 'h264']);
  if (spec.videoBitrate) args.push('-b:v', spec.videoBitrate);
  if (spec.audio) args.push(...AUDIO_ARGS[spec.audio]);
  if (subtitlePath) args.push('-c:s', out.endsWith('.mp4') ? 'mov_text' : 'srt');
  args.push(out);
  await run('ffmpeg', args, { timeout: 60_000 });
  if (subtitlePath) await fs.rm(subtitlePath, { force: true });
  return out;
}

/** A file with a media extension and random content: ffprobe refuses it. */
export async function makeCorruptFile(dir: string, name = 'corrupt.mkv'): Promise<string> {
  const out = path.join(dir, name);
  const bytes = Buffer.alloc(64 * 1024);
  let x = 12345;
  for (let i = 0; i < bytes.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    bytes[i] = x >> 16;
  }
  await fs.writeFile(out, bytes);
  return out;
}

/** The first `fraction` of a file, as a download cut short leaves it. */
export async function makeTruncatedCopy(source: string, dir: string, name: string, fraction = 0.5): Promise<string> {
  const data = await fs.readFile(source);
  const out = path.join(dir, name);
  await fs.writeFile(out, data.subarray(0, Math.floor(data.length * fraction)));
  return out;
}

export async function makeTextFile(dir: string, name = 'notes.txt'): Promise<string> {
  const out = path.join(dir, name);
  await fs.writeFile(out, 'This is not a video.\nJust some notes.\n');
  return out;
}

/** ffprobe -print_format json of a file, for tests that compare with it. */
export async function ffprobeJson(file: string): Promise<unknown> {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-print_format',
    'json',
    '-show_streams',
    '-show_format',
    file,
  ]);
  return JSON.parse(stdout) as unknown;
}

export { run as execFileAsync };
