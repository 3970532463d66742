// The ffmpeg command line Jellyfin would run for a transcode decision, in two
// flavours: the NVIDIA one (EncodingHelper with HardwareAccelerationType
// nvenc: CUDA decode, scale_cuda, h264_nvenc) and the libx264 software
// fallback Jellyfin uses without a working encoder. Pure: the argv is built
// from the facts and the decision; nothing is run here.
import type { VideoEncoder } from '../media/encoder-detect.js';
import type { MediaFacts, VideoStreamFacts } from '../media/facts.js';
import type { PlaybackDecision } from './decision.js';

export type { VideoEncoder };

export interface FfmpegPlan {
  encoder: VideoEncoder;
  argv: string[];
  /** Output width/height and the -b:v value, when the video is encoded. */
  width?: number;
  height?: number;
  videoBitrate?: number;
}

/** Codecs NVDEC decodes that Jellyfin may route to -hwaccel cuda (when listed in HardwareDecodingCodecs). */
const CUDA_DECODABLE = new Set(['h264', 'hevc', 'vc1', 'mpeg2video', 'vp8', 'vp9', 'av1']);

/** EncodingHelper.GetVideoBitrateScaleFactor: hevc/vp9 40% and av1 50% more efficient than h264. */
function scaleFactor(codec: string | undefined): number {
  const c = codec?.toLowerCase();
  if (c === 'h265' || c === 'hevc' || c === 'vp9') return 0.6;
  if (c === 'av1') return 0.5;
  return 1;
}

/** EncodingHelper.ScaleBitrate: never below the requested rate; low rates get headroom. */
function scaleBitrate(bitrate: number, inputCodec: string | undefined, outputCodec: string): number {
  let factor = Math.max(scaleFactor(outputCodec) / scaleFactor(inputCodec), 1);
  if (bitrate <= 500_000) factor = Math.max(factor, 4);
  else if (bitrate <= 1_000_000) factor = Math.max(factor, 3);
  else if (bitrate <= 2_000_000) factor = Math.max(factor, 2.5);
  else if (bitrate <= 3_000_000) factor = Math.max(factor, 2);
  return Math.trunc(factor * bitrate);
}

/** EncodingHelper.GetMinBitrate: "these values were chosen from testing to improve low bitrate streams". */
function minBitrate(source: number, requested: number): number {
  let s = source;
  if (s <= 2_000_000) s = Math.trunc(s * 2.5);
  else if (s <= 3_000_000) s *= 2;
  return Math.min(s, requested);
}

/** EncodingHelper.GetVideoBitrateParamValue: the -b:v Jellyfin passes. */
export function videoBitrateParam(
  video: VideoStreamFacts | undefined,
  requested: number | undefined,
  outputCodec: string,
): number | undefined {
  let bitrate = requested;
  if (video && bitrate !== undefined) {
    if (video.bitRate !== undefined) bitrate = minBitrate(video.bitRate, bitrate);
    bitrate = scaleBitrate(bitrate, video.codec, outputCodec);
    if (requested !== undefined) bitrate = Math.min(bitrate, requested);
  }
  return bitrate;
}

const even = (n: number): number => Math.max(2, Math.trunc(n / 2) * 2);

/** EncodingHelper.GetFixedOutputSize: fit inside MaxWidth/MaxHeight keeping the aspect ratio, even sizes. */
export function outputSize(
  video: VideoStreamFacts | undefined,
  maxWidth?: number,
  maxHeight?: number,
): { width?: number; height?: number } {
  const w = video?.width;
  const h = video?.height;
  if (w === undefined || h === undefined || w <= 0 || h <= 0) return {};
  let scale = 1;
  if (maxWidth !== undefined && maxWidth > 0) scale = Math.min(scale, maxWidth / w);
  if (maxHeight !== undefined && maxHeight > 0) scale = Math.min(scale, maxHeight / h);
  return { width: even(w * scale), height: even(h * scale) };
}

export interface PlanOptions {
  encoder: VideoEncoder;
  /** Output path; Jellyfin writes to its transcode folder. */
  output?: string;
  /** Use CUDA decode for the source codec (Jellyfin: the codec is in HardwareDecodingCodecs). */
  cudaDecode?: boolean;
}

/**
 * The argv (argv[0] is "ffmpeg") for a Transcode decision; undefined when
 * Jellyfin serves the original file (Direct Play, and the DLNA Direct Stream
 * trap) or has no transcoding profile to run.
 */
export function planFfmpeg(
  facts: MediaFacts,
  decision: PlaybackDecision,
  options: PlanOptions,
): FfmpegPlan | undefined {
  const t = decision.transcode;
  if (!t || decision.playMethod !== 'Transcode') return undefined;
  const video = facts.video;
  const encodeVideo = video !== undefined && t.videoAction === 'encode';
  const nvenc = options.encoder === 'h264_nvenc';
  const cuda = nvenc && encodeVideo && (options.cudaDecode ?? CUDA_DECODABLE.has(video.codec.toLowerCase()));
  const argv = ['ffmpeg', '-analyzeduration', '200M', '-probesize', '1G'];
  if (nvenc && encodeVideo) {
    argv.push('-init_hw_device', 'cuda=cu:0', '-filter_hw_device', 'cu');
    if (cuda) argv.push('-hwaccel', 'cuda', '-hwaccel_output_format', 'cuda');
  }
  argv.push('-noautorotate', '-i', `file:${facts.path}`, '-map_metadata', '-1', '-map_chapters', '-1', '-threads', '0');
  if (video) argv.push('-map', `0:${video.index}`);
  const audio = facts.audio.find((a) => a.index === decision.audioStreamIndex) ?? facts.audio[0];
  if (audio && !audio.isExternal) argv.push('-map', `0:${audio.index}`);
  argv.push('-map', '-0:s');

  const plan: FfmpegPlan = { encoder: options.encoder, argv };
  if (video && !encodeVideo) {
    argv.push('-codec:v:0', 'copy', '-start_at_zero');
  } else if (video) {
    const target = t.videoCodec ?? 'h264';
    const bitrate = videoBitrateParam(video, t.videoBitrate, target);
    const { width, height } = outputSize(video, t.maxWidth, t.maxHeight);
    plan.width = width;
    plan.height = height;
    plan.videoBitrate = bitrate;
    const size = width !== undefined && height !== undefined ? `w=${width}:h=${height}:` : '';
    if (nvenc) {
      argv.push('-codec:v:0', 'h264_nvenc', '-preset', 'p1');
    } else {
      // Jellyfin's libx264 defaults: EncoderPreset unset -> veryfast, plus its speed-oriented x264opts.
      argv.push(
        '-codec:v:0',
        'libx264',
        '-preset',
        'veryfast',
        '-x264opts:0',
        'subme=0:me_range=16:rc_lookahead=10:me=hex:open_gop=0',
      );
    }
    if (bitrate !== undefined)
      argv.push('-b:v', String(bitrate), '-maxrate', String(bitrate), '-bufsize', String(bitrate * 2));
    argv.push('-profile:v:0', 'high');
    if (cuda) argv.push('-vf', `scale_cuda=${size}format=yuv420p`);
    else if (nvenc) argv.push('-vf', `scale=${size.replace(/:$/, '')}${size ? ',' : ''}format=yuv420p,hwupload_cuda`);
    else argv.push('-vf', `${size ? `scale=${size.replace(/:$/, '')},` : ''}format=yuv420p`);
  }
  if (audio) {
    if (t.audioAction === 'copy') argv.push('-codec:a:0', 'copy');
    else {
      argv.push(
        '-codec:a:0',
        t.audioCodec === 'ac3' || t.audioCodec === 'mp3' ? (t.audioCodec === 'mp3' ? 'libmp3lame' : 'ac3') : 'aac',
      );
      if (t.audioChannels !== undefined) argv.push('-ac', String(t.audioChannels));
      if (t.audioBitrate !== undefined) argv.push('-ab', String(t.audioBitrate));
    }
  }
  const container = t.container.toLowerCase();
  const format = container === 'ts' || container === 'mpegts' ? 'mpegts' : container === 'mkv' ? 'matroska' : container;
  argv.push(
    '-copyts',
    '-avoid_negative_ts',
    'disabled',
    '-max_muxing_queue_size',
    '2048',
    '-f',
    format,
    '-y',
    options.output ?? `/cache/transcodes/${'<id>'}.${container}`,
  );
  return plan;
}

/** One shell-safe line for display. */
export function shellLine(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
