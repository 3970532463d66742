// ffprobe output -> MediaFacts, the way Jellyfin's ProbeResultNormalizer
// (jellyfin/jellyfin, MediaBrowser.MediaEncoding/Probing) builds its
// MediaSourceInfo: same container renaming, same bitrate fallbacks (stream,
// container, BPS tags, NUMBER_OF_BYTES/DURATION, estimated audio bitrates,
// total inferred from streams), same bit-depth, interlace, anamorphic and
// video-range rules. Pure: the probe object is the only input.
import type { ProbeResult, ProbeScalar, ProbeSideData, ProbeStream } from './ffprobe-types.js';
import type { AudioStreamFacts, MediaFacts, SubtitleStreamFacts, VideoStreamFacts } from './facts.js';
import { normalizeContainer, type StreamCodec } from './container-format.js';
import { videoColorRange, type DoviRecord } from './video-range.js';
import { isTextSubtitleCodec } from './sidecar-subtitles.js';

const INT32_MAX = 2_147_483_647;

/** A probe that is not usable media (no audio or video stream, unreadable). */
export class NotMediaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotMediaError';
  }
}

function str(v: ProbeScalar | unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' || t === 'N/A' || t === 'unknown' ? undefined : t;
}

/** Jellyfin parses with int.TryParse: integers only, 32-bit. */
function int(v: ProbeScalar | unknown): number | undefined {
  let n: number | undefined;
  if (typeof v === 'number' && Number.isInteger(v)) n = v;
  else if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) n = Number.parseInt(v, 10);
  if (n === undefined || !Number.isFinite(n) || Math.abs(n) > INT32_MAX) return undefined;
  return n;
}

function float(v: ProbeScalar | unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Number.parseFloat(v);
  return undefined;
}

/** ProbeResultNormalizer.GetFrameRate: only "a/b" forms, b != 0. */
function frameRate(v: ProbeScalar | unknown): number | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  const m = /^(-?\d+)\/(-?\d+)$/.exec(s);
  if (!m) return undefined;
  const divisor = Number(m[2]);
  return divisor === 0 ? undefined : Number(m[1]) / divisor;
}

function tag(stream: { tags?: Record<string, ProbeScalar> }, key: string): string | undefined {
  const tags = stream.tags;
  if (!tags || typeof tags !== 'object') return undefined;
  return str(tags[key]);
}

function flag(stream: ProbeStream, key: string): boolean {
  const d = stream.disposition;
  if (!d || typeof d !== 'object') return false;
  return int(d[key]) === 1;
}

/** "HH:MM:SS.fffffffff" (matroska DURATION tag) -> seconds. */
function durationTag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(value);
  if (!m) return undefined;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

/** ProbeResultNormalizer.NormalizeSubtitleCodec. */
function subtitleCodec(codec: string): string {
  switch (codec.toLowerCase()) {
    case 'dvb_subtitle':
      return 'DVBSUB';
    case 'dvb_teletext':
      return 'DVBTXT';
    case 'dvd_subtitle':
      return 'DVDSUB';
    case 'hdmv_pgs_subtitle':
      return 'PGSSUB';
    default:
      return codec;
  }
}

/** ProbeResultNormalizer.GetEstimatedAudioBitrate (video items only). */
export function estimatedAudioBitrate(codec: string, channels: number | undefined): number | undefined {
  if (channels === undefined) return undefined;
  const c = codec.toLowerCase();
  const pick = (low: number, high: number): number | undefined =>
    channels <= 2 ? low : channels >= 5 ? high : undefined;
  if (c === 'aac' || c === 'mp3') return pick(192000, 320000);
  if (c === 'ac3' || c === 'eac3') return pick(192000, 640000);
  if (c === 'flac' || c === 'alac') return pick(960000, 2880000);
  return undefined;
}

type Kind = 'video' | 'image' | 'audio' | 'subtitle' | 'other';

function kindOf(stream: ProbeStream, codec: string | undefined): Kind {
  const type = str(stream.codec_type)?.toLowerCase();
  if (type === 'audio') return 'audio';
  if (type === 'subtitle') return 'subtitle';
  if (type !== 'video') return 'other';
  const c = codec?.toLowerCase();
  if (c === 'bmp' || c === 'gif' || c === 'png' || c === 'webp') return 'image';
  // mjpeg is cover art unless it has a codec tag (ProbeResultNormalizer's heuristic).
  if (c === 'mjpeg' && codecTag(stream) === undefined) return 'image';
  if (flag(stream, 'attached_pic')) return 'image';
  return 'video';
}

function codecTag(stream: ProbeStream): string | undefined {
  const t = str(stream.codec_tag_string);
  return t === undefined || t.includes('[0]') ? undefined : t;
}

function bitDepth(stream: ProbeStream, withPixFmt: boolean): number | undefined {
  const bps = int(stream.bits_per_sample);
  if (bps !== undefined && bps > 0) return bps;
  const raw = int(stream.bits_per_raw_sample);
  if (raw !== undefined && raw > 0) return raw;
  if (!withPixFmt) return undefined;
  switch (str(stream.pix_fmt)?.toLowerCase()) {
    case 'yuv420p':
    case 'yuv444p':
      return 8;
    case 'yuv420p10le':
    case 'yuv444p10le':
      return 10;
    case 'yuv420p12le':
    case 'yuv444p12le':
      return 12;
    default:
      return undefined;
  }
}

/** Aspect-ratio label as GetAspectRatio derives it from width/height (used by the anamorphic rule). */
function aspectFromSize(width: number | undefined, height: number | undefined): string | undefined {
  if (!width || !height || width <= 0 || height <= 0) return undefined;
  const r = width / height;
  const close = (a: number, b: number, v = 0.005): boolean => Math.abs(a - b) <= v;
  if (close(r, 1.777777778, 0.03)) return '16:9';
  if (close(r, 1.3333333333, 0.05)) return '4:3';
  if (close(r, 1.41)) return '1.41:1';
  if (close(r, 1.5)) return '1.5:1';
  if (close(r, 1.6)) return '1.6:1';
  if (close(r, 1.66666666667)) return '5:3';
  if (close(r, 1.85, 0.02)) return '1.85:1';
  if (close(r, 2.35, 0.025)) return '2.35:1';
  if (close(r, 2.4, 0.025)) return '2.40:1';
  return undefined;
}

/** ProbeResultNormalizer's anamorphic rule (10.10+): SAR 1:1 no; other SAR yes; SAR 0:1 falls back to DAR. */
function anamorphic(stream: ProbeStream, width: number | undefined, height: number | undefined): boolean {
  const sar = str(stream.sample_aspect_ratio);
  const dar = str(stream.display_aspect_ratio);
  if (sar === '1:1') return false;
  if (sar !== '0:1') return sar !== undefined;
  if (dar === '0:1') return false;
  return dar !== aspectFromSize(width, height);
}

function sideData(stream: ProbeStream): { dovi?: DoviRecord; frameCropping: boolean } {
  const entries: ProbeSideData[] = Array.isArray(stream.side_data_list) ? stream.side_data_list : [];
  // fluent-ffmpeg flattens [SIDE_DATA] blocks into the stream object itself.
  if (entries.length === 0 && stream.dv_profile !== undefined) entries.push(stream as ProbeSideData);
  let dovi: DoviRecord | undefined;
  let frameCropping = false;
  for (const entry of entries) {
    const type = str(entry.side_data_type)?.toLowerCase();
    if (type === 'dovi configuration record' || (type === undefined && entry.dv_profile !== undefined)) {
      dovi = {
        dvProfile: int(entry.dv_profile),
        rpuPresentFlag: int(entry.rpu_present_flag),
        blPresentFlag: int(entry.bl_present_flag),
        dvBlSignalCompatibilityId: int(entry.dv_bl_signal_compatibility_id),
      };
    } else if (type === 'frame cropping') {
      frameCropping = true;
    }
  }
  return { dovi, frameCropping };
}

/** Stream bitrate: stream bit_rate, else (video) the container's, else BPS tag, else bytes/duration tags. */
function streamBitrate(
  stream: ProbeStream,
  kind: Kind,
  isAudioItem: boolean,
  formatBitrate: number | undefined,
): number | undefined {
  let bitrate = int(stream.bit_rate) ?? 0;
  if (bitrate === 0 && (kind === 'video' || (isAudioItem && kind === 'audio')) && formatBitrate !== undefined) {
    bitrate = formatBitrate;
  }
  if (bitrate > 0) return bitrate;
  if (kind !== 'audio' && kind !== 'video') return undefined;
  const bps = int(tag(stream, 'BPS-eng') ?? tag(stream, 'BPS'));
  if (bps !== undefined && bps > 0) return bps;
  const seconds = durationTag(tag(stream, 'DURATION-eng') ?? tag(stream, 'DURATION'));
  const bytes = Number(tag(stream, 'NUMBER_OF_BYTES-eng') ?? tag(stream, 'NUMBER_OF_BYTES'));
  if (seconds !== undefined && seconds >= 1 && Number.isFinite(bytes) && bytes > 0) {
    const computed = Math.round((bytes * 8) / seconds);
    if (computed > 0 && computed <= INT32_MAX) return computed;
  }
  return undefined;
}

export interface NormalizeOptions {
  /** Path reported in the facts (the probe's own filename is not trusted). */
  path: string;
  /** External subtitle streams found next to the file (sidecar-subtitles.ts). */
  externalSubtitles?: SubtitleStreamFacts[];
}

/**
 * Normalises one probe. Throws NotMediaError when the probe has no audio or
 * video stream Jellyfin would play (a text file, a lone picture, garbage).
 */
export function normalizeProbe(probe: ProbeResult, options: NormalizeOptions): MediaFacts {
  if (probe === null || typeof probe !== 'object') throw new NotMediaError('ffprobe returned no data');
  const rawStreams = Array.isArray(probe.streams) ? probe.streams.filter((s) => s && typeof s === 'object') : [];
  const format = probe.format && typeof probe.format === 'object' ? probe.format : undefined;
  const formatName = str(format?.format_name);
  const formatBitrate = int(format?.bit_rate);

  const classified = rawStreams.map((s) => {
    const codec = str(s.codec_name);
    return { s, codec, kind: kindOf(s, codec) };
  });
  const isAudioItem = !classified.some((c) => c.kind === 'video' && c.codec !== undefined);
  // A tty "video" is ffprobe rendering a text file as ANSI art, not media.
  if (formatName === 'tty') throw new NotMediaError('not a media file (ffprobe reads it as text)');

  let video: VideoStreamFacts | undefined;
  let videoStreamCount = 0;
  const videoBitrates: number[] = [];
  const audio: AudioStreamFacts[] = [];
  const subtitles: SubtitleStreamFacts[] = [];
  const allBitrates: number[] = [];

  classified.forEach(({ s, codec, kind }, position) => {
    const index = int(s.index) ?? position;
    const language = tag(s, 'language');
    if (kind === 'video' && codec !== undefined) {
      videoStreamCount++;
      const width = int(s.width);
      const height = int(s.height);
      const bitRate = streamBitrate(s, kind, isAudioItem, formatBitrate);
      videoBitrates.push(bitRate ?? 0);
      allBitrates.push(bitRate ?? 0);
      if (video !== undefined) return; // MediaSourceInfo.VideoStream is the first video stream
      const tagString = codecTag(s);
      const { dovi, frameCropping } = sideData(s);
      const range = videoColorRange(tagString, str(s.color_transfer), dovi);
      const fieldOrder = str(s.field_order);
      const isAvcText = str(s.is_avc)?.toLowerCase();
      const refs = int(s.refs);
      video = {
        index,
        codec,
        codecTag: tagString,
        profile: str(s.profile),
        level: float(s.level),
        bitDepth: bitDepth(s, true),
        width,
        height,
        averageFrameRate: frameRate(s.avg_frame_rate),
        realFrameRate: frameRate(s.r_frame_rate),
        bitRate,
        isInterlaced: fieldOrder !== undefined && fieldOrder.toLowerCase() !== 'progressive',
        isAnamorphic: frameCropping ? false : anamorphic(s, width, height),
        isAvc:
          isAvcText === 'true' || isAvcText === '1'
            ? true
            : isAvcText === 'false' || isAvcText === '0'
              ? false
              : undefined,
        refFrames: refs !== undefined && refs > 0 ? refs : undefined,
        pixelFormat: str(s.pix_fmt),
        colorTransfer: str(s.color_transfer),
        colorPrimaries: str(s.color_primaries),
        colorSpace: str(s.color_space),
        videoRange: range.videoRange,
        videoRangeType: range.videoRangeType,
        isDefault: flag(s, 'default'),
        language,
      };
    } else if (kind === 'audio' && codec !== undefined) {
      const channels = int(s.channels);
      let bitRate = streamBitrate(s, kind, isAudioItem, formatBitrate);
      if (bitRate === undefined && !isAudioItem) bitRate = estimatedAudioBitrate(codec, channels);
      allBitrates.push(bitRate ?? 0);
      audio.push({
        index,
        codec,
        profile: str(s.profile),
        channels,
        sampleRate: int(s.sample_rate),
        bitDepth: bitDepth(s, false),
        bitRate,
        isDefault: flag(s, 'default'),
        isExternal: false,
        language,
      });
    } else if (kind === 'subtitle' && codec !== undefined) {
      // Subtitle streams without a codec are dropped, as Jellyfin does.
      const normalized = subtitleCodec(codec);
      subtitles.push({
        index,
        codec: normalized,
        isExternal: false,
        isDefault: flag(s, 'default'),
        isForced: flag(s, 'forced'),
        language,
        isText: isTextSubtitleCodec(normalized),
      });
    }
  });

  if (video === undefined && audio.length === 0) {
    throw new NotMediaError(
      formatName === undefined
        ? 'not a media file (ffprobe found no audio or video stream)'
        : `not a playable media file (format ${formatName}, no audio or video stream)`,
    );
  }

  const streamCodecs: StreamCodec[] = classified.map(({ codec, kind }) => ({
    type: kind === 'video' ? 'video' : kind === 'audio' ? 'audio' : kind === 'subtitle' ? 'subtitle' : 'other',
    codec: codec ?? '',
  }));

  let bitrate = formatBitrate;
  if (!isAudioItem) {
    // "If ffprobe reported the container bitrate as being the same as the video
    // stream bitrate, then it's wrong": MediaSourceInfo.InferTotalBitrate(force).
    const videoSum = videoBitrates.reduce((a, b) => a + b, 0);
    if (videoSum === (bitrate ?? 0)) {
      const total = allBitrates.reduce((a, b) => a + b, 0);
      if (total > 0) bitrate = Math.min(total, INT32_MAX);
    }
  }

  const external = (options.externalSubtitles ?? []).map((sub, i) => ({
    ...sub,
    index: rawStreams.length + i,
  }));

  const duration = float(format?.duration);
  const size = float(format?.size);
  return {
    path: options.path,
    container: normalizeContainer(formatName, streamCodecs),
    formatName,
    bitrate: bitrate !== undefined && bitrate > 0 ? bitrate : undefined,
    durationSeconds: duration,
    sizeBytes: size,
    isAudioOnly: video === undefined,
    video,
    audio,
    subtitles: [...subtitles, ...external],
    videoStreamCount,
    // Jellyfin keeps every probed stream but attachments (fonts) in MediaStreams, then adds the sidecar subtitles.
    numStreams:
      classified.filter(({ s }) => str(s.codec_type)?.toLowerCase() !== 'attachment').length + external.length,
    // Subtitle mode "Default" with no preferred language: a forced stream, else a default-flagged one.
    defaultSubtitleStreamIndex: defaultSubtitleIndex([...subtitles, ...external]),
  };
}

function defaultSubtitleIndex(subtitles: readonly SubtitleStreamFacts[]): number | undefined {
  return (subtitles.find((s) => s.isForced) ?? subtitles.find((s) => s.isDefault))?.index;
}
