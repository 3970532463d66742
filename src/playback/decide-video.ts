// StreamBuilder.BuildVideoItem for the DLNA server (jellyfin/jellyfin,
// MediaBrowser.Model/Dlna/StreamBuilder.cs, 10.10/10.11), as the DLNA plugin
// calls it: MediaOptions defaults (direct play and direct stream enabled,
// Streaming context, no stream-copy preference in profile choice) and
// MaxBitrate = profile MaxStreamingBitrate. Then the encoder's side: whether
// ffmpeg copies the video (EncodingHelper.CanStreamCopyVideo) and at which
// bitrate it encodes. Pure: facts and profile in, decision out.
import type { CodecProfile, DeviceProfile, DirectPlayProfile, ProfileCondition, TranscodingProfile } from '../profile/model.js';
import type { AudioStreamFacts, MediaFacts, SubtitleStreamFacts, VideoStreamFacts } from '../media/facts.js';
import { allows, containsAny, splitList } from './list-match.js';
import {
  isVideoAudioConditionSatisfied,
  isVideoConditionSatisfied,
  type AudioConditionInput,
  type VideoConditionInput,
} from './conditions.js';
import {
  AUDIO_REASONS,
  BIT,
  CONTAINER_REASONS,
  DIRECT_STREAM_REASONS,
  VIDEO_REASONS,
  reasonForFailedCondition,
  reasonsOf,
} from './transcode-reasons.js';
import { defaultSubtitleStream, subtitleProfileFor } from './subtitles.js';
import { TargetOptions, applyTranscodingConditions, referenceFrameRate, videoCopyBlocker } from './target-options.js';
import { audioBitrateFor } from './audio-bitrate.js';
import type { PlaybackDecision, PlayMethod, SubtitleDelivery, TranscodeTarget } from './decision.js';

/** StreamBuilder.IsBitrateLimitExceeded: an unknown item bitrate counts as 40 Mbit/s. */
export const UNKNOWN_ITEM_BITRATE = 40_000_000;
const INT_MAX = 2_147_483_647;

export interface DecideOptions {
  /** MediaOptions.MaxBitrate; the DLNA plugin passes the profile's MaxStreamingBitrate. */
  maxBitrate?: number;
}

/** MediaSourceInfo.GetDefaultAudioStream: the requested one, else the default-flagged one, else the first. */
export function defaultAudioStream(audio: readonly AudioStreamFacts[]): AudioStreamFacts | undefined {
  return audio.find((a) => a.isDefault) ?? audio[0];
}

/** BuildVideoItem's candidate audio streams: all default-flagged ones, or all of the same language. */
function candidateAudio(audio: readonly AudioStreamFacts[], chosen: AudioStreamFacts | undefined): AudioStreamFacts[] {
  if (!chosen) return [];
  if (chosen.isDefault) return audio.filter((a) => a.isDefault);
  return audio.filter((a) => a.language === chosen.language);
}

/** MediaSourceInfo.IsSecondaryAudio: not the first embedded audio stream. */
function isSecondaryAudio(facts: MediaFacts, stream: AudioStreamFacts): boolean | undefined {
  if (stream.isExternal) return false;
  const first = facts.audio.find((a) => !a.isExternal);
  return first === undefined ? undefined : first.index !== stream.index;
}

export function videoConditionInput(facts: MediaFacts): VideoConditionInput {
  const v = facts.video;
  return {
    width: v?.width,
    height: v?.height,
    bitDepth: v?.bitDepth,
    videoBitrate: v?.bitRate,
    videoProfile: v?.profile,
    videoRangeType: v?.videoRangeType,
    videoLevel: v?.level,
    // A video stream with no frame rate reads as 0, which passes every LessThanEqual.
    videoFramerate: v ? (referenceFrameRate(v) ?? 0) : 0,
    packetLength: undefined,
    // Jellyfin reads the TS timestamp from .ts/.m2ts bytes; not probed here, so unknown.
    timestamp: v ? undefined : 'None',
    isAnamorphic: v?.isAnamorphic,
    isInterlaced: v?.isInterlaced,
    refFrames: v?.refFrames,
    numVideoStreams: facts.videoStreamCount,
    numAudioStreams: facts.audio.length,
    videoCodecTag: v?.codecTag,
    isAvc: v?.isAvc,
  };
}

function audioConditionInput(facts: MediaFacts, a: AudioStreamFacts, secondary: boolean | undefined): AudioConditionInput {
  return {
    audioChannels: a.channels,
    audioBitrate: a.bitRate,
    audioSampleRate: a.sampleRate,
    audioBitDepth: a.bitDepth,
    audioProfile: a.profile,
    isSecondaryAudio: secondary,
  };
}

/** CodecProfile.ContainsAnyCodec: container list honours '-', the codec list does not (src/profile/lists.ts). */
function codecProfileApplies(cp: CodecProfile, codecs: readonly (string | undefined)[], container: string | undefined): boolean {
  if (!allows(cp.container, container)) return false;
  if (codecs.length === 0) return containsAny(cp.codec, undefined);
  for (const codec of codecs) if (containsAny(cp.codec, codec)) return true;
  return false;
}

function failedMask(conditions: readonly ProfileCondition[], test: (c: ProfileCondition) => boolean): number {
  let mask = 0;
  for (const c of conditions) {
    if (!test(c)) {
      const reason = reasonForFailedCondition(c.property);
      if (reason !== undefined) mask |= BIT[reason];
    }
  }
  return mask;
}

/** StreamBuilder's GetRank over [VideoCodecNotSupported, VideoCodecReasons, AudioCodecNotSupported, AudioCodecReasons, ContainerReasons]. */
const RANKINGS = [
  BIT.VideoCodecNotSupported,
  VIDEO_REASONS & ~BIT.VideoCodecNotSupported,
  BIT.AudioCodecNotSupported,
  AUDIO_REASONS & ~BIT.AudioCodecNotSupported,
  CONTAINER_REASONS,
];
function rank(mask: number): number {
  for (let i = 0; i < RANKINGS.length; i++) if ((mask & RANKINGS[i]!) !== 0) return i + 1;
  return RANKINGS.length + 1;
}

const PLAY_METHOD_ORDER: Record<string, number> = { DirectPlay: 2, DirectStream: 1 };

interface DirectPlayResult {
  profile?: DirectPlayProfile;
  playMethod?: PlayMethod;
  audioStreamIndex?: number;
  reasons: number;
}

/** StreamBuilder.GetVideoDirectPlayProfile. */
function videoDirectPlayProfile(
  facts: MediaFacts,
  profile: DeviceProfile,
  candidates: readonly AudioStreamFacts[],
  subtitle: SubtitleStreamFacts | undefined,
  eligibleDirectPlay: boolean,
  eligibleDirectStream: boolean,
): DirectPlayResult {
  const container = facts.container;
  const video = facts.video;
  const vInput = videoConditionInput(facts);
  const videoOk = (c: ProfileCondition): boolean => isVideoConditionSatisfied(c, vInput);

  let containerProfileReasons = 0;
  for (const cp of profile.containerProfiles) {
    if (cp.type === 'Video' && allows(cp.container, container)) {
      containerProfileReasons |= failedMask(cp.conditions, videoOk);
    }
  }
  let videoCodecProfileReasons = 0;
  for (const cp of profile.codecProfiles) {
    if (cp.type !== 'Video' || !codecProfileApplies(cp, [video?.codec], container)) continue;
    if (!cp.applyConditions.every(videoOk)) continue;
    videoCodecProfileReasons |= failedMask(cp.conditions, videoOk);
  }
  const audioReasons = new Map<AudioStreamFacts, number>();
  for (const a of candidates) {
    const input = audioConditionInput(facts, a, isSecondaryAudio(facts, a));
    const audioOk = (c: ProfileCondition): boolean => isVideoAudioConditionSatisfied(c, input);
    let mask = 0;
    for (const cp of profile.codecProfiles) {
      if (cp.type !== 'VideoAudio' || !codecProfileApplies(cp, [a.codec], container)) continue;
      if (!cp.applyConditions.every(audioOk)) continue;
      mask |= failedMask(cp.conditions, audioOk);
    }
    if (a.isExternal) mask |= BIT.AudioIsExternal;
    audioReasons.set(a, mask);
  }
  let subtitleReasons = 0;
  if (subtitle) {
    const choice = subtitleProfileFor(subtitle, profile.subtitleProfiles, 'DirectPlay', container, undefined);
    if (choice.method !== 'Drop' && choice.method !== 'External' && choice.method !== 'Embed') {
      subtitleReasons |= BIT.SubtitleCodecNotSupported;
    }
  }

  let containerSupported = false;
  const analyzed: { result: DirectPlayResult; order: number; rank: number }[] = [];
  let order = 0;
  for (const dp of profile.directPlayProfiles) {
    if (dp.type !== 'Video') continue;
    let reasons = 0;
    let audioProfileReasons = 0;
    if (!allows(dp.container, container)) reasons |= BIT.ContainerNotSupported;
    else containerSupported = true;
    // DirectPlayProfile.SupportsVideoCodec (type is Video here).
    if (!allows(dp.videoCodec, video?.codec)) reasons |= BIT.VideoCodecNotSupported;
    let selected: AudioStreamFacts | undefined;
    if (candidates.length > 0) {
      selected = candidates.find((a) => allows(dp.audioCodec, a.codec));
      if (!selected) reasons |= BIT.AudioCodecNotSupported;
      else audioProfileReasons = audioReasons.get(selected) ?? 0;
    }
    let failure = reasons | containerProfileReasons | subtitleReasons;
    if ((failure & BIT.VideoCodecNotSupported) === 0) failure |= videoCodecProfileReasons;
    if ((failure & BIT.AudioCodecNotSupported) === 0) failure |= audioProfileReasons;
    const directStreamFailure = failure & ~DIRECT_STREAM_REASONS;
    let playMethod: PlayMethod | undefined;
    if (failure === 0 && eligibleDirectPlay) playMethod = 'DirectPlay';
    else if (directStreamFailure === 0 && eligibleDirectStream) playMethod = 'DirectStream';
    analyzed.push({ result: { profile: dp, playMethod, audioStreamIndex: selected?.index, reasons: failure }, order: order++, rank: rank(failure) });
  }
  analyzed.sort(
    (a, b) =>
      (PLAY_METHOD_ORDER[b.result.playMethod ?? ''] ?? 0) - (PLAY_METHOD_ORDER[a.result.playMethod ?? ''] ?? 0) ||
      b.rank - a.rank ||
      a.order - b.order,
  );
  const match = analyzed.find((a) => a.result.playMethod !== undefined);
  if (match) return match.result;
  const fallback = analyzed.find(
    (a) => !containerSupported || (a.result.reasons & BIT.ContainerNotSupported) === 0,
  );
  const reasons = fallback?.result.reasons ?? 0;
  return { reasons: reasons === 0 ? BIT.DirectPlayError : reasons };
}

/** StreamBuilder.GetVideoTranscodeProfile with AllowVideoStreamCopy off (the DLNA default): the first Video/Streaming profile. */
function videoTranscodeProfile(profile: DeviceProfile): TranscodingProfile | undefined {
  return profile.transcodingProfiles.find((tp) => tp.type === 'Video' && (tp.context ?? 'Streaming') === 'Streaming');
}

/** StreamBuilder.NormalizeMediaSourceFormatIntoSingleContainer. */
function singleContainer(container: string | undefined, dp: DirectPlayProfile | undefined): string | undefined {
  if (container === undefined || !container.includes(',') || dp === undefined) return container;
  for (const format of splitList(container)) if (allows(dp.container, format)) return format;
  return container;
}

interface StreamBuild {
  target: TargetOptions;
  videoCodecs: string[];
  audioCodecs: string[];
  directAudio?: AudioStreamFacts;
  audioStream?: AudioStreamFacts;
  audioChannels?: number;
  extraReasons: number;
}

/** StreamBuilder.BuildStreamVideoItem: target codecs, audio copy choice, limits from codec profiles, bitrates. */
function buildStreamVideoItem(
  facts: MediaFacts,
  profile: DeviceProfile,
  maxBitrate: number | undefined,
  reasonsSoFar: number,
  candidates: readonly AudioStreamFacts[],
  audioStream: AudioStreamFacts | undefined,
  container: string | undefined,
  videoCodec: string | undefined,
  audioCodec: string | undefined,
  transcodingMaxAudioChannels: number | undefined,
): StreamBuild {
  const video = facts.video;
  const target = new TargetOptions();
  let extraReasons = 0;
  const videoCodecs = [...splitList(videoCodec)];
  if (videoCodecs.length === 0 && video) videoCodecs.push(video.codec);
  target.maxFramerate = referenceFrameRate(video);
  const qualifier = video?.codec;
  if (video?.level !== undefined) target.set(qualifier, 'level', String(video.level));
  if (video?.bitDepth !== undefined) target.set(qualifier, 'videobitdepth', String(video.bitDepth));
  if (video?.profile) target.set(qualifier, 'profile', video.profile.toLowerCase());

  let audioCodecs = [...splitList(audioCodec)];
  if (audioCodecs.length === 0 && audioStream) audioCodecs.push(audioStream.codec);
  const supported = candidates.find((a) => audioCodecs.some((c) => c.toLowerCase() === a.codec.toLowerCase()));
  const channelsExceed = supported !== undefined && supported.channels !== undefined && supported.channels > (transcodingMaxAudioChannels ?? INT_MAX);
  let directAudioOk = supported !== undefined && !channelsExceed;
  if (supported && directAudioOk) {
    const input = audioConditionInput(facts, supported, false);
    for (const cp of profile.codecProfiles) {
      if (cp.type !== 'VideoAudio' || !codecProfileApplies(cp, [supported.codec], container)) continue;
      if (!cp.applyConditions.every((c) => isVideoAudioConditionSatisfied(c, input))) continue;
      for (const c of cp.conditions) {
        if (!isVideoAudioConditionSatisfied(c, input)) {
          directAudioOk = false;
          const r = reasonForFailedCondition(c.property);
          if (r) extraReasons |= BIT[r];
        }
      }
    }
  }
  directAudioOk = directAudioOk && ((reasonsSoFar | extraReasons) & BIT.ContainerBitrateExceedsLimit) === 0;
  if (channelsExceed && audioStream) extraReasons |= BIT.AudioChannelsNotSupported;
  let chosenAudio = audioStream;
  if (directAudioOk && supported) {
    chosenAudio = supported;
    audioCodecs = [supported.codec];
    if (supported.channels !== undefined) target.set(qualifier, 'audiochannels', String(supported.channels));
  }

  const vInput = videoConditionInput(facts);
  const applied = profile.codecProfiles
    .filter(
      (cp) =>
        cp.type === 'Video' &&
        codecProfileApplies(cp, videoCodecs, container) &&
        cp.applyConditions.every((c) => isVideoConditionSatisfied(c, vInput)),
    )
    .reverse(); // "first codec profile has higher priority"
  for (const cp of applied) {
    for (const codec of videoCodecs) {
      if (codecProfileApplies(cp, [codec], container)) applyTranscodingConditions(target, cp.conditions, codec);
    }
  }

  // Target channel count: the codec's audiochannels option, capped by the transcoding profile.
  const targetAudioCodec = audioCodecs[0];
  let targetChannels = target.getInt(targetAudioCodec, 'audiochannels') ?? target.getInt(qualifier, 'audiochannels');
  const cap = channelsExceed ? transcodingMaxAudioChannels : undefined;
  if (transcodingMaxAudioChannels !== undefined) {
    targetChannels = Math.min(targetChannels ?? transcodingMaxAudioChannels, transcodingMaxAudioChannels);
  }
  if (cap !== undefined) targetChannels = Math.min(targetChannels ?? cap, cap);
  const audioBitrate = audioBitrateFor(maxBitrate ?? 0, audioCodecs, chosenAudio, targetChannels);
  target.audioBitrate = Math.min(target.audioBitrate ?? audioBitrate, audioBitrate);

  if (chosenAudio) {
    const input = audioConditionInput(facts, chosenAudio, isSecondaryAudio(facts, chosenAudio));
    const appliedAudio = profile.codecProfiles
      .filter(
        (cp) =>
          cp.type === 'VideoAudio' &&
          codecProfileApplies(cp, audioCodecs, container) &&
          cp.applyConditions.every((c) => isVideoAudioConditionSatisfied(c, input)),
      )
      .reverse();
    for (const cp of appliedAudio) {
      const codec = audioCodecs.find((c) => codecProfileApplies(cp, [c], container));
      if (codec !== undefined) applyTranscodingConditions(target, cp.conditions, codec);
    }
  }

  if (maxBitrate !== undefined && maxBitrate > 0) {
    // "Make sure the video bitrate is lower than bitrate settings but at least 64k".
    const available = maxBitrate - (target.audioBitrate ?? 0);
    target.videoBitrate = Math.max(Math.min(available, target.videoBitrate ?? available), 64_000);
  }
  const channels = target.getInt(audioCodecs[0], 'audiochannels') ?? targetChannels;
  return {
    target,
    videoCodecs,
    audioCodecs,
    directAudio: directAudioOk ? supported : undefined,
    audioStream: chosenAudio,
    audioChannels: channels,
    extraReasons,
  };
}

function subtitleDelivery(
  stream: SubtitleStreamFacts,
  profile: DeviceProfile,
  playMethod: PlayMethod,
  container: string | undefined,
  protocol: string | undefined,
): SubtitleDelivery {
  const choice = subtitleProfileFor(stream, profile.subtitleProfiles, playMethod, container, protocol);
  return { streamIndex: stream.index, codec: stream.codec, isExternal: stream.isExternal, method: choice.method, format: choice.format };
}

/** The bitrate cap as MediaOptions.GetMaxBitrate returns it for the DLNA server. */
export function maxBitrateFor(profile: DeviceProfile, options: DecideOptions): number | undefined {
  return options.maxBitrate ?? profile.maxStreamingBitrate;
}

/** StreamBuilder.IsBitrateLimitExceeded. */
export function bitrateLimitExceeded(itemBitrate: number | undefined, maxBitrate: number | undefined): boolean {
  const limit = maxBitrate !== undefined && maxBitrate > 0 ? maxBitrate : INT_MAX;
  return (itemBitrate ?? UNKNOWN_ITEM_BITRATE) > limit;
}

export function decideVideo(facts: MediaFacts, profile: DeviceProfile, options: DecideOptions = {}): PlaybackDecision {
  const video = facts.video as VideoStreamFacts | undefined;
  const notes: string[] = [];
  const subtitle = defaultSubtitleStream(facts.subtitles);
  const audioStream = defaultAudioStream(facts.audio);
  const candidates = candidateAudio(facts.audio, audioStream);
  const maxBitrate = maxBitrateFor(profile, options);
  const exceeded = bitrateLimitExceeded(facts.bitrate, maxBitrate);
  if (facts.bitrate === undefined) notes.push(`the file bitrate is unknown; Jellyfin counts it as ${UNKNOWN_ITEM_BITRATE / 1e6} Mbit/s`);
  let reasons = exceeded ? BIT.ContainerBitrateExceedsLimit : 0;

  let playMethod: PlayMethod | undefined;
  let directPlayProfile: DirectPlayProfile | undefined;
  let audioStreamIndex = audioStream?.index;
  if (!exceeded) {
    const dp = videoDirectPlayProfile(facts, profile, candidates, subtitle, true, true);
    reasons |= dp.reasons;
    if (dp.playMethod) {
      playMethod = dp.playMethod;
      directPlayProfile = dp.profile;
      if (dp.audioStreamIndex !== undefined) audioStreamIndex = dp.audioStreamIndex;
    }
  }

  // Plain object literals, not spreads: decisions are built at 50k+/s.
  const itemBitrate = facts.bitrate ?? UNKNOWN_ITEM_BITRATE;

  if (playMethod === 'DirectPlay') {
    return {
      mediaType: 'Video',
      maxBitrate,
      itemBitrate,
      notes,
      playMethod,
      reasons: reasonsOf(reasons),
      directPlayProfile,
      container: singleContainer(facts.container, directPlayProfile),
      servesOriginalFile: true,
      audioStreamIndex,
      subtitle: subtitle && subtitleDelivery(subtitle, profile, 'DirectPlay', directPlayProfile?.container, undefined),
    };
  }

  if (playMethod === 'DirectStream') {
    const container = singleContainer(facts.container, directPlayProfile);
    const build = buildStreamVideoItem(
      facts, profile, maxBitrate, reasons, candidates, audioStream, directPlayProfile?.container,
      directPlayProfile?.videoCodec, directPlayProfile?.audioCodec, undefined,
    );
    notes.push(
      'DLNA Direct Stream URLs carry Static=true: Jellyfin serves the original file instead of remuxing it (jellyfin-plugin-dlna #23, jellyfin #8176)',
    );
    return {
      mediaType: 'Video',
      maxBitrate,
      itemBitrate,
      notes,
      playMethod,
      reasons: reasonsOf(reasons | build.extraReasons),
      directPlayProfile,
      container,
      servesOriginalFile: true,
      transcode: {
        container: container ?? '',
        videoCodec: video?.codec,
        audioCodec: build.audioCodecs[0],
        videoAction: 'copy',
        audioAction: build.audioStream === undefined ? 'none' : build.directAudio ? 'copy' : 'encode',
        audioBitrate: build.target.audioBitrate,
        audioChannels: build.audioChannels,
      },
      audioStreamIndex: build.audioStream?.index ?? audioStreamIndex,
      subtitle: subtitle && subtitleDelivery(subtitle, profile, 'DirectStream', directPlayProfile?.container, undefined),
    };
  }

  const tp = videoTranscodeProfile(profile);
  if (!tp) {
    notes.push('the profile has no Video TranscodingProfile with context Streaming: Jellyfin has nothing to transcode to');
    return { mediaType: 'Video', maxBitrate, itemBitrate, notes, playMethod: 'Transcode', reasons: reasonsOf(reasons), servesOriginalFile: false, audioStreamIndex };
  }
  const maxAudioChannels = tp.maxAudioChannels !== undefined && /^\d+$/.test(tp.maxAudioChannels.trim())
    ? Number.parseInt(tp.maxAudioChannels, 10)
    : undefined;
  const build = buildStreamVideoItem(
    facts, profile, maxBitrate, reasons, candidates, audioStream, tp.container, tp.videoCodec, tp.audioCodec, maxAudioChannels,
  );
  reasons |= build.extraReasons;
  if ((reasons & (VIDEO_REASONS | BIT.ContainerBitrateExceedsLimit)) !== 0) {
    applyTranscodingConditions(build.target, tp.conditions, undefined);
  }
  const sub = subtitle && subtitleDelivery(subtitle, profile, 'Transcode', tp.container, tp.protocol);
  const burnsIn = sub?.method === 'Encode';
  if (burnsIn) notes.push(`subtitle stream ${sub.streamIndex} (${sub.codec}) would be burned into the picture`);
  const blocker = video ? videoCopyBlocker(video, build.videoCodecs, build.target, facts.container, burnsIn) : 'there is no video stream';
  const target: TranscodeTarget = {
    container: tp.container,
    videoCodec: blocker === undefined ? video?.codec : build.videoCodecs[0],
    audioCodec: build.audioCodecs[0],
    videoAction: blocker === undefined ? 'copy' : 'encode',
    audioAction: build.audioStream === undefined ? 'none' : build.directAudio ? 'copy' : 'encode',
    videoBitrate: build.target.videoBitrate,
    audioBitrate: build.target.audioBitrate,
    audioChannels: build.audioChannels,
    maxWidth: build.target.maxWidth,
    maxHeight: build.target.maxHeight,
    maxFramerate: build.target.maxFramerate,
    encodeBecause: blocker,
  };
  return {
    mediaType: 'Video',
    maxBitrate,
    itemBitrate,
    notes,
    playMethod: 'Transcode',
    reasons: reasonsOf(reasons),
    transcodingProfile: tp,
    container: tp.container,
    servesOriginalFile: false,
    transcode: target,
    audioStreamIndex: build.audioStream?.index ?? audioStreamIndex,
    subtitle: sub,
  };
}
