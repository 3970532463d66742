// The thin I/O side of media facts: run ffprobe through fluent-ffmpeg, list
// the directory for sidecar subtitles, hand both to the pure normaliser.
// Every failure becomes a ProbeError with a message a user can act on.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import ffmpeg from 'fluent-ffmpeg';
import type { MediaFacts } from './facts.js';
import type { ProbeResult } from './ffprobe-types.js';
import { normalizeProbe, NotMediaError } from './normalize.js';
import { findSidecarSubtitles } from './sidecar-subtitles.js';

export type ProbeErrorKind = 'missing-ffprobe' | 'unreadable' | 'not-media';

export class ProbeError extends Error {
  constructor(
    message: string,
    readonly kind: ProbeErrorKind,
  ) {
    super(message);
    this.name = 'ProbeError';
  }
}

/** ffprobe's error lines, demuxer tags and the file name stripped ("moov atom not found; Invalid data found..."). */
function ffprobeReason(message: string, file: string): string {
  const reasons: string[] = [];
  for (const raw of message.split('\n')) {
    let line = raw.trim().replace(/^\[[^\]]*@ 0x[0-9a-f]+\]\s*/i, '');
    if (line === '' || line.startsWith('ffprobe exited with code')) continue;
    if (line.startsWith(`${file}:`)) line = line.slice(file.length + 1).trim();
    if (!reasons.includes(line)) reasons.push(line);
  }
  return reasons.length === 0 ? 'ffprobe could not read it' : reasons.slice(-3).join('; ');
}

function runFfprobe(file: string): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    // -v error keeps stderr to the reason; fluent-ffmpeg adds -show_streams -show_format.
    ffmpeg.ffprobe(file, ['-v', 'error'], (err: Error | null, data: unknown) => {
      if (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || /Cannot find ffprobe/i.test(err.message)) {
          reject(new ProbeError('ffprobe not found: install ffmpeg (Debian: apt-get install ffmpeg) or set FFPROBE_PATH', 'missing-ffprobe'));
        } else {
          reject(new ProbeError(`${file}: not a readable media file: ${ffprobeReason(err.message, file)}`, 'not-media'));
        }
        return;
      }
      resolve(data as ProbeResult);
    });
  });
}

async function siblingNames(file: string): Promise<string[]> {
  try {
    return await fs.readdir(path.dirname(file));
  } catch {
    return []; // sidecars are optional; the file itself was readable
  }
}

/** Probes one file and normalises it as Jellyfin would. */
export async function probeMedia(file: string): Promise<MediaFacts> {
  let stat;
  try {
    stat = await fs.stat(file);
    await fs.access(file, fs.constants.R_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code;
    throw new ProbeError(`${file}: cannot read: ${why}`, 'unreadable');
  }
  if (!stat.isFile()) throw new ProbeError(`${file}: cannot read: not a regular file`, 'unreadable');
  if (stat.size === 0) throw new ProbeError(`${file}: not a media file: it is empty`, 'not-media');
  const [probe, names] = await Promise.all([runFfprobe(file), siblingNames(file)]);
  try {
    // Sidecar indexes are renumbered after the embedded streams by the normaliser.
    return normalizeProbe(probe, { path: file, externalSubtitles: findSidecarSubtitles(file, names, 0) });
  } catch (err) {
    if (err instanceof NotMediaError) throw new ProbeError(`${file}: ${err.message}`, 'not-media');
    throw err;
  }
}
