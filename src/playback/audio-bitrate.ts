// The audio bitrate StreamBuilder targets when a video is remuxed or
// transcoded: GetAudioBitrate, GetDefaultAudioBitrate and
// GetMaxAudioBitrateForTotalBitrate (jellyfin/jellyfin StreamBuilder.cs).
import type { AudioStreamFacts } from '../media/facts.js';

/** GetDefaultAudioBitrate: "default to a higher bitrate for stream copy". */
export function defaultAudioBitrate(codec: string | undefined, channels: number | undefined): number {
  const c = codec?.toLowerCase();
  const ch = channels ?? 0;
  if (c === 'aac' || c === 'mp3' || c === 'ac3' || c === 'eac3') {
    if (ch < 2) return 128_000;
    return ch >= 6 ? 640_000 : 384_000;
  }
  if (c === 'flac' || c === 'alac') {
    if (ch < 2) return 768_000;
    return ch >= 6 ? 3_584_000 : 1_536_000;
  }
  return 192_000;
}

/** GetMaxAudioBitrateForTotalBitrate. */
export function maxAudioBitrateForTotal(total: number): number {
  if (total <= 640_000) return 128_000;
  if (total <= 2_000_000) return 384_000;
  if (total <= 3_000_000) return 448_000;
  if (total <= 4_000_000) return 640_000;
  if (total <= 5_000_000) return 768_000;
  if (total <= 10_000_000) return 1_536_000;
  if (total <= 15_000_000) return 2_304_000;
  if (total <= 20_000_000) return 3_584_000;
  return 7_168_000;
}

/** GetAudioBitrate. */
export function audioBitrateFor(
  maxTotalBitrate: number,
  targetCodecs: readonly string[],
  stream: AudioStreamFacts | undefined,
  targetChannels: number | undefined,
): number {
  const targetCodec = targetCodecs[0];
  let bitrate: number;
  let encoderLimit = Number.MAX_SAFE_INTEGER;
  if (stream === undefined) {
    bitrate = 192_000;
  } else {
    const channels = stream.channels;
    if (targetChannels !== undefined && channels !== undefined && channels > targetChannels) {
      bitrate = defaultAudioBitrate(targetCodec, targetChannels); // down-mixing
    } else if (
      targetChannels !== undefined &&
      channels !== undefined &&
      channels <= targetChannels &&
      stream.codec !== '' &&
      targetCodecs.length > 0 &&
      !targetCodecs.some((c) => c.toLowerCase() === stream.codec.toLowerCase())
    ) {
      bitrate = defaultAudioBitrate(targetCodec, channels); // changing codec
    } else {
      bitrate = stream.bitRate ?? defaultAudioBitrate(targetCodec, targetChannels);
    }
    // "Seeing webm encoding failures when source has 1 audio channel and 22k bitrate."
    if (stream.channels === 1 && (stream.bitRate ?? 0) < 64_000) encoderLimit = 64_000;
  }
  if (maxTotalBitrate > 0) bitrate = Math.min(maxAudioBitrateForTotal(maxTotalBitrate), bitrate);
  return Math.min(bitrate, encoderLimit);
}
