// One [InlineData] row of Jellyfin's StreamBuilderTests, as data.
import type { TranscodeReason } from '../../src/playback/transcode-reasons.js';

export type Theory =
  'BuildVideoItemSimple' | 'BuildVideoItemWithFirstExplicitStream' | 'BuildVideoItemWithDirectPlayExplicitStreams';

export interface StreamBuilderRow {
  theory: Theory;
  /** DeviceProfile-<device>.json */
  device: string;
  /** MediaSourceInfo-<media>.json */
  media: string;
  /** Expected PlayMethod; null = the C# test does not check it. */
  playMethod: 'DirectPlay' | 'DirectStream' | 'Transcode' | null;
  /** The exact TranscodeReason flags expected. */
  why: TranscodeReason[];
  /** The C# transcodeMode: DirectStream (video copied, audio encoded), Remux (both copied) or Transcode (video encoded). */
  mode: 'DirectStream' | 'Remux' | 'Transcode';
  /** The C# transcodeProtocol: '' (= HLS.ts), 'HLS.ts', 'HLS.mp4' or 'http'. */
  protocol: '' | 'HLS.ts' | 'HLS.mp4' | 'http';
}
