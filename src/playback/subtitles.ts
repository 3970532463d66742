// How a subtitle stream reaches the TV: StreamBuilder.GetSubtitleProfile,
// IsSubtitleEmbedSupported and GetExternalSubtitleProfile (jellyfin/jellyfin,
// MediaBrowser.Model/Dlna/StreamBuilder.cs), plus which subtitle stream is
// the default one (subtitle mode "Default": forced first, then default-flagged).
import type { SubtitleProfile } from '../device-profile/model.js';
import type { SubtitleStreamFacts } from '../media/facts.js';
import { isTextSubtitleCodec } from '../media/sidecar-subtitles.js';
import { allows } from './list-match.js';
import type { PlayMethod } from './decision.js';

/** SubtitleProfile.SupportsLanguage: no language on the profile = all; unknown stream language = "und". */
function supportsLanguage(profile: SubtitleProfile, language: string | undefined): boolean {
  if (profile.language === undefined || profile.language === '') return true;
  return allows(profile.language, language === undefined || language === '' ? 'und' : language);
}

/** MediaStream.SupportsSubtitleConversionTo: text only, never from or to ass/ssa. */
function supportsConversionTo(stream: SubtitleStreamFacts, toCodec: string): boolean {
  if (!stream.isText) return false;
  const from = stream.codec.toLowerCase();
  const to = toCodec.toLowerCase();
  return from !== 'ass' && from !== 'ssa' && to !== 'ass' && to !== 'ssa';
}

/** StreamBuilder.IsSubtitleEmbedSupported: only a Matroska transcode can carry embedded subtitles. */
function isSubtitleEmbedSupported(container: string | undefined): boolean {
  if (container === undefined || container === '') return false;
  if (allows(container, 'ts,mpegts,mp4')) return false;
  return allows(container, 'mkv,matroska');
}

function externalProfile(
  stream: SubtitleStreamFacts,
  profiles: readonly SubtitleProfile[],
  playMethod: PlayMethod,
  allowConversion: boolean,
  canExtractSubtitles: boolean,
): SubtitleProfile | undefined {
  for (const profile of profiles) {
    if (profile.method !== 'External' && profile.method !== 'Hls') continue;
    if (profile.method === 'Hls' && playMethod !== 'Transcode') continue;
    if (!supportsLanguage(profile, stream.language)) continue;
    // ITranscoderSupport.CanExtractSubtitles: always true in Jellyfin's MediaEncoder (false in its unit tests' mock).
    if (!stream.isExternal && !canExtractSubtitles) continue;
    if (
      (profile.method === 'External' && stream.isText === isTextSubtitleCodec(profile.format)) ||
      (profile.method === 'Hls' && stream.isText)
    ) {
      if (profile.format.toLowerCase() === stream.codec.toLowerCase()) return profile;
      if (!allowConversion) continue;
      // Text subtitles (embedded ones are extractable) support external delivery.
      if (stream.isText && stream.supportsExternalStream !== false && supportsConversionTo(stream, profile.format))
        return profile;
    }
  }
  return undefined;
}

export interface SubtitleChoice {
  method: SubtitleProfile['method'];
  format: string;
}

/** StreamBuilder.GetSubtitleProfile. */
export function subtitleProfileFor(
  stream: SubtitleStreamFacts,
  profiles: readonly SubtitleProfile[],
  playMethod: PlayMethod,
  outputContainer: string | undefined,
  transcodingProtocol: string | undefined,
  canExtractSubtitles = true,
): SubtitleChoice {
  if (!stream.isExternal && (playMethod !== 'Transcode' || transcodingProtocol !== 'hls')) {
    for (const pass of [0, 1]) {
      for (const profile of profiles) {
        if (!supportsLanguage(profile, stream.language)) continue;
        if (profile.method !== 'Embed') continue;
        if (!allows(profile.container, outputContainer)) continue;
        if (playMethod === 'Transcode' && !isSubtitleEmbedSupported(outputContainer)) continue;
        if (pass === 0) {
          if (
            stream.isText === isTextSubtitleCodec(profile.format) &&
            profile.format.toLowerCase() === stream.codec.toLowerCase()
          ) {
            return { method: profile.method, format: profile.format };
          }
        } else if (stream.isText && supportsConversionTo(stream, profile.format)) {
          return { method: profile.method, format: profile.format };
        }
      }
    }
  }
  const external =
    externalProfile(stream, profiles, playMethod, false, canExtractSubtitles) ??
    externalProfile(stream, profiles, playMethod, true, canExtractSubtitles);
  if (external) return { method: external.method, format: external.format };
  return { method: 'Encode', format: stream.codec };
}

/**
 * StreamBuilder.GetDefaultSubtitleStreamIndex: among the highest-scored subtitle
 * streams (when several tie), the first one an External SubtitleProfile
 * delivers as-is; else the media source's DefaultSubtitleStreamIndex.
 */
export function defaultSubtitleStreamIndex(
  subtitles: readonly SubtitleStreamFacts[],
  profiles: readonly SubtitleProfile[],
  sourceDefault: number | undefined,
): number | undefined {
  let highest = -1;
  for (const s of subtitles) if (s.score !== undefined && s.score > highest) highest = s.score;
  const top = subtitles.filter((s) => s.score !== undefined && s.score === highest);
  if (top.length > 1) {
    for (const s of top) {
      for (const p of profiles) {
        if (p.method === 'External' && p.format.toLowerCase() === s.codec.toLowerCase()) return s.index;
      }
    }
  }
  return sourceDefault;
}
