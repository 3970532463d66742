// The thin I/O side of media facts: run ffprobe (JSON output, spawned
// directly: no wrapper library to load before the first probe can start),
// list the directory for sidecar subtitles, hand both to the pure normaliser.
// Every failure becomes a ProbeError with a message a user can act on.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { MediaFacts } from './facts.js';
import type { ProbeResult } from './ffprobe-types.js';
import { DlnaBridgeError, type ErrorKind } from '../util/errors.js';
import { errnoWords } from '../util/errno-words.js';

export type ProbeErrorCode = 'MEDIA_FFPROBE_MISSING' | 'MEDIA_UNREADABLE' | 'MEDIA_NOT_MEDIA';

export class ProbeError extends DlnaBridgeError {
  override readonly kind: ErrorKind;

  constructor(
    message: string,
    readonly code: ProbeErrorCode,
  ) {
    super(message);
    // A missing ffprobe is this machine's problem; a bad file is the user's.
    this.kind = code === 'MEDIA_FFPROBE_MISSING' ? 'environment' : 'input';
  }
}

/** ffprobe's JSON for a file with thousands of chapters or huge tags is still far below this; more is not a media file. */
const MAX_PROBE_OUTPUT = 16 * 1024 * 1024;

/** ffprobe's error lines, demuxer tags and the file name stripped ("moov atom not found; Invalid data found..."). */
function ffprobeReason(stderr: string, file: string): string {
  const reasons: string[] = [];
  for (const raw of stderr.split('\n')) {
    let line = raw.trim().replace(/^\[[^\]]*@ 0x[0-9a-f]+\]\s*/i, '');
    if (line === '') continue;
    if (line.startsWith(`${file}:`)) line = line.slice(file.length + 1).trim();
    if (!reasons.includes(line)) reasons.push(line);
  }
  return reasons.length === 0 ? 'ffprobe could not read it' : reasons.slice(-3).join('; ');
}

const MISSING_FFPROBE = 'ffprobe not found: install ffmpeg (Debian: apt-get install ffmpeg) or set FFPROBE_PATH';

/** One ffprobe run; `env` is the child's environment and where PATH is searched. */
export function runFfprobe(
  ffprobe: string,
  file: string,
  opts: { env?: NodeJS.ProcessEnv; signal?: AbortSignal } = {},
): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    // -v error keeps stderr to the reason.
    const child = spawn(ffprobe, ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', file], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: opts.env,
      signal: opts.signal,
    });
    const out: Buffer[] = [];
    let outBytes = 0;
    let stderr = '';
    let tooLarge = false;
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > MAX_PROBE_OUTPUT) {
        tooLarge = true;
        child.kill('SIGKILL');
      } else out.push(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < 64 * 1024) stderr += chunk;
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.name === 'AbortError') reject(err);
      else if (err.code === 'ENOENT') reject(new ProbeError(MISSING_FFPROBE, 'MEDIA_FFPROBE_MISSING'));
      else
        reject(new ProbeError(`${file}: cannot run ffprobe (${ffprobe}): ${errnoWords(err)}`, 'MEDIA_FFPROBE_MISSING'));
    });
    child.on('close', (code) => {
      if (tooLarge)
        return reject(
          new ProbeError(
            `${file}: not a readable media file: ffprobe's description is over ${MAX_PROBE_OUTPUT} bytes`,
            'MEDIA_NOT_MEDIA',
          ),
        );
      if (code !== 0)
        return reject(
          new ProbeError(`${file}: not a readable media file: ${ffprobeReason(stderr, file)}`, 'MEDIA_NOT_MEDIA'),
        );
      try {
        resolve(JSON.parse(Buffer.concat(out).toString('utf8')) as ProbeResult);
      } catch {
        reject(new ProbeError(`${file}: not a readable media file: ffprobe's output is not JSON`, 'MEDIA_NOT_MEDIA'));
      }
    });
  });
}

/**
 * The ffprobe to run: FFPROBE_PATH when it names an existing file (as
 * fluent-ffmpeg, which this replaces, did), else `ffprobe` from PATH.
 */
export async function ffprobeCommand(env: NodeJS.ProcessEnv): Promise<string> {
  const fromEnv = env.FFPROBE_PATH;
  if (fromEnv) {
    try {
      await fs.access(fromEnv);
      return fromEnv;
    } catch {
      // fall back to PATH
    }
  }
  return 'ffprobe';
}

export interface Prober {
  /** Probes one file and normalises it as Jellyfin would. */
  (file: string): Promise<MediaFacts>;
}

/**
 * A prober for one run: resolves ffprobe once and lists each directory once
 * (a hundred files of one folder share a listing for their sidecars). The
 * signal kills the ffprobes still running when the run gives up.
 */
export function createProber(env: NodeJS.ProcessEnv = process.env, signal?: AbortSignal): Prober {
  let command: Promise<string> | undefined;
  let normalizer: Promise<[typeof import('./normalize.js'), typeof import('./sidecar-subtitles.js')]> | undefined;
  const listings = new Map<string, Promise<string[]>>();
  const siblingNames = (dir: string): Promise<string[]> => {
    let listing = listings.get(dir);
    if (!listing) {
      // sidecars are optional; the file itself was readable
      listing = fs.readdir(dir).catch(() => [] as string[]);
      listings.set(dir, listing);
    }
    return listing;
  };
  return async (file: string): Promise<MediaFacts> => {
    let stat;
    try {
      stat = await fs.stat(file);
      await fs.access(file, fs.constants.R_OK);
    } catch (err) {
      throw new ProbeError(`${file}: cannot read: ${errnoWords(err)}`, 'MEDIA_UNREADABLE');
    }
    if (!stat.isFile()) throw new ProbeError(`${file}: cannot read: not a regular file`, 'MEDIA_UNREADABLE');
    if (stat.size === 0) throw new ProbeError(`${file}: not a media file: it is empty`, 'MEDIA_NOT_MEDIA');
    command ??= ffprobeCommand(env);
    const probing = command.then((c) => runFfprobe(c, file, { env, signal }));
    // The normaliser loads while the first ffprobe runs, not before it starts.
    normalizer ??= Promise.all([import('./normalize.js'), import('./sidecar-subtitles.js')]);
    const [probe, names, [{ normalizeProbe, NotMediaError }, { findSidecarSubtitles }]] = await Promise.all([
      probing,
      siblingNames(path.dirname(file)),
      normalizer,
    ]);
    try {
      // Sidecar indexes are renumbered after the embedded streams by the normaliser.
      return normalizeProbe(probe, { path: file, externalSubtitles: findSidecarSubtitles(file, names, 0) });
    } catch (err) {
      if (err instanceof NotMediaError) throw new ProbeError(`${file}: ${err.message}`, 'MEDIA_NOT_MEDIA');
      throw err;
    }
  };
}

/** Probes one file and normalises it as Jellyfin would (FFPROBE_PATH from this process's environment). */
export function probeMedia(file: string): Promise<MediaFacts> {
  return createProber()(file);
}
