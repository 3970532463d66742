// How play-check shows a result: the JSON object per file (fixed keys) and
// the text block (decision, reasons in plain words, what reaches the TV, the
// ffmpeg command lines). Pure formatting.
import type { MediaFacts } from '../media/facts.js';
import type { PlaybackDecision } from './decision.js';
import type { PolicyVerdict } from './policy.js';
import type { ChosenProfile } from './profile-sources.js';
import type { FfmpegPlan } from './ffmpeg-plan.js';
import { shellLine } from './ffmpeg-plan.js';
import { reasonInWords } from './transcode-reasons.js';
import type { EncoderChoice } from '../media/encoder-detect.js';
import { trapGuardInWords, type TrapGuard } from './trap-guard.js';
import { ENGINE_MIRRORS, JELLYFIN_VERSION } from './jellyfin-version.js';

export interface FileResult {
  file: string;
  chosen: ChosenProfile;
  facts: MediaFacts;
  decision: PlaybackDecision;
  verdict: PolicyVerdict;
  /** The command Jellyfin would run with NVENC, and the one that runs here. */
  jellyfinPlan?: FfmpegPlan;
  localPlan?: FfmpegPlan;
  localEncoder?: EncoderChoice;
  /** The Direct Stream trap guard behind VideoResolutionNotSupported, when there is one. */
  trapGuard?: TrapGuard;
}

export interface PlayCheckJson {
  /** The Jellyfin release whose StreamBuilder the engine mirrors. */
  jellyfin: string;
  file: string;
  profile: string;
  decision: PlaybackDecision['playMethod'];
  reasons: string[];
  servesOriginalFile: boolean;
  transcode: {
    container: string;
    videoCodec: string | null;
    audioCodec: string | null;
    videoAction: 'copy' | 'encode';
  } | null;
  audioStreamIndex: number | null;
  subtitleStreamIndex: number | null;
}

export function toJson(r: FileResult): PlayCheckJson {
  const t = r.decision.transcode;
  return {
    jellyfin: JELLYFIN_VERSION,
    file: r.file,
    profile: r.chosen.name,
    decision: r.decision.playMethod,
    reasons: r.decision.reasons,
    servesOriginalFile: r.decision.servesOriginalFile,
    transcode:
      r.decision.playMethod === 'DirectPlay' || t === undefined
        ? null
        : {
            container: t.container,
            videoCodec: t.videoCodec ?? null,
            audioCodec: t.audioCodec ?? null,
            videoAction: t.videoAction,
          },
    audioStreamIndex: r.decision.audioStreamIndex ?? null,
    subtitleStreamIndex: r.decision.subtitleStreamIndex ?? null,
  };
}

function mbit(bps: number | undefined): string {
  return bps === undefined ? 'unknown' : `${(bps / 1e6).toFixed(bps < 10e6 ? 2 : 1)} Mbit/s`;
}

export function describeMedia(f: MediaFacts): string {
  const parts: string[] = [f.container ?? 'unknown container'];
  const v = f.video;
  if (v) {
    const fps = v.averageFrameRate ?? v.realFrameRate;
    parts.push(
      [
        v.codec,
        v.profile,
        v.bitDepth !== undefined ? `${v.bitDepth}-bit` : undefined,
        v.width && v.height ? `${v.width}x${v.height}` : undefined,
        fps ? `${Math.round(fps * 100) / 100} fps` : undefined,
        v.videoRangeType !== 'SDR' ? v.videoRangeType : undefined,
        v.isInterlaced ? 'interlaced' : undefined,
      ]
        .filter(Boolean)
        .join(' '),
    );
  }
  for (const a of f.audio)
    parts.push(`${a.codec}${a.channels ? ` ${a.channels}ch` : ''}${a.isExternal ? ' (external)' : ''}`);
  for (const s of f.subtitles)
    parts.push(`sub ${s.codec}${s.isExternal ? ' (external)' : ''}${s.isForced ? ' forced' : ''}`);
  parts.push(mbit(f.bitrate));
  return parts.join(' · ');
}

const PLAY_METHOD_WORDS: Record<PlaybackDecision['playMethod'], string> = {
  DirectPlay: 'Direct Play: the TV gets the original file',
  DirectStream:
    'Direct Stream: Jellyfin means to remux, but the DLNA URL has Static=true, so the TV gets the ORIGINAL file',
  Transcode: 'Transcode: Jellyfin runs ffmpeg and the TV gets its output',
};

export function formatText(r: FileResult): string {
  const d = r.decision;
  const lines: string[] = [r.file];
  const src = r.chosen.kind === 'builtin' ? r.chosen.source : `${r.chosen.kind} profile ${r.chosen.source}`;
  lines.push(`  profile:   ${r.chosen.name} (${src})`);
  lines.push(`  media:     ${describeMedia(r.facts)}`);
  lines.push(`  engine:    ${ENGINE_MIRRORS}`);
  lines.push(`  decision:  ${d.playMethod} (${PLAY_METHOD_WORDS[d.playMethod]})`);
  if (d.reasons.length === 0) lines.push('  reasons:   none: every check of the profile passes');
  const resolution =
    r.facts.video?.width && r.facts.video.height ? `${r.facts.video.width}x${r.facts.video.height}` : undefined;
  const words = (reason: PlaybackDecision['reasons'][number]): string =>
    reason === 'VideoResolutionNotSupported' && r.trapGuard
      ? trapGuardInWords(r.trapGuard, resolution)
      : reasonInWords(reason);
  d.reasons.forEach((reason, i) =>
    lines.push(`  ${i === 0 ? 'reasons:  ' : '          '} ${reason}: ${words(reason)}`),
  );
  if (d.directPlayProfile) {
    const p = d.directPlayProfile;
    lines.push(
      `  matched:   DirectPlayProfile container="${p.container}" videoCodec="${p.videoCodec}" audioCodec="${p.audioCodec}" (line ${p.pos.line})`,
    );
  }
  if (d.transcodingProfile) {
    const p = d.transcodingProfile;
    lines.push(
      `  uses:      TranscodingProfile container="${p.container}" videoCodec="${p.videoCodec}" audioCodec="${p.audioCodec}" (line ${p.pos.line})`,
    );
  }
  const t = d.transcode;
  if (d.playMethod === 'Transcode' && t) {
    const video =
      t.videoAction === 'copy'
        ? `video copied (${t.videoCodec})`
        : `video encoded to ${t.videoCodec}${t.encodeBecause ? ` because ${t.encodeBecause}` : ''}`;
    const audio =
      t.audioAction === 'copy'
        ? `audio copied (${t.audioCodec})`
        : t.audioAction === 'encode'
          ? `audio encoded to ${t.audioCodec}`
          : 'no audio';
    lines.push(`  ffmpeg:    ${video}; ${audio}; ${t.container} out`);
  }
  if (d.subtitle)
    lines.push(
      `  subtitle:  stream ${d.subtitle.streamIndex} (${d.subtitle.codec}${d.subtitle.isExternal ? ', external' : ''}) delivered by ${d.subtitle.method}`,
    );
  const del = r.verdict.delivered;
  lines.push(
    `  TV gets:   ${[del.videoCodec, del.audioCodec].filter(Boolean).join(' + ') || 'nothing'} in ${del.container ?? 'nothing'}`,
  );
  lines.push(
    r.verdict.denied
      ? `  verdict:   DENIED: ${r.verdict.problems.join('; ')}`
      : '  verdict:   OK: the TV gets a format the policy allows',
  );
  for (const note of d.notes) lines.push(`  note:      ${note}`);
  if (r.jellyfinPlan) lines.push(`  Jellyfin (NVENC) runs:\n    ${shellLine(r.jellyfinPlan.argv)}`);
  if (r.localPlan && r.localEncoder) {
    const why =
      r.localEncoder.encoder === 'h264_nvenc'
        ? 'NVENC works here'
        : `no NVENC here: ${r.localEncoder.nvencUnavailable}; Jellyfin would fall back to libx264 on the CPU`;
    lines.push(`  this machine (${why}):\n    ${shellLine(r.localPlan.argv)}`);
  }
  return lines.join('\n');
}
