// StreamBuilder.BuildVideoItem of Jellyfin 10.11 (jellyfin/jellyfin,
// MediaBrowser.Model/Dlna/StreamBuilder.cs at v10.11.11), then the encoder's
// side: whether ffmpeg copies the video (EncodingHelper.CanStreamCopyVideo)
// and at which bitrate it encodes. The MediaOptions default to the DLNA
// plugin's own call (DidlBuilder.AddVideoResource): direct play and direct
// stream enabled, no stream-copy preference when ranking transcoding
// profiles, no requested stream, MaxBitrate = the profile's
// MaxStreamingBitrate. Proven against Jellyfin's own StreamBuilderTests
// (test/jellyfin-streambuilder/). Pure: facts and profile in, decision out.
import type {
  CodecProfile,
  DeviceProfile,
  DirectPlayProfile,
  ProfileCondition,
  TranscodingProfile,
} from '../device-profile/model.js';
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
import { defaultSubtitleStreamIndex, subtitleProfileFor } from './subtitles.js';
import { TargetOptions, applyTranscodingConditions, referenceFrameRate, videoCopyBlocker } from './target-options.js';
import { audioBitrateFor } from './audio-bitrate.js';
import type { PlaybackDecision, PlayMethod, SubtitleDelivery, TranscodeTarget } from './decision.js';

/** StreamBuilder.IsBitrateLimitExceeded: an unknown item bitrate counts as 40 Mbit/s. */
export const UNKNOWN_ITEM_BITRATE = 40_000_000;
const INT_MAX = 2_147_483_647;

/** StreamBuilder's HLS codec whitelists (exact, case-sensitive Contains as in C#). */
const HLS_VIDEO_CODECS = ['h264', 'hevc', 'vp9', 'av1'];
const HLS_AUDIO_CODECS_TS = ['aac', 'ac3', 'eac3', 'mp3'];
const HLS_AUDIO_CODECS_MP4 = ['aac', 'ac3', 'eac3', 'mp3', 'alac', 'flac', 'opus', 'dts', 'truehd'];

/** The MediaOptions StreamBuilder reads; every field defaults to the DLNA plugin's DidlBuilder call. */
export interface DecideOptions {
  /** MediaOptions.MaxBitrate; the DLNA plugin passes the profile's MaxStreamingBitrate. */
  maxBitrate?: number;
  /** MediaOptions.EnableDirectPlay (default true). */
  enableDirectPlay?: boolean;
  /** MediaOptions.EnableDirectStream (default true; the plugin's PlayTo and Jellyfin's own clients pass false). */
  enableDirectStream?: boolean;
  /** MediaOptions.AllowVideoStreamCopy / AllowAudioStreamCopy: rank transcoding profiles by what they could copy (default false). */
  allowVideoStreamCopy?: boolean;
  allowAudioStreamCopy?: boolean;
  /** MediaOptions.AudioStreamIndex / SubtitleStreamIndex: the streams the client asked for (-1 = none). */
  audioStreamIndex?: number;
  subtitleStreamIndex?: number;
  /** ITranscoderSupport.CanExtractSubtitles: true in Jellyfin's MediaEncoder (its unit tests mock it false). */
  canExtractSubtitles?: boolean;
}

/** MediaSourceInfo.GetDefaultAudioStream: the stream with this index, else the default-flagged one, else the first. */
export function defaultAudioStream(audio: readonly AudioStreamFacts[], index?: number): AudioStreamFacts | undefined {
  if (index !== undefined && index !== -1) {
    const found = audio.find((a) => a.index === index);
    if (found) return found;
  }
  return audio.find((a) => a.isDefault) ?? audio[0];
}

/** BuildVideoItem's candidate audio streams for direct play and copy, by DefaultAudioIndexSource. */
function candidateAudio(
  facts: MediaFacts,
  chosen: AudioStreamFacts | undefined,
  requested: number | undefined,
): readonly AudioStreamFacts[] {
  if (!chosen) return [];
  const source = facts.audioIndexSource;
  // "When the index is explicitly required by client or the default is specified by user, don't do any stream reselection."
  if (source?.user || (requested !== undefined && requested >= 0)) return [chosen];
  const all = facts.audio;
  let candidates: readonly AudioStreamFacts[] = [chosen];
  if (!source?.default && !source?.language) {
    candidates = chosen.isDefault ? all.filter((a) => a.isDefault) : all;
  }
  if (source?.language) {
    candidates = all.filter((a) => a.language === chosen.language);
    if (source.default) {
      const preferred = candidates.filter((a) => a.isDefault);
      candidates = preferred.length > 0 ? preferred : all.filter((a) => a.isDefault);
    }
  } else if (source?.default) {
    candidates = all.filter((a) => a.isDefault);
  }
  return candidates;
}

/** MediaSourceInfo.IsSecondaryAudio: not the first embedded audio stream. */
function isSecondaryAudio(facts: MediaFacts, stream: AudioStreamFacts): boolean | undefined {
  if (stream.isExternal) return false;
  const first = facts.audio.find((a) => !a.isExternal);
  return first === undefined ? undefined : first.index !== stream.index;
}

/** MediaSourceInfo.MediaStreams.Count. */
export function numStreamsOf(facts: MediaFacts): number {
  return facts.numStreams ?? facts.videoStreamCount + facts.audio.length + facts.subtitles.length;
}

export function videoConditionInput(facts: MediaFacts): VideoConditionInput {
  const v = facts.video;
  const numStreams = numStreamsOf(facts);
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
    numStreams,
    // MediaSourceInfo.GetStreamCount: null when the source has no streams at all.
    numVideoStreams: numStreams === 0 ? undefined : facts.videoStreamCount,
    numAudioStreams: numStreams === 0 ? undefined : facts.audio.length,
    videoCodecTag: v?.codecTag,
    isAvc: v?.isAvc,
  };
}

function audioConditionInput(
  a: AudioStreamFacts,
  secondary: boolean | undefined,
  channels = a.channels,
): AudioConditionInput {
  return {
    audioChannels: channels,
    audioBitrate: a.bitRate,
    audioSampleRate: a.sampleRate,
    audioBitDepth: a.bitDepth,
    audioProfile: a.profile,
    isSecondaryAudio: secondary,
  };
}

/**
 * CodecProfile.ContainsAnyCodec(codec, container, useSubContainer): the container
 * list honours '-', the codec list does not (src/device-profile/lists.ts); for HLS output
 * a profile with container="hls" is matched by its subcontainer instead.
 */
function codecProfileApplies(
  cp: CodecProfile,
  codec: string | undefined,
  container: string | undefined,
  useSubContainer = false,
): boolean {
  const list = useSubContainer && cp.container.toLowerCase() === 'hls' ? cp.subcontainer : cp.container;
  return allows(list, container) && containsAny(cp.codec, codec);
}

/** The list overload: any of the codecs (an empty list matches no profile). */
function codecProfileAppliesAny(
  cp: CodecProfile,
  codecs: readonly string[],
  container: string | undefined,
  useSubContainer = false,
): boolean {
  const list = useSubContainer && cp.container.toLowerCase() === 'hls' ? cp.subcontainer : cp.container;
  if (!allows(list, container)) return false;
  for (const codec of codecs) if (codec !== '' && containsAny(cp.codec, codec)) return true;
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

/** StreamBuilder.GetCompatibilityVideoCodec. */
function compatibilityVideoCodec(
  profile: DeviceProfile,
  vInput: VideoConditionInput,
  codec: string,
  container: string | undefined,
): number {
  const ok = (c: ProfileCondition): boolean => isVideoConditionSatisfied(c, vInput);
  let mask = 0;
  for (const cp of profile.codecProfiles) {
    if (cp.type !== 'Video' || !codecProfileApplies(cp, codec, container)) continue;
    if (!cp.applyConditions.every(ok)) continue;
    mask |= failedMask(cp.conditions, ok);
  }
  return mask;
}

/** StreamBuilder.GetCompatibilityAudioCodec for a video item (VideoAudio codec profiles). */
function compatibilityAudioCodec(
  profile: DeviceProfile,
  container: string | undefined,
  stream: AudioStreamFacts,
  codec: string | undefined,
  secondary: boolean | undefined,
  channels = stream.channels,
): number {
  const input = audioConditionInput(stream, secondary, channels);
  const ok = (c: ProfileCondition): boolean => isVideoAudioConditionSatisfied(c, input);
  let mask = 0;
  for (const cp of profile.codecProfiles) {
    if (cp.type !== 'VideoAudio' || !codecProfileApplies(cp, codec ?? stream.codec, container)) continue;
    if (!cp.applyConditions.every(ok)) continue;
    mask |= failedMask(cp.conditions, ok);
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
  canExtractSubtitles: boolean,
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
  const videoCodecProfileReasons = video ? compatibilityVideoCodec(profile, vInput, video.codec, container) : 0;
  const audioReasons = new Map<AudioStreamFacts, number>();
  for (const a of candidates) {
    let mask = compatibilityAudioCodec(profile, container, a, undefined, isSecondaryAudio(facts, a) ?? false);
    if (a.isExternal) mask |= BIT.AudioIsExternal;
    audioReasons.set(a, mask);
  }
  let subtitleReasons = 0;
  if (subtitle) {
    const choice = subtitleProfileFor(
      subtitle,
      profile.subtitleProfiles,
      'DirectPlay',
      container,
      undefined,
      canExtractSubtitles,
    );
    if (choice.method !== 'Drop' && choice.method !== 'External' && choice.method !== 'Embed') {
      subtitleReasons |= BIT.SubtitleCodecNotSupported;
    }
  }

  const canDirectPlay = eligibleDirectPlay && facts.supportsDirectPlay !== false;
  const canDirectStream = eligibleDirectStream && facts.supportsDirectStream !== false;
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
    if (failure === 0 && canDirectPlay) playMethod = 'DirectPlay';
    else if (directStreamFailure === 0 && canDirectStream) playMethod = 'DirectStream';
    analyzed.push({
      result: { profile: dp, playMethod, audioStreamIndex: selected?.index, reasons: failure },
      order: order++,
      rank: rank(failure),
    });
  }
  analyzed.sort(
    (a, b) =>
      (PLAY_METHOD_ORDER[b.result.playMethod ?? ''] ?? 0) - (PLAY_METHOD_ORDER[a.result.playMethod ?? ''] ?? 0) ||
      b.rank - a.rank ||
      a.order - b.order,
  );
  const match = analyzed.find((a) => a.result.playMethod !== undefined);
  if (match) return match.result;
  const fallback = analyzed.find((a) => !containerSupported || (a.result.reasons & BIT.ContainerNotSupported) === 0);
  const reasons = fallback?.result.reasons ?? 0;
  return { reasons: reasons === 0 ? BIT.DirectPlayError : reasons };
}

/**
 * StreamBuilder.GetVideoTranscodeProfile: the Video/Streaming transcoding
 * profiles ranked by what they could copy (only when the options allow stream
 * copy; else the first one wins), stable in profile order.
 */
function videoTranscodeProfile(
  facts: MediaFacts,
  profile: DeviceProfile,
  audioStream: AudioStreamFacts | undefined,
  options: DecideOptions,
): TranscodingProfile | undefined {
  if (facts.supportsTranscoding === false && facts.supportsDirectStream === false) return undefined;
  const video = facts.video;
  let best: TranscodingProfile | undefined;
  let bestRank = Number.POSITIVE_INFINITY;
  const vInput = options.allowVideoStreamCopy && video ? videoConditionInput(facts) : undefined;
  for (const tp of profile.transcodingProfiles) {
    if (tp.type !== 'Video' || (tp.context ?? 'Streaming') !== 'Streaming') continue;
    let videoRank = 3;
    let audioRank = 3;
    if (video && vInput && allows(tp.videoCodec, video.codec)) {
      videoRank = compatibilityVideoCodec(profile, vInput, video.codec, tp.container) === 0 ? 1 : 2;
    }
    if (audioStream && options.allowAudioStreamCopy) {
      // "prefer the audio codec that can be directly copied, then the codec that can otherwise satisfy the transcoding conditions"
      for (const codec of splitList(tp.audioCodec)) {
        const failures = compatibilityAudioCodec(profile, tp.container, audioStream, codec, false);
        const r = failures === 0 ? (codec.toLowerCase() === audioStream.codec.toLowerCase() ? 1 : 2) : 3;
        audioRank = Math.min(audioRank, r);
        if (audioRank === 1) break;
      }
    }
    const combined = videoRank * 4 + audioRank;
    if (combined < bestRank) {
      best = tp;
      bestRank = combined;
    }
  }
  return best;
}

/** StreamBuilder.NormalizeMediaSourceFormatIntoSingleContainer. */
function singleContainer(
  container: string | undefined,
  profile: DeviceProfile,
  dp: DirectPlayProfile | undefined,
): string | undefined {
  if (container === undefined || !container.includes(',')) return container;
  const profiles = dp ? [dp] : profile.directPlayProfiles;
  for (const format of splitList(container)) {
    for (const p of profiles) if (p.type === 'Video' && allows(p.container, format)) return format;
  }
  return container;
}

/** The StreamInfo fields BuildStreamVideoItem reads and writes. */
interface StreamState {
  protocol: 'http' | 'hls';
  container: string | undefined;
  reasons: number;
  transcodingMaxAudioChannels?: number;
  /** StreamInfo.IsDirectStream: PlayMethod DirectStream or DirectPlay when the stream is built. */
  isDirectStream: boolean;
  audioStreamIndex?: number;
}

interface StreamBuild {
  target: TargetOptions;
  videoCodecs: string[];
  audioCodecs: string[];
  /** StreamInfo.TargetAudioCodec. */
  targetAudioCodecs: readonly string[];
  directAudio?: AudioStreamFacts;
  audioStream?: AudioStreamFacts;
  audioChannels?: number;
  globalMaxAudioChannels?: number;
}

/** StreamInfo.GetTargetAudioChannels. */
function targetAudioChannels(
  target: TargetOptions,
  codec: string | undefined,
  state: StreamState,
  globalMax: number | undefined,
): number | undefined {
  const fallback = globalMax ?? state.transcodingMaxAudioChannels;
  const value = target.getInt(codec, 'audiochannels');
  if (value === undefined) return fallback;
  return Math.min(value, fallback ?? value);
}

/** StreamInfo.TargetAudioCodec: the input codec when the request allows it, else every allowed codec. */
function targetAudioCodecsOf(
  audioCodecs: readonly string[],
  input: AudioStreamFacts | undefined,
  isDirectStream: boolean,
): readonly string[] {
  const inputCodec = input?.codec;
  if (isDirectStream) return inputCodec ? [inputCodec] : [];
  if (inputCodec !== undefined) {
    const same = audioCodecs.find((c) => c.toLowerCase() === inputCodec.toLowerCase());
    if (same !== undefined) return same === '' ? [] : [same];
  }
  return audioCodecs;
}

/** StreamBuilder.BuildStreamVideoItem: target codecs, audio copy choice, limits from codec profiles, bitrates. */
function buildStreamVideoItem(
  state: StreamState,
  facts: MediaFacts,
  profile: DeviceProfile,
  maxBitrate: number | undefined,
  candidates: readonly AudioStreamFacts[],
  audioStreamIn: AudioStreamFacts | undefined,
  container: string | undefined,
  videoCodec: string | undefined,
  audioCodec: string | undefined,
): StreamBuild {
  const video = facts.video;
  const hls = state.protocol === 'hls';
  const target = new TargetOptions();
  let audioStream = audioStreamIn;
  let videoCodecs = [...splitList(videoCodec)];
  if (videoCodecs.length === 0 && video) videoCodecs.push(video.codec);
  if (hls) videoCodecs = videoCodecs.filter((c) => HLS_VIDEO_CODECS.includes(c));
  target.maxFramerate = referenceFrameRate(video);
  const qualifier = video?.codec;
  if (video?.level !== undefined) target.set(qualifier, 'level', String(video.level));
  if (video?.bitDepth !== undefined) target.set(qualifier, 'videobitdepth', String(video.bitDepth));
  if (video?.profile) target.set(qualifier, 'profile', video.profile.toLowerCase());

  let audioCodecs = [...splitList(audioCodec)];
  if (audioCodecs.length === 0 && audioStream) audioCodecs.push(audioStream.codec);
  if (hls) {
    const allowed = state.container?.toLowerCase() === 'mp4' ? HLS_AUDIO_CODECS_MP4 : HLS_AUDIO_CODECS_TS;
    audioCodecs = audioCodecs.filter((c) => allowed.includes(c));
  }
  const supported = candidates.find((a) => audioCodecs.some((c) => c.toLowerCase() === a.codec.toLowerCase()));
  const channelsExceed =
    supported !== undefined &&
    supported.channels !== undefined &&
    supported.channels > (state.transcodingMaxAudioChannels ?? INT_MAX);
  const directAudioFailures = supported
    ? compatibilityAudioCodec(profile, container ?? '', supported, undefined, false)
    : 0;
  state.reasons |= directAudioFailures;
  const directAudioOk =
    supported !== undefined &&
    !channelsExceed &&
    directAudioFailures === 0 &&
    (state.reasons & BIT.ContainerBitrateExceedsLimit) === 0;
  // Jellyfin lowers the target stream's Channels to the profile's maxAudioChannels (a mutation the rest of the build sees).
  let channelsOverride: number | undefined;
  if (channelsExceed && audioStream !== undefined) {
    state.reasons |= BIT.AudioChannelsNotSupported;
    channelsOverride = state.transcodingMaxAudioChannels;
  }
  let directAudio: AudioStreamFacts | undefined;
  if (directAudioOk && supported) {
    directAudio = supported;
    audioStream = supported;
    state.audioStreamIndex = supported.index;
    audioCodecs = [supported.codec];
    target.audioSampleRate = supported.sampleRate;
    target.set(qualifier, 'audiochannels', supported.channels === undefined ? '' : String(supported.channels));
  }
  const channelsOf = (a: AudioStreamFacts): number | undefined =>
    channelsOverride !== undefined && a === audioStreamIn ? channelsOverride : a.channels;

  const vInput = videoConditionInput(facts);
  const applied: CodecProfile[] = [];
  for (const cp of profile.codecProfiles) {
    if (
      cp.type === 'Video' &&
      codecProfileAppliesAny(cp, videoCodecs, container, hls) &&
      cp.applyConditions.every((c) => isVideoConditionSatisfied(c, vInput))
    ) {
      applied.push(cp);
    }
  }
  // "Reverse codec profiles for backward compatibility - first codec profile has higher priority"
  for (let i = applied.length - 1; i >= 0; i--) {
    const cp = applied[i]!;
    for (const codec of videoCodecs) {
      if (codecProfileApplies(cp, codec, container, hls)) applyTranscodingConditions(target, cp.conditions, codec);
    }
  }

  // Honor requested max channels (MediaOptions.MaxAudioChannels is not set by the DLNA plugin).
  const globalMaxAudioChannels = channelsExceed ? state.transcodingMaxAudioChannels : undefined;
  const inputAudio =
    facts.audio.find((a) => a.index === state.audioStreamIndex) ??
    defaultAudioStream(facts.audio, state.audioStreamIndex);
  const targetCodecs = targetAudioCodecsOf(audioCodecs, inputAudio, state.isDirectStream);
  const channels = targetAudioChannels(target, targetCodecs[0], state, globalMaxAudioChannels);
  const bitrateStream =
    audioStream && channelsOverride !== undefined && audioStream === audioStreamIn
      ? { ...audioStream, channels: channelsOverride }
      : audioStream;
  const audioBitrate = audioBitrateFor(maxBitrate ?? 0, targetCodecs, bitrateStream, channels);
  target.audioBitrate = Math.min(target.audioBitrate ?? audioBitrate, audioBitrate);

  if (audioStream) {
    const input = audioConditionInput(audioStream, isSecondaryAudio(facts, audioStream), channelsOf(audioStream));
    const appliedAudio: CodecProfile[] = [];
    for (const cp of profile.codecProfiles) {
      if (
        cp.type === 'VideoAudio' &&
        codecProfileAppliesAny(cp, audioCodecs, container) &&
        cp.applyConditions.every((c) => isVideoAudioConditionSatisfied(c, input))
      ) {
        appliedAudio.push(cp);
      }
    }
    for (let i = appliedAudio.length - 1; i >= 0; i--) {
      const cp = appliedAudio[i]!;
      const codec = audioCodecs.find((c) => codecProfileApplies(cp, c, container));
      if (codec !== undefined) applyTranscodingConditions(target, cp.conditions, codec);
    }
  }

  if (maxBitrate !== undefined) {
    // "Make sure the video bitrate is lower than bitrate settings but at least 64k".
    const available = maxBitrate - (target.audioBitrate ?? 0);
    target.videoBitrate = Math.max(Math.min(available, target.videoBitrate ?? available), 64_000);
  }
  return {
    target,
    videoCodecs,
    audioCodecs,
    targetAudioCodecs: targetCodecs,
    directAudio,
    audioStream,
    audioChannels: targetAudioChannels(target, targetCodecs[0], state, globalMaxAudioChannels),
    globalMaxAudioChannels,
  };
}

function subtitleDelivery(
  stream: SubtitleStreamFacts,
  profile: DeviceProfile,
  playMethod: PlayMethod,
  container: string | undefined,
  protocol: string | undefined,
  canExtractSubtitles: boolean,
): SubtitleDelivery {
  const choice = subtitleProfileFor(
    stream,
    profile.subtitleProfiles,
    playMethod,
    container,
    protocol,
    canExtractSubtitles,
  );
  return {
    streamIndex: stream.index,
    codec: stream.codec,
    isExternal: stream.isExternal,
    method: choice.method,
    format: choice.format,
  };
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

/** The subtitle stream StreamBuilder turns on: the requested one, else GetDefaultSubtitleStreamIndex. */
function chosenSubtitle(
  facts: MediaFacts,
  profile: DeviceProfile,
  options: DecideOptions,
): { index?: number; stream?: SubtitleStreamFacts } {
  const sourceDefault =
    facts.defaultSubtitleStreamIndex === undefined
      ? (facts.subtitles.find((s) => s.isForced) ?? facts.subtitles.find((s) => s.isDefault))?.index
      : (facts.defaultSubtitleStreamIndex ?? undefined);
  const index =
    options.subtitleStreamIndex ?? defaultSubtitleStreamIndex(facts.subtitles, profile.subtitleProfiles, sourceDefault);
  if (index === undefined) return {};
  return { index, stream: facts.subtitles.find((s) => s.index === index) };
}

/** The encoder's request as StreamInfo reports it: TargetVideoProfile, TargetVideoLevel, TargetVideoBitDepth. */
function targetVideo(
  build: StreamBuild,
  video: VideoStreamFacts | undefined,
): Pick<TranscodeTarget, 'videoProfile' | 'videoLevel' | 'videoBitDepth'> {
  const codec =
    (video && build.videoCodecs.find((c) => c.toLowerCase() === video.codec.toLowerCase())) ?? build.videoCodecs[0];
  if (!codec) return { videoProfile: video?.profile, videoLevel: video?.level, videoBitDepth: video?.bitDepth };
  const level = Number(build.target.get(codec, 'level'));
  return {
    videoProfile: build.target.get(codec, 'profile'),
    videoLevel: build.target.get(codec, 'level') !== undefined && Number.isFinite(level) ? level : undefined,
    videoBitDepth: build.target.getInt(codec, 'videobitdepth'),
  };
}

export function decideVideo(facts: MediaFacts, profile: DeviceProfile, options: DecideOptions = {}): PlaybackDecision {
  const video = facts.video as VideoStreamFacts | undefined;
  const notes: string[] = [];
  const canExtractSubtitles = options.canExtractSubtitles ?? true;
  const { index: subtitleStreamIndex, stream: subtitle } = chosenSubtitle(facts, profile, options);
  const audioStream = defaultAudioStream(facts.audio, options.audioStreamIndex ?? facts.defaultAudioStreamIndex);
  const candidates = candidateAudio(facts, audioStream, options.audioStreamIndex);
  const maxBitrate = maxBitrateFor(profile, options);
  const exceeded = bitrateLimitExceeded(facts.bitrate, maxBitrate);
  if (facts.bitrate === undefined)
    notes.push(`the file bitrate is unknown; Jellyfin counts it as ${UNKNOWN_ITEM_BITRATE / 1e6} Mbit/s`);
  const eligibleDirectPlay = (options.enableDirectPlay ?? true) && !exceeded;
  const eligibleDirectStream = (options.enableDirectStream ?? true) && !exceeded;
  let reasons = exceeded ? BIT.ContainerBitrateExceedsLimit : 0;

  let playMethod: PlayMethod | undefined;
  let directPlayProfile: DirectPlayProfile | undefined;
  let audioStreamIndex = audioStream?.index;
  if (eligibleDirectPlay || eligibleDirectStream) {
    const dp = videoDirectPlayProfile(
      facts,
      profile,
      candidates,
      subtitle,
      eligibleDirectPlay,
      eligibleDirectStream,
      canExtractSubtitles,
    );
    reasons |= dp.reasons;
    if (dp.playMethod) {
      playMethod = dp.playMethod;
      directPlayProfile = dp.profile;
      if (playMethod === 'DirectPlay' && dp.audioStreamIndex !== undefined) audioStreamIndex = dp.audioStreamIndex;
    }
  }

  // Plain object literals, not spreads: decisions are built at 100k+/s.
  const itemBitrate = facts.bitrate ?? UNKNOWN_ITEM_BITRATE;
  const videoCodecs: readonly string[] = video ? [video.codec] : [];

  if (playMethod === 'DirectPlay') {
    const audio = audioStreamIndex === undefined ? undefined : facts.audio.find((a) => a.index === audioStreamIndex);
    return {
      mediaType: 'Video',
      maxBitrate,
      itemBitrate,
      notes,
      playMethod,
      reasons: reasonsOf(reasons),
      directPlayProfile,
      container: singleContainer(facts.container, profile, directPlayProfile),
      protocol: 'http',
      videoCodecs,
      audioCodecs: audio ? [audio.codec] : [],
      servesOriginalFile: true,
      audioStreamIndex,
      subtitleStreamIndex,
      subtitle:
        subtitle &&
        subtitleDelivery(subtitle, profile, 'DirectPlay', directPlayProfile?.container, undefined, canExtractSubtitles),
    };
  }

  if (playMethod === 'DirectStream') {
    const container = singleContainer(facts.container, profile, directPlayProfile);
    const state: StreamState = {
      protocol: 'http',
      container,
      reasons: 0,
      isDirectStream: true,
      audioStreamIndex: audioStream?.index,
    };
    const build = buildStreamVideoItem(
      state,
      facts,
      profile,
      maxBitrate,
      candidates,
      audioStream,
      directPlayProfile?.container,
      directPlayProfile?.videoCodec,
      directPlayProfile?.audioCodec,
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
      // BuildVideoItem assigns the direct-play reasons after building the stream: the build's own reasons are dropped.
      reasons: reasonsOf(reasons),
      directPlayProfile,
      container,
      protocol: 'http',
      videoCodecs: build.videoCodecs,
      audioCodecs: build.audioCodecs,
      servesOriginalFile: true,
      transcode: {
        container: container ?? '',
        videoCodec: video?.codec,
        audioCodec: build.audioCodecs[0],
        videoAction: 'copy',
        audioAction: build.audioStream === undefined ? 'none' : build.directAudio ? 'copy' : 'encode',
        audioBitrate: build.target.audioBitrate,
        audioChannels: build.audioChannels,
        ...targetVideo(build, video),
      },
      audioStreamIndex: state.audioStreamIndex,
      subtitleStreamIndex,
      subtitle:
        subtitle &&
        subtitleDelivery(
          subtitle,
          profile,
          'DirectStream',
          directPlayProfile?.container,
          undefined,
          canExtractSubtitles,
        ),
    };
  }

  const tp = videoTranscodeProfile(facts, profile, audioStream, options);
  if (!tp) {
    notes.push(
      'the profile has no Video TranscodingProfile with context Streaming: Jellyfin has nothing to transcode to',
    );
    return {
      mediaType: 'Video',
      maxBitrate,
      itemBitrate,
      notes,
      playMethod: 'Transcode',
      reasons: reasonsOf(reasons),
      servesOriginalFile: false,
      protocol: 'http',
      videoCodecs: [],
      audioCodecs: [],
      audioStreamIndex,
      subtitleStreamIndex,
    };
  }
  const maxAudioChannels =
    tp.maxAudioChannels !== undefined && /^\s*[+-]?\d+\s*$/.test(tp.maxAudioChannels)
      ? Number.parseInt(tp.maxAudioChannels, 10)
      : undefined;
  const protocol = tp.protocol.toLowerCase() === 'hls' ? 'hls' : 'http';
  const state: StreamState = {
    protocol,
    container: tp.container,
    reasons,
    transcodingMaxAudioChannels: maxAudioChannels,
    isDirectStream: false,
    audioStreamIndex,
  };
  const build = buildStreamVideoItem(
    state,
    facts,
    profile,
    maxBitrate,
    candidates,
    audioStream,
    tp.container,
    tp.videoCodec,
    tp.audioCodec,
  );
  reasons = state.reasons;
  const sub =
    subtitle && subtitleDelivery(subtitle, profile, 'Transcode', tp.container, tp.protocol, canExtractSubtitles);
  if ((reasons & (VIDEO_REASONS | BIT.ContainerBitrateExceedsLimit)) !== 0) {
    applyTranscodingConditions(build.target, tp.conditions, undefined);
  }
  const burnsIn = sub?.method === 'Encode';
  if (burnsIn) notes.push(`subtitle stream ${sub.streamIndex} (${sub.codec}) would be burned into the picture`);
  const blocker = video
    ? videoCopyBlocker(video, build.videoCodecs, build.target, facts.container, burnsIn)
    : 'there is no video stream';
  const target: TranscodeTarget = {
    container: tp.container,
    videoCodec: blocker === undefined ? video?.codec : build.videoCodecs[0],
    audioCodec: build.targetAudioCodecs[0],
    videoAction: blocker === undefined ? 'copy' : 'encode',
    audioAction: build.audioStream === undefined ? 'none' : build.directAudio ? 'copy' : 'encode',
    videoBitrate: build.target.videoBitrate,
    audioBitrate: build.target.audioBitrate,
    audioChannels: build.audioChannels,
    maxWidth: build.target.maxWidth,
    maxHeight: build.target.maxHeight,
    maxFramerate: build.target.maxFramerate,
    encodeBecause: blocker,
    ...targetVideo(build, video),
    transcodingMaxAudioChannels: maxAudioChannels,
    estimateContentLength: tp.estimateContentLength,
    transcodeSeekInfo: tp.transcodeSeekInfo,
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
    protocol,
    videoCodecs: build.videoCodecs,
    audioCodecs: build.audioCodecs,
    servesOriginalFile: false,
    transcode: target,
    audioStreamIndex: state.audioStreamIndex,
    subtitleStreamIndex,
    subtitle: sub,
  };
}
