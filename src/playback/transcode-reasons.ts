// Jellyfin's TranscodeReason flags (MediaBrowser.Model/Session/TranscodeReason.cs)
// and StreamBuilder's groupings of them, with the words play-check prints.
import type { ProfileConditionValue } from '../device-profile/model.js';

export type TranscodeReason =
  | 'ContainerNotSupported'
  | 'VideoCodecNotSupported'
  | 'AudioCodecNotSupported'
  | 'SubtitleCodecNotSupported'
  | 'AudioIsExternal'
  | 'SecondaryAudioNotSupported'
  | 'VideoProfileNotSupported'
  | 'VideoLevelNotSupported'
  | 'VideoResolutionNotSupported'
  | 'VideoBitDepthNotSupported'
  | 'VideoFramerateNotSupported'
  | 'RefFramesNotSupported'
  | 'AnamorphicVideoNotSupported'
  | 'InterlacedVideoNotSupported'
  | 'AudioChannelsNotSupported'
  | 'AudioProfileNotSupported'
  | 'AudioSampleRateNotSupported'
  | 'AudioBitDepthNotSupported'
  | 'ContainerBitrateExceedsLimit'
  | 'VideoBitrateNotSupported'
  | 'AudioBitrateNotSupported'
  | 'UnknownVideoStreamInfo'
  | 'UnknownAudioStreamInfo'
  | 'DirectPlayError'
  | 'VideoRangeTypeNotSupported'
  | 'VideoCodecTagNotSupported'
  | 'StreamCountExceedsLimit';

/** Declaration order of the enum: reasons are reported in this order. */
export const REASON_ORDER: readonly TranscodeReason[] = [
  'ContainerNotSupported',
  'VideoCodecNotSupported',
  'AudioCodecNotSupported',
  'SubtitleCodecNotSupported',
  'AudioIsExternal',
  'SecondaryAudioNotSupported',
  'VideoProfileNotSupported',
  'VideoLevelNotSupported',
  'VideoResolutionNotSupported',
  'VideoBitDepthNotSupported',
  'VideoFramerateNotSupported',
  'RefFramesNotSupported',
  'AnamorphicVideoNotSupported',
  'InterlacedVideoNotSupported',
  'AudioChannelsNotSupported',
  'AudioProfileNotSupported',
  'AudioSampleRateNotSupported',
  'AudioBitDepthNotSupported',
  'ContainerBitrateExceedsLimit',
  'VideoBitrateNotSupported',
  'AudioBitrateNotSupported',
  'UnknownVideoStreamInfo',
  'UnknownAudioStreamInfo',
  'DirectPlayError',
  'VideoRangeTypeNotSupported',
  'VideoCodecTagNotSupported',
  'StreamCountExceedsLimit',
];

/**
 * Reasons are flags in Jellyfin and combined with | and &; the engine does the
 * same with one bit per reason (27 reasons fit in a 32-bit integer), which
 * keeps a decision allocation-free on the hot path.
 */
export const BIT = Object.fromEntries(REASON_ORDER.map((r, i) => [r, 1 << i])) as Record<TranscodeReason, number>;

export function maskOf(...reasons: TranscodeReason[]): number {
  let mask = 0;
  for (const r of reasons) mask |= BIT[r];
  return mask;
}

/** The reasons in a mask, in enum order. */
const reasonsCache = new Map<number, TranscodeReason[]>();

export function reasonsOf(mask: number): TranscodeReason[] {
  let reasons = reasonsCache.get(mask);
  if (reasons === undefined) {
    reasons = REASON_ORDER.filter((r) => (mask & BIT[r]) !== 0);
    if (reasonsCache.size < 4096) reasonsCache.set(mask, reasons);
  }
  // A copy: callers own their decision objects.
  return reasons.slice();
}

/** StreamBuilder.ContainerReasons. */
export const CONTAINER_REASONS = maskOf('ContainerNotSupported', 'ContainerBitrateExceedsLimit');

/** StreamBuilder.AudioReasons (AudioCodecNotSupported | AudioCodecReasons). */
export const AUDIO_REASONS = maskOf(
  'AudioCodecNotSupported',
  'AudioBitrateNotSupported',
  'AudioChannelsNotSupported',
  'AudioProfileNotSupported',
  'AudioSampleRateNotSupported',
  'SecondaryAudioNotSupported',
  'AudioBitDepthNotSupported',
  'AudioIsExternal',
);

/** StreamBuilder.VideoReasons (VideoCodecNotSupported | VideoCodecReasons). */
export const VIDEO_REASONS = maskOf(
  'VideoCodecNotSupported',
  'VideoResolutionNotSupported',
  'AnamorphicVideoNotSupported',
  'InterlacedVideoNotSupported',
  'VideoBitDepthNotSupported',
  'VideoBitrateNotSupported',
  'VideoFramerateNotSupported',
  'VideoLevelNotSupported',
  'RefFramesNotSupported',
  'VideoRangeTypeNotSupported',
  'VideoProfileNotSupported',
);

/** StreamBuilder.DirectStreamReasons: failures a remux (copying the video) would cure. */
export const DIRECT_STREAM_REASONS = AUDIO_REASONS | maskOf('ContainerNotSupported', 'VideoCodecTagNotSupported');

/** StreamBuilder.GetTranscodeReasonForFailedCondition (properties Jellyfin marks TODO give none). */
export function reasonForFailedCondition(property: ProfileConditionValue): TranscodeReason | undefined {
  switch (property) {
    case 'AudioBitrate':
      return 'AudioBitrateNotSupported';
    case 'AudioChannels':
      return 'AudioChannelsNotSupported';
    case 'AudioProfile':
      return 'AudioProfileNotSupported';
    case 'AudioSampleRate':
      return 'AudioSampleRateNotSupported';
    case 'Height':
    case 'Width':
      return 'VideoResolutionNotSupported';
    case 'IsAnamorphic':
      return 'AnamorphicVideoNotSupported';
    case 'IsInterlaced':
      return 'InterlacedVideoNotSupported';
    case 'IsSecondaryAudio':
      return 'SecondaryAudioNotSupported';
    case 'RefFrames':
      return 'RefFramesNotSupported';
    case 'VideoBitDepth':
      return 'VideoBitDepthNotSupported';
    case 'AudioBitDepth':
      return 'AudioBitDepthNotSupported';
    case 'VideoBitrate':
      return 'VideoBitrateNotSupported';
    case 'VideoCodecTag':
      return 'VideoCodecTagNotSupported';
    case 'VideoFramerate':
      return 'VideoFramerateNotSupported';
    case 'VideoLevel':
      return 'VideoLevelNotSupported';
    case 'VideoProfile':
      return 'VideoProfileNotSupported';
    case 'VideoRangeType':
      return 'VideoRangeTypeNotSupported';
    case 'NumStreams':
      return 'StreamCountExceedsLimit';
    default:
      // Has64BitOffsets, IsAvc, NumAudioStreams, NumVideoStreams, PacketLength, VideoTimestamp: "TODO" in Jellyfin.
      return undefined;
  }
}

const WORDS: Record<TranscodeReason, string> = {
  ContainerNotSupported: 'the TV does not accept this container',
  VideoCodecNotSupported: 'the TV does not accept this video codec',
  AudioCodecNotSupported: 'the TV does not accept this audio codec',
  SubtitleCodecNotSupported: 'the subtitle format cannot be delivered as-is (it would be burned in)',
  AudioIsExternal: 'the audio track is an external file',
  SecondaryAudioNotSupported: 'the TV does not accept a secondary audio track',
  VideoProfileNotSupported: 'the video profile is above what the TV accepts',
  VideoLevelNotSupported: 'the video level is above what the TV accepts',
  VideoResolutionNotSupported: 'the resolution is above what the TV accepts',
  VideoBitDepthNotSupported: 'the video bit depth (e.g. 10-bit) is not accepted',
  VideoFramerateNotSupported: 'the frame rate is above what the TV accepts',
  RefFramesNotSupported: 'too many reference frames for the TV',
  AnamorphicVideoNotSupported: 'anamorphic video is not accepted',
  InterlacedVideoNotSupported: 'interlaced video is not accepted',
  AudioChannelsNotSupported: 'too many audio channels for the TV',
  AudioProfileNotSupported: 'the audio profile is not accepted',
  AudioSampleRateNotSupported: 'the audio sample rate is not accepted',
  AudioBitDepthNotSupported: 'the audio bit depth is not accepted',
  ContainerBitrateExceedsLimit: 'the file bitrate is above the profile MaxStreamingBitrate',
  VideoBitrateNotSupported: 'the video bitrate is above what the TV accepts',
  AudioBitrateNotSupported: 'the audio bitrate is above what the TV accepts',
  UnknownVideoStreamInfo: 'the video stream could not be analysed',
  UnknownAudioStreamInfo: 'the audio stream could not be analysed',
  DirectPlayError: 'no direct-play profile fits (no specific reason)',
  VideoRangeTypeNotSupported: 'the video range (HDR/Dolby Vision) is not accepted',
  VideoCodecTagNotSupported: 'the video codec tag is not accepted',
  StreamCountExceedsLimit: 'too many streams for the TV',
};

export function reasonInWords(reason: TranscodeReason): string {
  return WORDS[reason];
}
