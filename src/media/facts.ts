// What Jellyfin knows about a media file after probing it: the fields of its
// MediaSourceInfo and MediaStream (MediaBrowser.Model) that StreamBuilder and
// the encoder read. Produced by normalize.ts, consumed by src/playback/.
// Pure data; `undefined` means "unknown", which the condition rules treat
// differently from any value (unknown satisfies a condition unless isRequired).

/** Jellyfin's VideoRangeType (MediaBrowser.Model/Entities/VideoRangeType.cs). */
export type VideoRangeType =
  | 'Unknown'
  | 'SDR'
  | 'HDR10'
  | 'HLG'
  | 'DOVI'
  | 'DOVIWithHDR10'
  | 'DOVIWithHLG'
  | 'DOVIWithSDR'
  | 'DOVIWithEL'
  | 'DOVIWithHDR10Plus'
  | 'DOVIWithELHDR10Plus'
  | 'DOVIInvalid'
  | 'HDR10Plus';

export const VIDEO_RANGE_TYPES: readonly VideoRangeType[] = [
  'Unknown',
  'SDR',
  'HDR10',
  'HLG',
  'DOVI',
  'DOVIWithHDR10',
  'DOVIWithHLG',
  'DOVIWithSDR',
  'DOVIWithEL',
  'DOVIWithHDR10Plus',
  'DOVIWithELHDR10Plus',
  'DOVIInvalid',
  'HDR10Plus',
];

export type VideoRange = 'Unknown' | 'SDR' | 'HDR';

export interface VideoStreamFacts {
  index: number;
  codec: string;
  /** ffprobe codec_tag_string, junk ("[0][0][0][0]") dropped as Jellyfin does. */
  codecTag?: string;
  profile?: string;
  /** ffprobe `level` verbatim (h264 41 = 4.1; hevc 150 = 5.0), as Jellyfin stores it. */
  level?: number;
  bitDepth?: number;
  width?: number;
  height?: number;
  averageFrameRate?: number;
  realFrameRate?: number;
  /** Stream bitrate in bit/s (stream, else container, else BPS tags). */
  bitRate?: number;
  isInterlaced: boolean;
  isAnamorphic?: boolean;
  isAvc?: boolean;
  refFrames?: number;
  pixelFormat?: string;
  colorTransfer?: string;
  colorPrimaries?: string;
  colorSpace?: string;
  videoRange: VideoRange;
  videoRangeType: VideoRangeType;
  isDefault: boolean;
  language?: string;
}

export interface AudioStreamFacts {
  index: number;
  codec: string;
  profile?: string;
  channels?: number;
  sampleRate?: number;
  bitDepth?: number;
  bitRate?: number;
  isDefault: boolean;
  isExternal: boolean;
  language?: string;
}

export interface SubtitleStreamFacts {
  index: number;
  /** Jellyfin's codec name: ffprobe's (subrip, ass, webvtt, PGSSUB, DVDSUB...) or the sidecar's extension. */
  codec: string;
  isExternal: boolean;
  /** Sidecar file path when external. */
  path?: string;
  isDefault: boolean;
  isForced: boolean;
  language?: string;
  /** Jellyfin's MediaStream.IsTextSubtitleStream. */
  isText: boolean;
  /** MediaStream.Score (set by Jellyfin's stream selector); the highest-scored subtitle is the default one. */
  score?: number;
  /** MediaStream.SupportsExternalStream; undefined = true (text subtitles can be extracted). */
  supportsExternalStream?: boolean;
}

/** MediaSourceInfo.DefaultAudioIndexSource (Jellyfin 10.11 AudioIndexSource flags); undefined = None. */
export interface AudioIndexSource {
  /** The user plays the default-flagged track (PlayDefaultAudioTrack). */
  default?: boolean;
  /** The user has an audio language preference. */
  language?: boolean;
  /** The user picked this track before (remembered selection): no reselection. */
  user?: boolean;
}

export interface MediaFacts {
  path: string;
  /** Jellyfin's MediaSourceInfo.Container: normalised, comma list kept (mp4 family). */
  container?: string;
  /** The raw ffprobe format_name, for messages. */
  formatName?: string;
  /** Container bitrate in bit/s as Jellyfin computes it (may be inferred from streams). */
  bitrate?: number;
  durationSeconds?: number;
  sizeBytes?: number;
  isAudioOnly: boolean;
  video?: VideoStreamFacts;
  audio: AudioStreamFacts[];
  subtitles: SubtitleStreamFacts[];
  videoStreamCount: number;
  /** MediaSourceInfo.MediaStreams.Count (Jellyfin 10.11 NumStreams); undefined = video + audio + subtitles. */
  numStreams?: number;
  /** MediaSourceInfo.DefaultAudioStreamIndex. */
  defaultAudioStreamIndex?: number;
  audioIndexSource?: AudioIndexSource;
  /**
   * MediaSourceInfo.DefaultSubtitleStreamIndex: the subtitle Jellyfin turns on when none is requested;
   * null = none; undefined = not known (the engine then takes a forced, else a default-flagged stream).
   */
  defaultSubtitleStreamIndex?: number | null;
  /** MediaSourceInfo.SupportsDirectPlay / SupportsDirectStream / SupportsTranscoding; undefined = true. */
  supportsDirectPlay?: boolean;
  supportsDirectStream?: boolean;
  supportsTranscoding?: boolean;
}
