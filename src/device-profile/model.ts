// The typed model of a Jellyfin DLNA device profile (plugin XML format).
// Field names follow Jellyfin's DeviceProfile class (MediaBrowser.Model/Dlna)
// so that code reading this model reads like the Jellyfin rules it mirrors.
// Pure data: no I/O here. Source positions let findings point at the XML.

/** 1-based line and column of an element or attribute in the source text. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** A value read from the XML, with where it was read. */
export interface Located<T> {
  value: T;
  pos: SourcePosition;
}

export type DlnaProfileType = 'Audio' | 'Video' | 'Photo' | 'Subtitle' | 'Lyric';
export type CodecType = 'Video' | 'VideoAudio' | 'Audio';

export type ProfileConditionType = 'Equals' | 'NotEquals' | 'LessThanEqual' | 'GreaterThanEqual' | 'EqualsAny';

export type ProfileConditionValue =
  | 'AudioChannels'
  | 'AudioBitrate'
  | 'AudioProfile'
  | 'Width'
  | 'Height'
  | 'Has64BitOffsets'
  | 'PacketLength'
  | 'VideoBitDepth'
  | 'VideoBitrate'
  | 'VideoFramerate'
  | 'VideoLevel'
  | 'VideoProfile'
  | 'VideoTimestamp'
  | 'IsAnamorphic'
  | 'RefFrames'
  | 'NumAudioStreams'
  | 'NumVideoStreams'
  | 'IsSecondaryAudio'
  | 'VideoCodecTag'
  | 'IsAvc'
  | 'IsInterlaced'
  | 'AudioSampleRate'
  | 'AudioBitDepth'
  | 'VideoRangeType'
  /** Jellyfin 10.11: every stream of the file (video, audio, subtitles, attachments). */
  | 'NumStreams';

export interface ProfileCondition {
  condition: ProfileConditionType;
  property: ProfileConditionValue;
  value: string;
  /** Jellyfin's IsRequired: true when the attribute is absent. */
  isRequired: boolean;
  pos: SourcePosition;
  attrPos?: Record<string, SourcePosition>;
}

export interface DirectPlayProfile {
  /** Raw comma-separated list as written ("" or absent = matches all; leading '-' = deny-list). */
  container: string;
  audioCodec: string;
  videoCodec: string;
  type: DlnaProfileType;
  pos: SourcePosition;
  /** Position of each attribute that was present, by attribute name. */
  attrPos: Record<string, SourcePosition>;
}

export interface TranscodingProfile {
  container: string;
  type: DlnaProfileType;
  videoCodec: string;
  audioCodec: string;
  protocol: string; // 'http' | 'hls' (Jellyfin MediaStreamProtocol)
  context: 'Streaming' | 'Static';
  estimateContentLength: boolean;
  enableMpegtsM2TsMode: boolean;
  transcodeSeekInfo: 'Auto' | 'Bytes';
  copyTimestamps: boolean;
  enableSubtitlesInManifest: boolean;
  maxAudioChannels?: string;
  minSegments: number;
  segmentLength: number;
  breakOnNonKeyFrames: boolean;
  enableAudioVbrEncoding: boolean;
  conditions: ProfileCondition[];
  pos: SourcePosition;
  attrPos: Record<string, SourcePosition>;
}

export interface ContainerProfile {
  type: DlnaProfileType;
  container: string;
  subcontainer: string;
  conditions: ProfileCondition[];
  pos: SourcePosition;
  attrPos?: Record<string, SourcePosition>;
}

export interface CodecProfile {
  type: CodecType;
  codec: string;
  container: string;
  subcontainer: string;
  conditions: ProfileCondition[];
  applyConditions: ProfileCondition[];
  pos: SourcePosition;
  attrPos?: Record<string, SourcePosition>;
}

export interface ResponseProfile {
  container: string;
  audioCodec: string;
  videoCodec: string;
  type: DlnaProfileType;
  orgPn?: string;
  mimeType?: string;
  conditions: ProfileCondition[];
  pos: SourcePosition;
  attrPos?: Record<string, SourcePosition>;
}

export type SubtitleDeliveryMethod = 'Encode' | 'Embed' | 'External' | 'Hls' | 'Drop';

export interface SubtitleProfile {
  format: string;
  method: SubtitleDeliveryMethod;
  didlMode?: string;
  language?: string;
  container?: string;
  pos: SourcePosition;
  attrPos?: Record<string, SourcePosition>;
}

export type HeaderMatchType = 'Equals' | 'Substring' | 'Regex';

export interface HttpHeaderInfo {
  name: string;
  value: string;
  match: HeaderMatchType;
  pos: SourcePosition;
  attrPos?: Record<string, SourcePosition>;
}

export interface DeviceIdentification {
  friendlyName?: string;
  modelNumber?: string;
  serialNumber?: string;
  modelName?: string;
  modelDescription?: string;
  modelUrl?: string;
  manufacturer?: string;
  manufacturerUrl?: string;
  headers: HttpHeaderInfo[];
  pos: SourcePosition;
}

export interface DeviceProfile {
  /** Profile <Name>. */
  name?: string;
  id?: string;
  identification?: DeviceIdentification;
  /**
   * Scalar top-level settings kept as text (FriendlyName, ModelName, AlbumArtPn, ...), by element name.
   * A key whose value is undefined was written as `xsi:nil="true"`; a missing key means the element is absent.
   * Name, Id, SupportedMediaTypes and the four bitrates live in their typed fields, not here.
   */
  settings: Record<string, string | undefined>;
  /** Parsed numbers where Jellyfin reads numbers; undefined when absent or xsi:nil. */
  maxStreamingBitrate?: number;
  maxStaticBitrate?: number;
  musicStreamingTranscodingBitrate?: number;
  maxStaticMusicBitrate?: number;
  supportedMediaTypes: string;
  /** <XmlRootAttributes>: extra attributes Jellyfin puts on the DIDL root (e.g. Sony's xmlns:av). */
  xmlRootAttributes?: { name: string; value: string }[];
  directPlayProfiles: DirectPlayProfile[];
  transcodingProfiles: TranscodingProfile[];
  containerProfiles: ContainerProfile[];
  codecProfiles: CodecProfile[];
  responseProfiles: ResponseProfile[];
  subtitleProfiles: SubtitleProfile[];
  /** Root element position. */
  pos: SourcePosition;
}

/**
 * What the TV cannot decode. Default: containers mkv, video codecs hevc.
 * Tokens are lower-case, as Jellyfin compares them case-insensitively.
 */
export interface Policy {
  denyContainers: string[];
  denyVideoCodecs: string[];
}

export const DEFAULT_POLICY: Policy = Object.freeze({
  denyContainers: ['mkv'],
  denyVideoCodecs: ['hevc'],
}) as Policy;
