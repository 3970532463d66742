// Builds DeviceProfile objects directly (no XML) for engine tests: every
// field Jellyfin defaults is defaulted here the same way.
import type {
  CodecProfile,
  ContainerProfile,
  DeviceProfile,
  DirectPlayProfile,
  ProfileCondition,
  SubtitleProfile,
  TranscodingProfile,
} from '../../src/device-profile/model.js';

const pos = { line: 1, column: 1 };

export function dp(
  type: DirectPlayProfile['type'],
  container = '',
  videoCodec = '',
  audioCodec = '',
): DirectPlayProfile {
  return { type, container, videoCodec, audioCodec, pos, attrPos: {} };
}

export function tp(
  type: TranscodingProfile['type'],
  container: string,
  videoCodec = '',
  audioCodec = '',
  extra: Partial<TranscodingProfile> = {},
): TranscodingProfile {
  return {
    type,
    container,
    videoCodec,
    audioCodec,
    protocol: 'http',
    context: 'Streaming',
    estimateContentLength: false,
    enableMpegtsM2TsMode: false,
    transcodeSeekInfo: 'Auto',
    copyTimestamps: false,
    enableSubtitlesInManifest: false,
    minSegments: 0,
    segmentLength: 0,
    breakOnNonKeyFrames: false,
    enableAudioVbrEncoding: true,
    conditions: [],
    pos,
    attrPos: {},
    ...extra,
  };
}

export function cond(
  condition: ProfileCondition['condition'],
  property: ProfileCondition['property'],
  value: string,
  isRequired = true,
): ProfileCondition {
  return { condition, property, value, isRequired, pos };
}

export function codecProfile(
  type: CodecProfile['type'],
  codec: string,
  conditions: ProfileCondition[],
  applyConditions: ProfileCondition[] = [],
  container = '',
): CodecProfile {
  return { type, codec, container, subcontainer: '', conditions, applyConditions, pos };
}

export function containerProfile(
  type: ContainerProfile['type'],
  container: string,
  conditions: ProfileCondition[],
): ContainerProfile {
  return { type, container, subcontainer: '', conditions, pos };
}

export function sub(
  format: string,
  method: SubtitleProfile['method'],
  extra: Partial<SubtitleProfile> = {},
): SubtitleProfile {
  return { format, method, pos, ...extra };
}

export function profile(p: Partial<DeviceProfile> = {}): DeviceProfile {
  return {
    name: 'Test',
    settings: {},
    supportedMediaTypes: 'Audio,Photo,Video',
    maxStreamingBitrate: 140_000_000,
    maxStaticBitrate: 140_000_000,
    musicStreamingTranscodingBitrate: 192_000,
    directPlayProfiles: [],
    transcodingProfiles: [],
    containerProfiles: [],
    codecProfiles: [],
    responseProfiles: [],
    subtitleProfiles: [],
    pos,
    ...p,
  };
}

/** The H.264-only profile the project recommends: mp4/ts h264 direct play, everything else to h264/aac in ts. */
export function h264Only(extra: Partial<DeviceProfile> = {}): DeviceProfile {
  return profile({
    name: 'H.264 only',
    directPlayProfiles: [dp('Video', 'mp4,m4v,ts', 'h264', 'aac,ac3,mp3'), dp('Audio', 'mp3,flac,aac,m4a')],
    transcodingProfiles: [tp('Audio', 'mp3', '', 'mp3'), tp('Video', 'ts', 'h264', 'aac')],
    ...extra,
  });
}
