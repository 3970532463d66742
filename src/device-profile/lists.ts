// Jellyfin's list semantics, as MediaBrowser.Model/Extensions/ContainerHelper.cs
// implements them for every container and codec list in a profile:
// - a list is comma-separated; tokens compare exactly, ignoring case
//   (OrdinalIgnoreCase), with no trimming and no aliases;
// - an empty or missing list matches everything;
// - a list starting with '-' is a deny-list: it matches everything except its tokens;
// - the input may itself be a comma list (ffprobe's "mov,mp4,m4a,3gp,3g2,mj2"):
//   any one input token matching is enough;
// - an empty input matches only a deny-list (ContainsContainer returns isNegativeList).

export interface ParsedList {
  /** True for a deny-list ("-mkv,avi"). */
  deny: boolean;
  /** Lower-cased non-empty tokens, as written (not trimmed: Jellyfin does not trim). */
  tokens: string[];
  /** True when the list matches everything (empty, or a bare '-'). */
  all: boolean;
}

/** ContainerHelper.Split: a comma list's tokens as written (case kept, not trimmed), empty entries removed. */
export function splitList(list: string | undefined): string[] {
  return list ? list.split(',').filter((t) => t.length > 0) : [];
}

export function parseList(list: string | undefined): ParsedList {
  let s = list ?? '';
  const deny = s.startsWith('-');
  if (deny) s = s.slice(1);
  const tokens = splitList(s).map((t) => t.toLowerCase());
  return { deny, tokens, all: s.length === 0 };
}

/**
 * ContainerHelper.ContainsContainer(profileList, input): does a profile list
 * admit this input (a token, or a comma list of which any token may match)?
 */
export function listAllows(list: string | undefined, input: string | undefined): boolean {
  const parsed = parseList(list);
  if (!input) return parsed.deny;
  if (parsed.all) return true;
  for (const token of input.split(',')) {
    if (token.length > 0 && parsed.tokens.includes(token.toLowerCase())) return !parsed.deny;
  }
  return parsed.deny;
}

/**
 * CodecProfile.ContainsAnyCodec's codec test: does any token of `input` (which
 * may be a comma list) appear in `list`, ignoring case? Unlike listAllows, a
 * leading '-' means nothing here (Jellyfin does not read a deny-list on a
 * CodecProfile's codec): "-hevc" is the literal token "-hevc". An empty or
 * missing list contains every codec, a missing input included.
 */
export function listContainsAny(list: string | undefined, input: string | undefined): boolean {
  if (!list) return true;
  const listed = splitList(list).map((t) => t.toLowerCase());
  for (const token of splitList(input)) if (listed.includes(token.toLowerCase())) return true;
  return false;
}

/** The ways a list can admit a token, for messages that say why. */
export type AdmitReason = 'empty-list' | 'listed' | 'deny-list-misses-it';

/** Why `list` admits `token`, or undefined when it does not. */
export function admitReason(list: string | undefined, token: string): AdmitReason | undefined {
  if (!listAllows(list, token)) return undefined;
  const parsed = parseList(list);
  if (parsed.all) return 'empty-list';
  return parsed.deny ? 'deny-list-misses-it' : 'listed';
}

/**
 * Container names Jellyfin never sees, because ProbeResultNormalizer.NormalizeFormat
 * renames ffprobe's format names before matching: matroska -> mkv, mpegts -> ts,
 * mpegvideo -> mpeg. A profile token equal to the left side can never match.
 */
export const CONTAINER_NEVER_MATCHES: Readonly<Record<string, string>> = Object.freeze({
  matroska: 'mkv',
  mpegts: 'ts',
  mpegvideo: 'mpeg',
});

/**
 * Codec names Jellyfin never sees: codecs are ffprobe's codec_name verbatim
 * (hevc, h264, mpeg2video, ...), so encoder or marketing names never match.
 */
export const CODEC_NEVER_MATCHES: Readonly<Record<string, string>> = Object.freeze({
  h265: 'hevc',
  'h.265': 'hevc',
  x265: 'hevc',
  hevc10: 'hevc',
  hevc_main10: 'hevc',
  x264: 'h264',
  'h.264': 'h264',
  avc: 'h264',
  avc1: 'h264',
  mpeg2: 'mpeg2video',
  divx: 'mpeg4',
  xvid: 'mpeg4',
  vp09: 'vp9',
  av01: 'av1',
});

/**
 * The token Jellyfin would match instead of `token` (which never matches), or
 * undefined when `token` can match. Whitespace around a token is a never-match
 * too: Jellyfin does not trim ("ts, mkv" has the token " mkv").
 */
export function neverMatchSuggestion(token: string, kind: 'container' | 'codec'): string | undefined {
  const lower = token.toLowerCase();
  const table = kind === 'container' ? CONTAINER_NEVER_MATCHES : CODEC_NEVER_MATCHES;
  const trimmed = lower.trim();
  if (trimmed !== lower) return table[trimmed] ?? trimmed;
  const suggestion = table[lower];
  return suggestion !== undefined && suggestion !== lower ? suggestion : undefined;
}

/** ProbeResultNormalizer.NormalizeFormat, for the container names it renames (webm handling aside). */
export function normalizeProbedContainer(ffprobeFormat: string): string {
  return ffprobeFormat
    .split(',')
    .map((f) => CONTAINER_NEVER_MATCHES[f.toLowerCase()] ?? f)
    .join(',');
}
