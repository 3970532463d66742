// Jellyfin's DeviceProfile and MediaSourceInfo JSON read the way its tests read
// them: System.Text.Json with JsonDefaults.Options (jellyfin/jellyfin
// src/Jellyfin.Extensions/Json/JsonDefaults.cs): property names exactly as
// written (PascalCase, case-sensitive: "localizedDefault" is ignored), enums by
// name (any case) or by number, numbers also from strings
// (NumberHandling.AllowReadingFromString), and every absent property keeps the
// C# constructor's default (ProfileCondition.IsRequired = true,
// TranscodingProfile.Protocol = http, MediaStream.Type = Audio, ...).
import type {
  CodecProfile,
  ContainerProfile,
  DeviceProfile,
  DirectPlayProfile,
  ProfileCondition,
  SubtitleProfile,
  TranscodingProfile,
} from '../../src/device-profile/model.js';
import type { AudioStreamFacts, MediaFacts, SubtitleStreamFacts, VideoStreamFacts } from '../../src/media/facts.js';
import { videoColorRange } from '../../src/media/video-range.js';
import { isTextSubtitleCodec } from '../../src/media/sidecar-subtitles.js';

// Computed C# properties (VideoRangeType, IsTextSubtitleStream, ReferenceFrameRate)
// are getters: the JSON's values for them are ignored and recomputed, as in C#.

type Json = Record<string, unknown>;
const NOWHERE = { line: 0, column: 0 };

/** JsonStringEnumConverter: a name in any case, or the enum's number. */
function enumOf<T extends string>(
  names: readonly T[],
  value: unknown,
  fallback: T,
  numbers?: Readonly<Record<number, T>>,
): T {
  if (value === undefined || value === null || value === '') return fallback; // JsonDefaultStringEnumConverter: "" is the default
  if (typeof value === 'number') {
    const byNumber = numbers ? numbers[value] : names[value];
    if (byNumber === undefined) throw new Error(`enum value ${value} is not one of ${names.join(', ')}`);
    return byNumber;
  }
  const found = names.find((n) => n.toLowerCase() === String(value).toLowerCase());
  if (found === undefined) throw new Error(`enum value '${String(value)}' is not one of ${names.join(', ')}`);
  return found;
}

function str(o: Json, key: string): string | undefined {
  const v = o[key];
  return v === undefined || v === null ? undefined : String(v);
}

function num(o: Json, key: string): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  if (!Number.isFinite(n)) throw new Error(`${key}: '${String(v)}' is not a number`);
  return n;
}

function bool(o: Json, key: string, fallback: boolean): boolean {
  const v = o[key];
  return v === undefined || v === null ? fallback : v === true;
}

function list(o: Json, key: string): Json[] {
  const v = o[key];
  return Array.isArray(v) ? (v as Json[]) : [];
}

const PROFILE_TYPES = ['Audio', 'Video', 'Photo', 'Subtitle', 'Lyric'] as const;
const CODEC_TYPES = ['Video', 'VideoAudio', 'Audio'] as const;
const CONDITION_TYPES = ['Equals', 'NotEquals', 'LessThanEqual', 'GreaterThanEqual', 'EqualsAny'] as const;
const CONDITION_VALUES = {
  0: 'AudioChannels',
  1: 'AudioBitrate',
  2: 'AudioProfile',
  3: 'Width',
  4: 'Height',
  5: 'Has64BitOffsets',
  6: 'PacketLength',
  7: 'VideoBitDepth',
  8: 'VideoBitrate',
  9: 'VideoFramerate',
  10: 'VideoLevel',
  11: 'VideoProfile',
  12: 'VideoTimestamp',
  13: 'IsAnamorphic',
  14: 'RefFrames',
  16: 'NumAudioStreams',
  17: 'NumVideoStreams',
  18: 'IsSecondaryAudio',
  19: 'VideoCodecTag',
  20: 'IsAvc',
  21: 'IsInterlaced',
  22: 'AudioSampleRate',
  23: 'AudioBitDepth',
  24: 'VideoRangeType',
  25: 'NumStreams',
} as const satisfies Record<number, ProfileCondition['property']>;
const SUBTITLE_METHODS = ['Encode', 'Embed', 'External', 'Hls', 'Drop'] as const;
const PROTOCOLS = ['http', 'hls'] as const;
const CONTEXTS = ['Streaming', 'Static'] as const;
const SEEK_INFOS = ['Auto', 'Bytes'] as const;
const STREAM_TYPES = ['Audio', 'Video', 'Subtitle', 'EmbeddedImage', 'Data', 'Lyric'] as const;

function condition(o: Json): ProfileCondition {
  return {
    condition: enumOf(CONDITION_TYPES, o['Condition'], 'Equals'),
    property: enumOf(Object.values(CONDITION_VALUES), o['Property'], 'AudioChannels', CONDITION_VALUES),
    value: str(o, 'Value') ?? '',
    // ProfileCondition's parameterless constructor sets IsRequired = true.
    isRequired: bool(o, 'IsRequired', true),
    pos: NOWHERE,
  };
}

/** A DeviceProfile JSON object (Jellyfin's API and test data shape) as the engine's profile model. */
export function readDeviceProfile(o: Json): DeviceProfile {
  const directPlayProfiles: DirectPlayProfile[] = list(o, 'DirectPlayProfiles').map((p) => ({
    container: str(p, 'Container') ?? '',
    audioCodec: str(p, 'AudioCodec') ?? '',
    videoCodec: str(p, 'VideoCodec') ?? '',
    type: enumOf(PROFILE_TYPES, p['Type'], 'Audio'),
    pos: NOWHERE,
    attrPos: {},
  }));
  const transcodingProfiles: TranscodingProfile[] = list(o, 'TranscodingProfiles').map((p) => ({
    container: str(p, 'Container') ?? '',
    type: enumOf(PROFILE_TYPES, p['Type'], 'Audio'),
    videoCodec: str(p, 'VideoCodec') ?? '',
    audioCodec: str(p, 'AudioCodec') ?? '',
    protocol: enumOf(PROTOCOLS, p['Protocol'], 'http'),
    context: enumOf(CONTEXTS, p['Context'], 'Streaming'),
    estimateContentLength: bool(p, 'EstimateContentLength', false),
    enableMpegtsM2TsMode: bool(p, 'EnableMpegtsM2TsMode', false),
    transcodeSeekInfo: enumOf(SEEK_INFOS, p['TranscodeSeekInfo'], 'Auto'),
    copyTimestamps: bool(p, 'CopyTimestamps', false),
    enableSubtitlesInManifest: bool(p, 'EnableSubtitlesInManifest', false),
    maxAudioChannels: str(p, 'MaxAudioChannels'),
    minSegments: num(p, 'MinSegments') ?? 0,
    segmentLength: num(p, 'SegmentLength') ?? 0,
    breakOnNonKeyFrames: bool(p, 'BreakOnNonKeyFrames', false),
    enableAudioVbrEncoding: bool(p, 'EnableAudioVbrEncoding', true),
    conditions: list(p, 'Conditions').map(condition),
    pos: NOWHERE,
    attrPos: {},
  }));
  const containerProfiles: ContainerProfile[] = list(o, 'ContainerProfiles').map((p) => ({
    type: enumOf(PROFILE_TYPES, p['Type'], 'Audio'),
    container: str(p, 'Container') ?? '',
    subcontainer: str(p, 'SubContainer') ?? '',
    conditions: list(p, 'Conditions').map(condition),
    pos: NOWHERE,
  }));
  const codecProfiles: CodecProfile[] = list(o, 'CodecProfiles').map((p) => ({
    type: enumOf(CODEC_TYPES, p['Type'], 'Video'),
    codec: str(p, 'Codec') ?? '',
    container: str(p, 'Container') ?? '',
    subcontainer: str(p, 'SubContainer') ?? '',
    conditions: list(p, 'Conditions').map(condition),
    applyConditions: list(p, 'ApplyConditions').map(condition),
    pos: NOWHERE,
  }));
  const subtitleProfiles: SubtitleProfile[] = list(o, 'SubtitleProfiles').map((p) => ({
    format: str(p, 'Format') ?? '',
    method: enumOf(SUBTITLE_METHODS, p['Method'], 'Encode'),
    didlMode: str(p, 'DidlMode'),
    language: str(p, 'Language'),
    container: str(p, 'Container'),
    pos: NOWHERE,
  }));
  return {
    name: str(o, 'Name'),
    id: str(o, 'Id'),
    settings: {},
    maxStreamingBitrate: num(o, 'MaxStreamingBitrate'),
    maxStaticBitrate: num(o, 'MaxStaticBitrate'),
    musicStreamingTranscodingBitrate: num(o, 'MusicStreamingTranscodingBitrate'),
    maxStaticMusicBitrate: num(o, 'MaxStaticMusicBitrate'),
    supportedMediaTypes: str(o, 'SupportedMediaTypes') ?? '',
    directPlayProfiles,
    transcodingProfiles,
    containerProfiles,
    codecProfiles,
    responseProfiles: [],
    subtitleProfiles,
    pos: NOWHERE,
  };
}

/** MediaStream.IsTextSubtitleStream (a getter: the JSON's own value is ignored). */
function isTextSubtitleStream(codec: string | undefined, isExternal: boolean): boolean {
  if (!codec && !isExternal) return false;
  return isTextSubtitleCodec(codec ?? '');
}

/** A MediaSourceInfo JSON object as the engine's media facts (what StreamBuilder reads of it). */
export function readMediaSource(o: Json): MediaFacts {
  let video: VideoStreamFacts | undefined;
  let videoStreamCount = 0;
  const audio: AudioStreamFacts[] = [];
  const subtitles: SubtitleStreamFacts[] = [];
  const streams = list(o, 'MediaStreams');
  for (const s of streams) {
    const type = enumOf(STREAM_TYPES, s['Type'], 'Audio');
    const index = num(s, 'Index') ?? 0;
    const codec = str(s, 'Codec') ?? '';
    const isDefault = bool(s, 'IsDefault', false);
    const isExternal = bool(s, 'IsExternal', false);
    const language = str(s, 'Language');
    if (type === 'Video') {
      videoStreamCount++;
      if (video) continue; // MediaSourceInfo.VideoStream: the first video stream
      const range = videoColorRange(
        str(s, 'CodecTag'),
        str(s, 'ColorTransfer'),
        {
          dvProfile: num(s, 'DvProfile'),
          rpuPresentFlag: num(s, 'RpuPresentFlag'),
          blPresentFlag: num(s, 'BlPresentFlag'),
          dvBlSignalCompatibilityId: num(s, 'DvBlSignalCompatibilityId'),
        },
        s['Hdr10PlusPresentFlag'] === true,
      );
      const isAvc = s['IsAVC'];
      const isAnamorphic = s['IsAnamorphic'];
      video = {
        index,
        codec,
        codecTag: str(s, 'CodecTag'),
        profile: str(s, 'Profile'),
        level: num(s, 'Level'),
        bitDepth: num(s, 'BitDepth'),
        width: num(s, 'Width'),
        height: num(s, 'Height'),
        // float? in C#: Math.fround keeps comparisons where C# makes them.
        averageFrameRate:
          num(s, 'AverageFrameRate') === undefined ? undefined : Math.fround(num(s, 'AverageFrameRate')!),
        realFrameRate: num(s, 'RealFrameRate') === undefined ? undefined : Math.fround(num(s, 'RealFrameRate')!),
        bitRate: num(s, 'BitRate'),
        isInterlaced: bool(s, 'IsInterlaced', false),
        isAnamorphic: typeof isAnamorphic === 'boolean' ? isAnamorphic : undefined,
        isAvc: typeof isAvc === 'boolean' ? isAvc : undefined,
        refFrames: num(s, 'RefFrames'),
        pixelFormat: str(s, 'PixelFormat'),
        colorTransfer: str(s, 'ColorTransfer'),
        videoRange: range.videoRange,
        videoRangeType: range.videoRangeType,
        isDefault,
        language,
      };
    } else if (type === 'Audio') {
      audio.push({
        index,
        codec,
        profile: str(s, 'Profile'),
        channels: num(s, 'Channels'),
        sampleRate: num(s, 'SampleRate'),
        bitDepth: num(s, 'BitDepth'),
        bitRate: num(s, 'BitRate'),
        isDefault,
        isExternal,
        language,
      });
    } else if (type === 'Subtitle') {
      subtitles.push({
        index,
        codec,
        isExternal,
        path: str(s, 'Path'),
        isDefault,
        isForced: bool(s, 'IsForced', false),
        language,
        isText: isTextSubtitleStream(str(s, 'Codec'), isExternal),
        score: num(s, 'Score'),
        supportsExternalStream: bool(s, 'SupportsExternalStream', false),
      });
    }
  }
  const container = str(o, 'Container');
  return {
    path: str(o, 'Path') ?? '',
    container,
    bitrate: num(o, 'Bitrate'),
    isAudioOnly: false, // the tests call GetOptimalVideoStream
    video,
    audio,
    subtitles,
    videoStreamCount,
    numStreams: streams.length,
    defaultAudioStreamIndex: num(o, 'DefaultAudioStreamIndex'),
    // null (or absent: the C# default) means "none"; undefined would let the engine guess one.
    defaultSubtitleStreamIndex: num(o, 'DefaultSubtitleStreamIndex') ?? null,
    supportsDirectPlay: bool(o, 'SupportsDirectPlay', true),
    supportsDirectStream: bool(o, 'SupportsDirectStream', true),
    supportsTranscoding: bool(o, 'SupportsTranscoding', true),
  };
}
