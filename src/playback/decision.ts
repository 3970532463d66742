// The engine's answer for one file and one device profile: what StreamBuilder
// decides (PlayMethod, TranscodeReasons, the profiles involved) and what the
// encoder would then do (copy or encode, bitrates, size). Pure data.
import type { DirectPlayProfile, SubtitleDeliveryMethod, TranscodingProfile } from '../device-profile/model.js';
import type { TranscodeReason } from './transcode-reasons.js';

export type PlayMethod = 'DirectPlay' | 'DirectStream' | 'Transcode';

export interface SubtitleDelivery {
  streamIndex: number;
  codec: string;
  isExternal: boolean;
  /** SubtitleProfile method StreamBuilder.GetSubtitleProfile picks; Encode = burned into the video. */
  method: SubtitleDeliveryMethod;
  format: string;
}

/** What leaves the server for the TV when Jellyfin runs ffmpeg (Transcode, or the remux DirectStream intends). */
export interface TranscodeTarget {
  container: string;
  videoCodec?: string;
  audioCodec?: string;
  videoAction: 'copy' | 'encode';
  audioAction: 'copy' | 'encode' | 'none';
  /** Target video bitrate StreamBuilder computes (StreamInfo.VideoBitrate), bit/s. */
  videoBitrate?: number;
  /** Target audio bitrate (StreamInfo.AudioBitrate), bit/s. */
  audioBitrate?: number;
  audioChannels?: number;
  maxWidth?: number;
  maxHeight?: number;
  maxFramerate?: number;
  /** Why ffmpeg cannot copy the video (EncodingHelper.CanStreamCopyVideo), when it encodes. */
  encodeBecause?: string;
  /** StreamInfo.TargetVideoProfile / TargetVideoLevel / TargetVideoBitDepth: what the request asks the encoder for. */
  videoProfile?: string;
  videoLevel?: number;
  videoBitDepth?: number;
  /** StreamInfo.TranscodingMaxAudioChannels (the TranscodingProfile's maxAudioChannels). */
  transcodingMaxAudioChannels?: number;
  /** TranscodingProfile EstimateContentLength and TranscodeSeekInfo, as StreamInfo carries them. */
  estimateContentLength?: boolean;
  transcodeSeekInfo?: 'Auto' | 'Bytes';
}

export interface PlaybackDecision {
  mediaType: 'Video' | 'Audio';
  playMethod: PlayMethod;
  /** StreamInfo.TranscodeReasons, in TranscodeReason enum order. */
  reasons: TranscodeReason[];
  /** The DirectPlayProfile that matched (DirectPlay / DirectStream). */
  directPlayProfile?: DirectPlayProfile;
  /** The TranscodingProfile used (Transcode). */
  transcodingProfile?: TranscodingProfile;
  /** StreamInfo.Container: the container named in the URL the TV is given. */
  container?: string;
  /** StreamInfo.SubProtocol: hls (a master.m3u8 URL) or http (stream.<container>). */
  protocol?: 'http' | 'hls';
  /** StreamInfo.VideoCodecs / AudioCodecs: the codecs the request allows (one each when copying). */
  videoCodecs?: readonly string[];
  audioCodecs?: readonly string[];
  /**
   * The TV receives the untouched original file: always for DirectPlay, and for
   * DirectStream in DLNA, whose URL carries Static=true (plugin bug #23,
   * jellyfin #8176) so the remux never happens.
   */
  servesOriginalFile: boolean;
  /** What Jellyfin means to send when it is not the original file. */
  transcode?: TranscodeTarget;
  audioStreamIndex?: number;
  /** StreamInfo.SubtitleStreamIndex: the requested subtitle, else the media source's default one. */
  subtitleStreamIndex?: number;
  subtitle?: SubtitleDelivery;
  /** The bitrate cap used (MediaOptions.GetMaxBitrate) and the item bitrate compared with it. */
  maxBitrate?: number;
  itemBitrate: number;
  /** Facts the user should know that are not TranscodeReasons. */
  notes: string[];
}
