// Small media clips for the demo and the bridge's integration tests, made with
// ffmpeg's test sources in about a second. The HEVC mkv is the file the
// project exists for: many TVs cannot decode it, and Jellyfin's profiles decide
// whether it reaches them untouched.
import { execFile } from 'node:child_process';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ClipSpec {
  /** File name, also the title minidlna shows (it strips the extension). */
  file: string;
  container: string;
  videoCodec?: string;
  audioCodec: string;
  /** ffmpeg arguments after the lavfi inputs and before the output path. */
  encode: string[];
}

/** Bumped whenever the list or the encoding changes, so a cached set is never stale. */
const CLIPS_VERSION = 1;

export const CLIP_SPECS: readonly ClipSpec[] = [
  {
    file: 'Test Pattern (H.264).mp4',
    container: 'mp4',
    videoCodec: 'h264',
    audioCodec: 'aac',
    encode: [
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-b:a',
      '64k',
      '-movflags',
      '+faststart',
    ],
  },
  {
    file: 'Test Pattern (HEVC 10-bit).mkv',
    container: 'mkv',
    videoCodec: 'hevc',
    audioCodec: 'ac3',
    encode: [
      '-c:v',
      'libx265',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p10le',
      '-x265-params',
      'log-level=error',
      '-c:a',
      'ac3',
      '-b:a',
      '96k',
    ],
  },
  {
    file: 'Tone 440 Hz.m4a',
    container: 'mp4',
    audioCodec: 'aac',
    encode: ['-vn', '-c:a', 'aac', '-b:a', '64k'],
  },
];

export interface Clip extends ClipSpec {
  path: string;
  bytes: number;
}

/**
 * Makes the clips in `dir` (created if needed) unless a complete set of this
 * version is already there. Each file is written under a temporary name and
 * renamed, and the marker last, so an interrupted run is redone, never trusted.
 */
export async function ensureClips(dir: string, seconds = 3): Promise<Clip[]> {
  await mkdir(dir, { recursive: true });
  const marker = path.join(dir, '.clips-version');
  const wanted = `${CLIPS_VERSION}:${seconds}`;
  const have = await readFile(marker, 'utf8').catch(() => '');
  if (have.trim() !== wanted) {
    await rm(marker, { force: true });
    for (const spec of CLIP_SPECS) await makeClip(dir, spec, seconds);
    await writeFile(marker, `${wanted}\n`);
  }
  return Promise.all(
    CLIP_SPECS.map(async (spec) => {
      const file = path.join(dir, spec.file);
      return { ...spec, path: file, bytes: (await stat(file)).size };
    }),
  );
}

async function makeClip(dir: string, spec: ClipSpec, seconds: number): Promise<void> {
  const out = path.join(dir, spec.file);
  const tmp = path.join(dir, `.tmp-${process.pid}-${spec.file}`);
  const inputs = spec.videoCodec ? ['-f', 'lavfi', '-i', `testsrc=size=320x240:rate=25:duration=${seconds}`] : [];
  const args = [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    '-y',
    ...inputs,
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=440:duration=${seconds}`,
    ...spec.encode,
    '-f',
    spec.container === 'mkv' ? 'matroska' : 'mp4',
    tmp,
  ];
  try {
    await run('ffmpeg', args, { timeout: 120_000 });
    await rename(tmp, out);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new Error(`ffmpeg could not make ${spec.file}: ${(err as Error).message}`, { cause: err });
  }
}
