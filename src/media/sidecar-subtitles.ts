// External subtitle files next to a video, found the way Jellyfin's
// ExternalPathParser does: same base name, a subtitle extension, optional
// dot-separated language and flag tokens in between ("Movie.en.forced.srt").
// Pure: the adapter passes the directory listing in.
import path from 'node:path';
import type { SubtitleStreamFacts } from './facts.js';

/**
 * Extension -> the codec ffprobe reports for such a file. Jellyfin probes each
 * sidecar and keeps ffprobe's codec name, so an .srt file is "subrip", not
 * "srt" (a SubtitleProfile format="srt" does not match it; "subrip" does).
 */
const SIDECAR_CODECS: Record<string, string> = {
  '.srt': 'subrip',
  '.ass': 'ass',
  '.ssa': 'ass',
  '.vtt': 'webvtt',
  '.smi': 'sami',
  '.sami': 'sami',
  '.sup': 'PGSSUB',
  '.sub': 'microdvd',
};

const FORCED_TOKENS = new Set(['forced', 'foreign']);
const DEFAULT_TOKENS = new Set(['default']);

export function isTextSubtitleCodec(codec: string): boolean {
  // MediaStream.IsTextFormat: microdvd is text even though .sub is shared with dvdsub.
  const c = codec.toLowerCase();
  if (c.includes('microdvd')) return true;
  return !c.includes('pgs') && !c.includes('dvdsub') && !c.includes('dvbsub') && c !== 'sup' && c !== 'sub';
}

/**
 * @param mediaPath the video file
 * @param dirEntries names (not paths) of the files in the video's directory
 * @param firstIndex stream index to give the first sidecar (after the embedded streams)
 */
export function findSidecarSubtitles(
  mediaPath: string,
  dirEntries: readonly string[],
  firstIndex: number,
): SubtitleStreamFacts[] {
  const dir = path.dirname(mediaPath);
  const base = path.basename(mediaPath, path.extname(mediaPath));
  const found: SubtitleStreamFacts[] = [];
  const sorted = [...dirEntries].sort();
  for (const name of sorted) {
    const ext = path.extname(name).toLowerCase();
    const codec = SIDECAR_CODECS[ext];
    if (codec === undefined) continue;
    const stem = name.slice(0, name.length - ext.length);
    // Exact base name, or base name followed by "." and tokens; case-insensitive like Jellyfin.
    if (stem.toLowerCase() !== base.toLowerCase() && !stem.toLowerCase().startsWith(`${base.toLowerCase()}.`)) continue;
    const tokens =
      stem.length > base.length
        ? stem
            .slice(base.length + 1)
            .split('.')
            .filter(Boolean)
        : [];
    let language: string | undefined;
    let isForced = false;
    let isDefault = false;
    for (const token of tokens) {
      const lower = token.toLowerCase();
      if (FORCED_TOKENS.has(lower)) isForced = true;
      else if (DEFAULT_TOKENS.has(lower)) isDefault = true;
      else if (language === undefined && /^[a-z]{2,3}(-[a-z]{2})?$/i.test(token)) language = lower;
    }
    found.push({
      index: firstIndex + found.length,
      codec,
      isExternal: true,
      path: path.join(dir, name),
      isDefault,
      isForced,
      language,
      isText: isTextSubtitleCodec(codec),
    });
  }
  return found;
}
