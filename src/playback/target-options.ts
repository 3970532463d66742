// The limits a transcode request carries (StreamInfo options and Max* fields)
// as StreamBuilder.ApplyTranscodingConditions sets them, and the encoder's
// copy-or-encode test that reads them back (EncodingHelper.CanStreamCopyVideo).
import type { ProfileCondition } from '../device-profile/model.js';
import type { VideoStreamFacts } from '../media/facts.js';

/** StreamInfo's per-codec options ("h264-level") and global Max* fields. */
export class TargetOptions {
  /**
   * Options by lower-case qualifier ('' = unqualified), then by name: the same
   * as StreamInfo's "h264-level" keys without building a key string on every
   * read (lint decides thousands of files a second).
   */
  private readonly options = new Map<string, Map<string, string>>();
  maxWidth?: number;
  maxHeight?: number;
  maxFramerate?: number;
  videoBitrate?: number;
  audioBitrate?: number;
  audioSampleRate?: number;
  requireAvc = false;
  requireNonAnamorphic = false;

  set(qualifier: string | undefined, name: string, value: string): void {
    const q = qualifier ? qualifier.toLowerCase() : '';
    let byName = this.options.get(q);
    if (byName === undefined) {
      byName = new Map();
      this.options.set(q, byName);
    }
    byName.set(name, value);
  }

  /** StreamInfo.GetOption: the qualified option, else the unqualified one. */
  get(qualifier: string | undefined, name: string): string | undefined {
    if (qualifier) {
      const q = this.options.get(qualifier.toLowerCase())?.get(name);
      if (q !== undefined && q !== '') return q;
    }
    const v = this.options.get('')?.get(name);
    return v === '' ? undefined : v;
  }

  getInt(qualifier: string | undefined, name: string): number | undefined {
    const v = this.get(qualifier, name);
    if (v === undefined || !/^-?\d+$/.test(v.trim())) return undefined;
    return Number.parseInt(v, 10);
  }
}

function int(text: string): number | undefined {
  return /^\s*[+-]?\d+\s*$/.test(text) ? Number.parseInt(text, 10) : undefined;
}

function merge(current: number | undefined, c: ProfileCondition, n: number): number | undefined {
  if (c.condition === 'Equals') return n;
  if (c.condition === 'LessThanEqual') return Math.min(n, current ?? n);
  return current;
}

function mergeOption(
  target: TargetOptions,
  qualifier: string | undefined,
  name: string,
  c: ProfileCondition,
  n: number | undefined,
): void {
  if (n === undefined) return;
  const merged = merge(target.getInt(qualifier, name), c, n);
  if (merged !== undefined) target.set(qualifier, name, String(merged));
}

/**
 * StreamBuilder.ApplyTranscodingConditions with enableQualified and
 * enableNonQualified both true (the only way DLNA video calls it).
 */
export function applyTranscodingConditions(
  target: TargetOptions,
  conditions: readonly ProfileCondition[],
  qualifier: string | undefined,
): void {
  for (const c of conditions) {
    const value = c.value ?? '';
    if (value === '') continue;
    if (c.condition === 'GreaterThanEqual') continue; // "No way to express this"
    const n = int(value);
    switch (c.property) {
      case 'AudioBitrate':
        if (n !== undefined) target.audioBitrate = merge(target.audioBitrate, c, n);
        break;
      case 'AudioSampleRate':
        if (n !== undefined) target.audioSampleRate = merge(target.audioSampleRate, c, n);
        break;
      case 'AudioChannels':
        mergeOption(target, qualifier, 'audiochannels', c, n);
        break;
      case 'IsAvc': {
        const b = value.trim().toLowerCase();
        if ((b === 'true' && c.condition === 'Equals') || (b === 'false' && c.condition === 'NotEquals'))
          target.requireAvc = true;
        break;
      }
      case 'IsAnamorphic': {
        const b = value.trim().toLowerCase();
        if ((b === 'true' && c.condition === 'Equals') || (b === 'false' && c.condition === 'NotEquals')) {
          target.requireNonAnamorphic = true;
        }
        break;
      }
      case 'IsInterlaced': {
        const b = value.trim().toLowerCase();
        if ((b === 'false' && c.condition === 'Equals') || (b === 'true' && c.condition === 'NotEquals')) {
          target.set(qualifier, 'deinterlace', 'true');
        }
        break;
      }
      case 'RefFrames':
        mergeOption(target, qualifier, 'maxrefframes', c, n);
        break;
      case 'VideoBitDepth':
        mergeOption(target, qualifier, 'videobitdepth', c, n);
        break;
      case 'VideoProfile': {
        if (!qualifier) continue;
        const values = value.split('|').filter(Boolean);
        if (c.condition === 'Equals') target.set(qualifier, 'profile', values.join(','));
        else if (c.condition === 'EqualsAny') {
          const current = target.get(qualifier, 'profile');
          target.set(qualifier, 'profile', current && values.includes(current) ? current : values.join(','));
        }
        break;
      }
      case 'VideoRangeType': {
        if (!qualifier) continue;
        const values = value
          .split('|')
          .map((v) => v.trim())
          .filter(Boolean);
        if (c.condition === 'Equals' || c.condition === 'EqualsAny') {
          const current = target.get(qualifier, 'rangetype');
          const keep =
            c.condition === 'EqualsAny' && current && values.some((v) => v.toLowerCase() === current.toLowerCase());
          target.set(qualifier, 'rangetype', keep ? current : values.join(','));
        }
        break;
      }
      case 'Height':
        if (n !== undefined) target.maxHeight = merge(target.maxHeight, c, n);
        break;
      case 'Width':
        if (n !== undefined) target.maxWidth = merge(target.maxWidth, c, n);
        break;
      case 'VideoBitrate':
        if (n !== undefined) target.videoBitrate = merge(target.videoBitrate, c, n);
        break;
      case 'VideoFramerate': {
        const f = Number(value);
        if (Number.isFinite(f)) target.maxFramerate = merge(target.maxFramerate, c, f);
        break;
      }
      case 'VideoLevel':
        if (!qualifier) continue;
        mergeOption(target, qualifier, 'level', c, n);
        break;
      default:
        break;
    }
  }
}

/** EncodingHelper.GetVideoProfileScore: position in the codec's profile ladder, -1 when unknown. */
function videoProfileScore(codec: string, profile: string): number {
  const ladders: Record<string, string[]> = {
    h264: ['constrainedbaseline', 'baseline', 'extended', 'main', 'constrainedhigh', 'high', 'progressivehigh'],
    hevc: ['main', 'main10'],
    av1: ['main', 'high', 'professional'],
  };
  return (ladders[codec] ?? []).indexOf(profile);
}

/** MediaStream.ReferenceFrameRate: the average rate unless it reads as a bogus >= 1000 fps. */
export function referenceFrameRate(video: VideoStreamFacts | undefined): number | undefined {
  if (!video) return undefined;
  const avg = video.averageFrameRate;
  return avg !== undefined && avg < 1000 ? avg : video.realFrameRate;
}

/**
 * EncodingHelper.CanStreamCopyVideo for a DLNA transcode request: returns
 * undefined when ffmpeg would copy the video, else the reason it encodes.
 */
export function videoCopyBlocker(
  video: VideoStreamFacts,
  targetCodecs: readonly string[],
  target: TargetOptions,
  inputContainer: string | undefined,
  burnsInSubtitle: boolean,
): string | undefined {
  const codec = video.codec.toLowerCase();
  if (video.isInterlaced && target.get(codec, 'deinterlace') === 'true') return 'the profile asks for deinterlacing';
  if (video.isAnamorphic && target.requireNonAnamorphic) return 'the profile refuses anamorphic video';
  if (burnsInSubtitle) return 'a subtitle is burned into the picture';
  if (codec === 'h264' && video.isAvc === false && target.requireAvc) return 'the profile requires AVC framing';
  if (targetCodecs.length > 0 && !targetCodecs.some((c) => c.toLowerCase() === codec)) {
    return `the source codec ${video.codec} is not the target ${targetCodecs[0]}`;
  }
  // Requested profiles travel in the URL with spaces stripped; a lower-ranked source profile may still be copied.
  const profiles = (target.get(codec, 'profile') ?? '')
    .split(',')
    .filter(Boolean)
    .map((p) => p.replace(/ /g, '').toLowerCase());
  if (profiles.length > 0 && video.profile) {
    const have = video.profile.replace(/ /g, '').toLowerCase();
    if (!profiles.includes(have)) {
      const current = videoProfileScore(codec, have);
      if (current === -1 || current > videoProfileScore(codec, profiles[0]!)) {
        return `the video profile ${video.profile} is above ${profiles.join(', ')}`;
      }
    }
  }
  const ranges = (target.get(codec, 'rangetype') ?? '')
    .split(',')
    .filter(Boolean)
    .map((r) => r.toLowerCase());
  if (ranges.length > 0) {
    if (video.videoRangeType === 'Unknown') return 'the video range is unknown';
    if (!ranges.includes(video.videoRangeType.toLowerCase()))
      return `the video range ${video.videoRangeType} is not accepted`;
  }
  if (target.maxWidth !== undefined && (video.width === undefined || video.width > target.maxWidth)) {
    return `the width ${video.width ?? 'unknown'} is above ${target.maxWidth}`;
  }
  if (target.maxHeight !== undefined && (video.height === undefined || video.height > target.maxHeight)) {
    return `the height ${video.height ?? 'unknown'} is above ${target.maxHeight}`;
  }
  if (target.maxFramerate !== undefined) {
    const rate = referenceFrameRate(video);
    if (rate === undefined || rate > target.maxFramerate + 0.05)
      return `the frame rate ${rate ?? 'unknown'} is above ${target.maxFramerate}`;
  }
  if (target.videoBitrate !== undefined && (video.bitRate === undefined || video.bitRate > target.videoBitrate)) {
    return `the video bitrate ${video.bitRate ?? 'unknown'} is above the target ${target.videoBitrate}`;
  }
  const maxBitDepth = target.getInt(codec, 'videobitdepth');
  if (maxBitDepth !== undefined && video.bitDepth !== undefined && video.bitDepth > maxBitDepth) {
    return `the bit depth ${video.bitDepth} is above ${maxBitDepth}`;
  }
  const maxRef = target.getInt(codec, 'maxrefframes');
  if (maxRef !== undefined && video.refFrames !== undefined && video.refFrames > maxRef) {
    return `${video.refFrames} reference frames are above ${maxRef}`;
  }
  const level = Number(target.get(codec, 'level'));
  if (
    target.get(codec, 'level') !== undefined &&
    Number.isFinite(level) &&
    video.level !== undefined &&
    video.level > level
  ) {
    return `the level ${video.level} is above ${level}`;
  }
  if (inputContainer?.toLowerCase() === 'avi' && codec === 'h264' && video.isAvc !== true)
    return 'h264 in avi without AVC framing';
  return undefined;
}
