// Jellyfin 10.11.11's StreamBuilderTests [InlineData] rows, transcribed (test/fixtures/jellyfin-streambuilder/StreamBuilderTests.cs).
// rows.test.ts checks this table against the C# source, row by row. Generated, then kept as data.
import type { StreamBuilderRow } from './row.js';

export const ROWS: readonly StreamBuilderRow[] = [
  {theory: 'BuildVideoItemSimple', device: 'Chrome', media: 'mp4-h264-aac-vtt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'Chrome', media: 'mp4-h264-ac3-aac-srt-2600k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'DirectStream', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'Chrome', media: 'mp4-h264-ac3-aacDef-srt-2600k', playMethod: 'Transcode', why: ['SecondaryAudioNotSupported'], mode: 'Remux', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'Chrome', media: 'mp4-h264-ac3-aacExt-srt-2600k', playMethod: 'Transcode', why: ['AudioIsExternal'], mode: 'DirectStream', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'Chrome', media: 'mp4-h264-ac3-srt-2600k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'DirectStream', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'Chrome', media: 'mkv-h264-ac3-srt-2600k', playMethod: 'Transcode', why: ['ContainerNotSupported', 'AudioCodecNotSupported'], mode: 'DirectStream', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'Chrome', media: 'mp4-hevc-aac-srt-15200k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Chrome', media: 'mp4-hevc-ac3-aac-srt-15200k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'DirectStream', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemSimple', device: 'Chrome', media: 'mp4-hevc-ac3-aacDef-srt-15200k', playMethod: 'Transcode', why: ['SecondaryAudioNotSupported'], mode: 'Remux', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemSimple', device: 'Chrome', media: 'mkv-vp9-aac-srt-2600k', playMethod: 'Transcode', why: ['ContainerNotSupported'], mode: 'Remux', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'Chrome', media: 'mkv-vp9-ac3-srt-2600k', playMethod: 'Transcode', why: ['ContainerNotSupported', 'AudioCodecNotSupported'], mode: 'DirectStream', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'Chrome', media: 'mkv-vp9-vorbis-vtt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'Chrome', media: 'mp4-h264-hi10p-aac-5000k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Chrome', media: 'mkv-h264-hi10p-aac-5000k-brokenfps', playMethod: 'Transcode', why: ['ContainerNotSupported'], mode: 'Remux', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemSimple', device: 'Chrome', media: 'mp4-dvh1.05-eac3-15200k', playMethod: 'Transcode', why: ['VideoRangeTypeNotSupported', 'AudioCodecNotSupported'], mode: 'Transcode', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemSimple', device: 'Chrome', media: 'mkv-dvhe.05-eac3-28000k', playMethod: 'Transcode', why: ['ContainerNotSupported', 'VideoRangeTypeNotSupported', 'AudioCodecNotSupported'], mode: 'Transcode', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemSimple', device: 'Chrome', media: 'mkv-dvhe.08-eac3-15200k', playMethod: 'Transcode', why: ['ContainerNotSupported', 'VideoRangeTypeNotSupported', 'AudioCodecNotSupported'], mode: 'Transcode', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemSimple', device: 'Chrome', media: 'mp4-dvhe.08-eac3-15200k', playMethod: 'Transcode', why: ['VideoRangeTypeNotSupported', 'AudioCodecNotSupported'], mode: 'Transcode', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemSimple', device: 'Chrome', media: 'numstreams-32', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Chrome', media: 'numstreams-33', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Firefox', media: 'mp4-h264-aac-vtt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'Firefox', media: 'mp4-h264-ac3-aac-srt-2600k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'DirectStream', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'Firefox', media: 'mp4-h264-ac3-aacDef-srt-2600k', playMethod: 'Transcode', why: ['SecondaryAudioNotSupported'], mode: 'Remux', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'Firefox', media: 'mp4-h264-ac3-aacExt-srt-2600k', playMethod: 'Transcode', why: ['AudioIsExternal'], mode: 'DirectStream', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'Firefox', media: 'mp4-h264-ac3-srt-2600k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'DirectStream', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'Firefox', media: 'mkv-h264-ac3-srt-2600k', playMethod: 'Transcode', why: ['ContainerNotSupported', 'AudioCodecNotSupported'], mode: 'DirectStream', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'Firefox', media: 'mp4-hevc-aac-srt-15200k', playMethod: 'Transcode', why: ['VideoCodecNotSupported'], mode: 'Transcode', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemSimple', device: 'Firefox', media: 'mp4-hevc-ac3-aac-srt-15200k', playMethod: 'Transcode', why: ['VideoCodecNotSupported', 'AudioCodecNotSupported'], mode: 'Transcode', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemSimple', device: 'Firefox', media: 'mp4-hevc-ac3-aacDef-srt-15200k', playMethod: 'Transcode', why: ['VideoCodecNotSupported', 'SecondaryAudioNotSupported'], mode: 'Transcode', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemSimple', device: 'Firefox', media: 'mkv-vp9-aac-srt-2600k', playMethod: 'Transcode', why: ['ContainerNotSupported'], mode: 'Remux', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'Firefox', media: 'mkv-vp9-ac3-srt-2600k', playMethod: 'Transcode', why: ['ContainerNotSupported', 'AudioCodecNotSupported'], mode: 'DirectStream', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'Firefox', media: 'mkv-vp9-vorbis-vtt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'Firefox', media: 'mp4-h264-hi10p-aac-5000k', playMethod: 'Transcode', why: ['ContainerNotSupported', 'VideoProfileNotSupported'], mode: 'Transcode', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemSimple', device: 'Firefox', media: 'mkv-h264-hi10p-aac-5000k-brokenfps', playMethod: 'Transcode', why: ['ContainerNotSupported', 'VideoProfileNotSupported'], mode: 'Transcode', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemSimple', device: 'Firefox', media: 'mp4-dvh1.05-eac3-15200k', playMethod: 'Transcode', why: ['VideoCodecNotSupported', 'AudioCodecNotSupported'], mode: 'Transcode', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemSimple', device: 'Firefox', media: 'mkv-dvhe.05-eac3-28000k', playMethod: 'Transcode', why: ['ContainerNotSupported', 'VideoCodecNotSupported', 'AudioCodecNotSupported'], mode: 'Transcode', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemSimple', device: 'Firefox', media: 'mkv-dvhe.08-eac3-15200k', playMethod: 'Transcode', why: ['ContainerNotSupported', 'VideoCodecNotSupported', 'AudioCodecNotSupported'], mode: 'Transcode', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemSimple', device: 'Firefox', media: 'mp4-dvhe.08-eac3-15200k', playMethod: 'Transcode', why: ['VideoCodecNotSupported', 'AudioCodecNotSupported'], mode: 'Transcode', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemSimple', device: 'SafariNext', media: 'mp4-h264-aac-vtt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'SafariNext', media: 'mp4-h264-ac3-aac-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'SafariNext', media: 'mp4-h264-ac3-aacDef-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'SafariNext', media: 'mp4-h264-ac3-aacExt-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'SafariNext', media: 'mp4-h264-ac3-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'SafariNext', media: 'mkv-h264-ac3-srt-2600k', playMethod: 'Transcode', why: ['ContainerNotSupported', 'AudioChannelsNotSupported'], mode: 'DirectStream', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'SafariNext', media: 'mp4-hevc-aac-srt-15200k', playMethod: 'Transcode', why: ['VideoCodecTagNotSupported'], mode: 'Remux', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'SafariNext', media: 'mp4-hevc-ac3-aac-srt-15200k', playMethod: 'Transcode', why: ['VideoCodecTagNotSupported', 'AudioChannelsNotSupported'], mode: 'DirectStream', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'SafariNext', media: 'mp4-hevc-ac3-aacExt-srt-15200k', playMethod: 'Transcode', why: ['VideoCodecTagNotSupported', 'AudioChannelsNotSupported'], mode: 'DirectStream', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'SafariNext', media: 'mp4-h264-hi10p-aac-5000k', playMethod: 'Transcode', why: ['VideoProfileNotSupported'], mode: 'Remux', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemSimple', device: 'SafariNext', media: 'mkv-h264-hi10p-aac-5000k-brokenfps', playMethod: 'Transcode', why: ['ContainerNotSupported', 'VideoProfileNotSupported'], mode: 'Remux', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemSimple', device: 'SafariNext', media: 'mp4-dvh1.05-eac3-15200k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'SafariNext', media: 'mkv-dvhe.05-eac3-28000k', playMethod: 'Transcode', why: ['ContainerNotSupported', 'VideoCodecTagNotSupported', 'AudioChannelsNotSupported'], mode: 'DirectStream', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemSimple', device: 'SafariNext', media: 'mkv-dvhe.08-eac3-15200k', playMethod: 'Transcode', why: ['ContainerNotSupported', 'VideoCodecTagNotSupported', 'AudioChannelsNotSupported'], mode: 'DirectStream', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemSimple', device: 'SafariNext', media: 'mp4-dvhe.08-eac3-15200k', playMethod: 'Transcode', why: ['VideoCodecTagNotSupported', 'AudioChannelsNotSupported'], mode: 'DirectStream', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemSimple', device: 'AndroidPixel', media: 'mp4-h264-aac-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'AndroidPixel', media: 'mp4-h264-ac3-aac-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'AndroidPixel', media: 'mp4-h264-ac3-aacDef-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'AndroidPixel', media: 'mp4-h264-ac3-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'AndroidPixel', media: 'mp4-hevc-aac-srt-15200k', playMethod: 'Transcode', why: ['ContainerBitrateExceedsLimit'], mode: 'Transcode', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'AndroidPixel', media: 'mp4-hevc-ac3-aac-srt-15200k', playMethod: 'Transcode', why: ['ContainerBitrateExceedsLimit'], mode: 'Transcode', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Yatse', media: 'mp4-h264-aac-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'Remux', protocol: ''}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'Yatse', media: 'mp4-h264-ac3-aac-srt-2600k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'Yatse', media: 'mp4-h264-ac3-aacDef-srt-2600k', playMethod: 'Transcode', why: ['SecondaryAudioNotSupported'], mode: 'Remux', protocol: ''}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'Yatse', media: 'mp4-h264-ac3-srt-2600k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Yatse', media: 'mp4-hevc-aac-srt-15200k', playMethod: 'DirectPlay', why: [], mode: 'Remux', protocol: ''}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'Yatse', media: 'mp4-hevc-ac3-aac-srt-15200k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'Transcode', protocol: ''}, // Full transcode because profile only has ts which does not allow hevc
  {theory: 'BuildVideoItemSimple', device: 'Yatse', media: 'mp4-hevc-ac3-aacDef-srt-15200k', playMethod: 'Transcode', why: ['SecondaryAudioNotSupported'], mode: 'Transcode', protocol: ''}, // Full transcode because profile only has ts which does not allow hevc
  {theory: 'BuildVideoItemSimple', device: 'RokuSSPlus', media: 'mp4-h264-aac-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'Remux', protocol: ''}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'RokuSSPlus', media: 'mp4-h264-ac3-aac-srt-2600k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'RokuSSPlus', media: 'mp4-h264-ac3-aacDef-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'Remux', protocol: ''}, // #6450 should be DirectPlay
  {theory: 'BuildVideoItemSimple', device: 'RokuSSPlus', media: 'mp4-h264-ac3-srt-2600k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'RokuSSPlus', media: 'mp4-hevc-aac-srt-15200k', playMethod: 'DirectPlay', why: [], mode: 'Remux', protocol: ''}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'RokuSSPlus', media: 'mp4-hevc-ac3-aac-srt-15200k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'Transcode', protocol: ''}, // Full transcode because profile only has ts which does not allow hevc
  {theory: 'BuildVideoItemSimple', device: 'RokuSSPlus', media: 'mp4-hevc-ac3-aacDef-srt-15200k', playMethod: 'DirectPlay', why: [], mode: 'Remux', protocol: ''}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'RokuSSPlus', media: 'mp4-hevc-ac3-srt-15200k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'Transcode', protocol: ''}, // Full transcode because profile only has ts which does not allow hevc
  {theory: 'BuildVideoItemSimple', device: 'JellyfinMediaPlayer', media: 'mp4-h264-aac-vtt-2600k', playMethod: 'DirectPlay', why: [], mode: 'Remux', protocol: ''}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'JellyfinMediaPlayer', media: 'mp4-h264-ac3-aac-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'Remux', protocol: ''}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'JellyfinMediaPlayer', media: 'mp4-h264-ac3-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'Remux', protocol: ''}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'JellyfinMediaPlayer', media: 'mp4-hevc-aac-srt-15200k', playMethod: 'Transcode', why: ['ContainerBitrateExceedsLimit'], mode: 'Transcode', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'JellyfinMediaPlayer', media: 'mp4-hevc-ac3-aac-srt-15200k', playMethod: 'Transcode', why: ['ContainerBitrateExceedsLimit'], mode: 'Transcode', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'JellyfinMediaPlayer', media: 'mkv-vp9-aac-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'JellyfinMediaPlayer', media: 'mkv-vp9-ac3-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'JellyfinMediaPlayer', media: 'mkv-vp9-vorbis-vtt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'Chrome-NoHLS', media: 'mp4-h264-aac-vtt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'Chrome-NoHLS', media: 'mp4-h264-ac3-aac-srt-2600k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'DirectStream', protocol: 'http'}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'Chrome-NoHLS', media: 'mp4-h264-ac3-aacDef-srt-2600k', playMethod: 'Transcode', why: ['SecondaryAudioNotSupported'], mode: 'Remux', protocol: 'http'}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'Chrome-NoHLS', media: 'mp4-h264-ac3-aacExt-srt-2600k', playMethod: 'Transcode', why: ['AudioIsExternal'], mode: 'Remux', protocol: 'http'}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'Chrome-NoHLS', media: 'mp4-h264-ac3-srt-2600k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'DirectStream', protocol: 'http'}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'Chrome-NoHLS', media: 'mp4-hevc-aac-srt-15200k', playMethod: 'Transcode', why: ['VideoCodecNotSupported'], mode: 'Transcode', protocol: 'http'},
  {theory: 'BuildVideoItemSimple', device: 'Chrome-NoHLS', media: 'mp4-hevc-ac3-aac-srt-15200k', playMethod: 'Transcode', why: ['VideoCodecNotSupported', 'AudioCodecNotSupported'], mode: 'Transcode', protocol: 'http'},
  {theory: 'BuildVideoItemSimple', device: 'Chrome-NoHLS', media: 'mp4-hevc-ac3-aacDef-srt-15200k', playMethod: 'Transcode', why: ['VideoCodecNotSupported', 'SecondaryAudioNotSupported'], mode: 'Transcode', protocol: 'http'},
  {theory: 'BuildVideoItemSimple', device: 'Chrome-NoHLS', media: 'mkv-vp9-aac-srt-2600k', playMethod: 'Transcode', why: ['ContainerNotSupported'], mode: 'DirectStream', protocol: 'http'}, // webm requested, aac not supported
  {theory: 'BuildVideoItemSimple', device: 'Chrome-NoHLS', media: 'mkv-vp9-ac3-srt-2600k', playMethod: 'Transcode', why: ['ContainerNotSupported', 'AudioCodecNotSupported'], mode: 'DirectStream', protocol: 'http'}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'Chrome-NoHLS', media: 'mkv-vp9-vorbis-vtt-2600k', playMethod: 'DirectPlay', why: [], mode: 'Remux', protocol: 'http'}, // #6450
  {theory: 'BuildVideoItemSimple', device: 'TranscodeMedia', media: 'mp4-h264-aac-vtt-2600k', playMethod: 'Transcode', why: ['DirectPlayError'], mode: 'Remux', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemSimple', device: 'TranscodeMedia', media: 'mp4-h264-ac3-aac-srt-2600k', playMethod: 'Transcode', why: ['DirectPlayError'], mode: 'DirectStream', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemSimple', device: 'TranscodeMedia', media: 'mp4-h264-ac3-aacDef-srt-2600k', playMethod: 'Transcode', why: ['DirectPlayError'], mode: 'Remux', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemSimple', device: 'TranscodeMedia', media: 'mp4-h264-ac3-srt-2600k', playMethod: 'Transcode', why: ['DirectPlayError'], mode: 'DirectStream', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemSimple', device: 'TranscodeMedia', media: 'mp4-hevc-aac-srt-15200k', playMethod: 'Transcode', why: ['DirectPlayError'], mode: 'Remux', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemSimple', device: 'TranscodeMedia', media: 'mp4-hevc-ac3-aac-srt-15200k', playMethod: 'Transcode', why: ['DirectPlayError'], mode: 'DirectStream', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemSimple', device: 'TranscodeMedia', media: 'mp4-hevc-ac3-aacDef-srt-15200k', playMethod: 'Transcode', why: ['DirectPlayError'], mode: 'Remux', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemSimple', device: 'TranscodeMedia', media: 'mkv-av1-aac-srt-2600k', playMethod: 'Transcode', why: ['DirectPlayError'], mode: 'DirectStream', protocol: 'http'},
  {theory: 'BuildVideoItemSimple', device: 'TranscodeMedia', media: 'mkv-av1-vorbis-srt-2600k', playMethod: 'Transcode', why: ['DirectPlayError'], mode: 'Remux', protocol: 'http'},
  {theory: 'BuildVideoItemSimple', device: 'TranscodeMedia', media: 'mkv-vp9-aac-srt-2600k', playMethod: 'Transcode', why: ['DirectPlayError'], mode: 'DirectStream', protocol: 'http'},
  {theory: 'BuildVideoItemSimple', device: 'TranscodeMedia', media: 'mkv-vp9-ac3-srt-2600k', playMethod: 'Transcode', why: ['DirectPlayError'], mode: 'DirectStream', protocol: 'http'},
  {theory: 'BuildVideoItemSimple', device: 'TranscodeMedia', media: 'mkv-vp9-vorbis-vtt-2600k', playMethod: 'Transcode', why: ['DirectPlayError'], mode: 'Remux', protocol: 'http'},
  {theory: 'BuildVideoItemSimple', device: 'DirectMedia', media: 'mp4-h264-aac-vtt-2600k', playMethod: 'DirectPlay', why: [], mode: 'Remux', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'DirectMedia', media: 'mp4-h264-ac3-aac-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'Remux', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'DirectMedia', media: 'mp4-h264-ac3-aacDef-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'Remux', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'DirectMedia', media: 'mp4-h264-ac3-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'Remux', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'DirectMedia', media: 'mp4-hevc-aac-srt-15200k', playMethod: 'DirectPlay', why: [], mode: 'Remux', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'DirectMedia', media: 'mp4-hevc-ac3-aac-srt-15200k', playMethod: 'DirectPlay', why: [], mode: 'Remux', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'DirectMedia', media: 'mkv-vp9-aac-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'DirectMedia', media: 'mkv-vp9-ac3-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'DirectMedia', media: 'mkv-vp9-vorbis-vtt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'LowBandwidth', media: 'mp4-h264-aac-vtt-2600k', playMethod: 'Transcode', why: ['ContainerBitrateExceedsLimit'], mode: 'Transcode', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'LowBandwidth', media: 'mp4-h264-ac3-aac-srt-2600k', playMethod: 'Transcode', why: ['ContainerBitrateExceedsLimit'], mode: 'Transcode', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'LowBandwidth', media: 'mp4-h264-ac3-srt-2600k', playMethod: 'Transcode', why: ['ContainerBitrateExceedsLimit'], mode: 'Transcode', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'LowBandwidth', media: 'mp4-hevc-aac-srt-15200k', playMethod: 'Transcode', why: ['ContainerBitrateExceedsLimit'], mode: 'Transcode', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'LowBandwidth', media: 'mp4-hevc-ac3-aac-srt-15200k', playMethod: 'Transcode', why: ['ContainerBitrateExceedsLimit'], mode: 'Transcode', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'LowBandwidth', media: 'mkv-vp9-aac-srt-2600k', playMethod: 'Transcode', why: ['ContainerBitrateExceedsLimit'], mode: 'Transcode', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'LowBandwidth', media: 'mkv-vp9-ac3-srt-2600k', playMethod: 'Transcode', why: ['ContainerBitrateExceedsLimit'], mode: 'Transcode', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'LowBandwidth', media: 'mkv-vp9-vorbis-vtt-2600k', playMethod: 'Transcode', why: ['ContainerBitrateExceedsLimit'], mode: 'Transcode', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Null', media: 'mp4-h264-aac-vtt-2600k', playMethod: null, why: ['ContainerBitrateExceedsLimit'], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Null', media: 'mp4-h264-ac3-aac-srt-2600k', playMethod: null, why: ['ContainerBitrateExceedsLimit'], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Null', media: 'mp4-h264-ac3-srt-2600k', playMethod: null, why: ['ContainerBitrateExceedsLimit'], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Null', media: 'mp4-hevc-aac-srt-15200k', playMethod: null, why: ['ContainerBitrateExceedsLimit'], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Null', media: 'mp4-hevc-ac3-aac-srt-15200k', playMethod: null, why: ['ContainerBitrateExceedsLimit'], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Null', media: 'mkv-vp9-aac-srt-2600k', playMethod: null, why: ['ContainerBitrateExceedsLimit'], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Null', media: 'mkv-vp9-ac3-srt-2600k', playMethod: null, why: ['ContainerBitrateExceedsLimit'], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Null', media: 'mkv-vp9-vorbis-vtt-2600k', playMethod: null, why: ['ContainerBitrateExceedsLimit'], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'AndroidTVExoPlayer', media: 'mp4-h264-aac-vtt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'AndroidTVExoPlayer', media: 'mp4-h264-ac3-aac-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'AndroidTVExoPlayer', media: 'mp4-h264-ac3-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'AndroidTVExoPlayer', media: 'mp4-hevc-aac-srt-15200k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'AndroidTVExoPlayer', media: 'mp4-hevc-ac3-aac-srt-15200k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'AndroidTVExoPlayer', media: 'mkv-vp9-aac-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'AndroidTVExoPlayer', media: 'mkv-vp9-ac3-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'AndroidTVExoPlayer', media: 'mkv-vp9-vorbis-vtt-2600k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'Transcode', protocol: ''}, // Full transcode because profile only has ts which does not allow vp9
  {theory: 'BuildVideoItemSimple', device: 'Tizen3-stereo', media: 'mp4-h264-aac-vtt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Tizen3-stereo', media: 'mp4-h264-ac3-aac-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Tizen3-stereo', media: 'mp4-h264-ac3-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Tizen3-stereo', media: 'mp4-h264-dts-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Tizen3-stereo', media: 'mp4-hevc-aac-srt-15200k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Tizen3-stereo', media: 'mp4-hevc-ac3-aac-srt-15200k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Tizen3-stereo', media: 'mp4-hevc-truehd-srt-15200k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Tizen3-stereo', media: 'mkv-vp9-aac-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Tizen3-stereo', media: 'mkv-vp9-ac3-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Tizen3-stereo', media: 'mkv-vp9-vorbis-vtt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Tizen3-stereo', media: 'mkv-dvhe.08-eac3-15200k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Tizen3-stereo', media: 'mp4-dvh1.05-eac3-15200k', playMethod: 'Transcode', why: ['VideoRangeTypeNotSupported', 'AudioChannelsNotSupported'], mode: 'Transcode', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Tizen3-stereo', media: 'mp4-dvhe.08-eac3-15200k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Tizen3-stereo', media: 'mkv-dvhe.05-eac3-28000k', playMethod: 'Transcode', why: ['VideoBitrateNotSupported', 'VideoRangeTypeNotSupported', 'AudioChannelsNotSupported'], mode: 'Transcode', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Tizen3-stereo', media: 'numstreams-32', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Tizen3-stereo', media: 'numstreams-33', playMethod: 'Transcode', why: ['StreamCountExceedsLimit'], mode: 'Remux', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Tizen4-4K-5.1', media: 'mp4-h264-aac-vtt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Tizen4-4K-5.1', media: 'mp4-h264-ac3-aac-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Tizen4-4K-5.1', media: 'mp4-h264-ac3-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Tizen4-4K-5.1', media: 'mp4-h264-dts-srt-2600k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Tizen4-4K-5.1', media: 'mp4-hevc-aac-srt-15200k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Tizen4-4K-5.1', media: 'mp4-hevc-ac3-aac-srt-15200k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Tizen4-4K-5.1', media: 'mp4-hevc-truehd-srt-15200k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Tizen4-4K-5.1', media: 'mkv-vp9-aac-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Tizen4-4K-5.1', media: 'mkv-vp9-ac3-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Tizen4-4K-5.1', media: 'mkv-vp9-vorbis-vtt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Tizen4-4K-5.1', media: 'mkv-dvhe.08-eac3-15200k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Tizen4-4K-5.1', media: 'mp4-dvh1.05-eac3-15200k', playMethod: 'Transcode', why: ['VideoRangeTypeNotSupported'], mode: 'Transcode', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Tizen4-4K-5.1', media: 'mp4-dvhe.08-eac3-15200k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Tizen4-4K-5.1', media: 'mkv-dvhe.05-eac3-28000k', playMethod: 'Transcode', why: ['VideoRangeTypeNotSupported'], mode: 'Transcode', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Tizen4-4K-5.1', media: 'numstreams-32', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'Tizen4-4K-5.1', media: 'numstreams-33', playMethod: 'Transcode', why: ['StreamCountExceedsLimit'], mode: 'Remux', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'WebOS-23', media: 'mkv-dvhe.08-eac3-15200k', playMethod: 'Transcode', why: ['VideoRangeTypeNotSupported'], mode: 'Remux', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'WebOS-23', media: 'mp4-dvh1.05-eac3-15200k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'WebOS-23', media: 'mp4-dvhe.08-eac3-15200k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemSimple', device: 'WebOS-23', media: 'mkv-dvhe.05-eac3-28000k', playMethod: 'Transcode', why: ['VideoRangeTypeNotSupported'], mode: 'Remux', protocol: ''},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Chrome', media: 'mp4-h264-aac-vtt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Chrome', media: 'mp4-h264-ac3-aac-srt-2600k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'DirectStream', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Chrome', media: 'mp4-h264-ac3-aacDef-srt-2600k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'DirectStream', protocol: 'HLS.mp4'}, // #6450 <BUG: this is direct played>
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Chrome', media: 'mp4-h264-ac3-aacExt-srt-2600k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'DirectStream', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Chrome', media: 'mp4-h264-ac3-srt-2600k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'DirectStream', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Chrome', media: 'mp4-hevc-aac-srt-15200k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Chrome', media: 'mp4-hevc-ac3-aac-srt-15200k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'DirectStream', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Chrome', media: 'mkv-vp9-aac-srt-2600k', playMethod: 'Transcode', why: ['ContainerNotSupported'], mode: 'Remux', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Chrome', media: 'mkv-vp9-ac3-srt-2600k', playMethod: 'Transcode', why: ['ContainerNotSupported', 'AudioCodecNotSupported'], mode: 'DirectStream', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Chrome', media: 'mkv-vp9-vorbis-vtt-2600k', playMethod: 'DirectPlay', why: [], mode: 'Remux', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Firefox', media: 'mp4-h264-aac-vtt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Firefox', media: 'mp4-h264-ac3-aac-srt-2600k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'DirectStream', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Firefox', media: 'mp4-h264-ac3-aacDef-srt-2600k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'DirectStream', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Firefox', media: 'mp4-h264-ac3-srt-2600k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'DirectStream', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Firefox', media: 'mp4-hevc-aac-srt-15200k', playMethod: 'Transcode', why: ['VideoCodecNotSupported'], mode: 'Transcode', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Firefox', media: 'mp4-hevc-ac3-aac-srt-15200k', playMethod: 'Transcode', why: ['VideoCodecNotSupported', 'AudioCodecNotSupported'], mode: 'Transcode', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Firefox', media: 'mkv-vp9-aac-srt-2600k', playMethod: 'Transcode', why: ['ContainerNotSupported'], mode: 'Remux', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Firefox', media: 'mkv-vp9-ac3-srt-2600k', playMethod: 'Transcode', why: ['ContainerNotSupported', 'AudioCodecNotSupported'], mode: 'DirectStream', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Firefox', media: 'mkv-vp9-vorbis-vtt-2600k', playMethod: 'DirectPlay', why: [], mode: 'Remux', protocol: ''}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'SafariNext', media: 'mp4-h264-aac-vtt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'SafariNext', media: 'mp4-h264-ac3-aac-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'SafariNext', media: 'mp4-h264-ac3-aacDef-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'SafariNext', media: 'mp4-h264-ac3-aacExt-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'SafariNext', media: 'mp4-h264-ac3-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'SafariNext', media: 'mp4-hevc-aac-srt-15200k', playMethod: 'Transcode', why: ['VideoCodecTagNotSupported'], mode: 'Remux', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'SafariNext', media: 'mp4-hevc-ac3-aac-srt-15200k', playMethod: 'Transcode', why: ['VideoCodecTagNotSupported', 'AudioChannelsNotSupported'], mode: 'DirectStream', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'SafariNext', media: 'mp4-hevc-ac3-aacExt-srt-15200k', playMethod: 'Transcode', why: ['VideoCodecTagNotSupported', 'AudioChannelsNotSupported'], mode: 'DirectStream', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'AndroidPixel', media: 'mp4-h264-aac-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'AndroidPixel', media: 'mp4-h264-ac3-aacDef-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'AndroidPixel', media: 'mp4-h264-ac3-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'AndroidPixel', media: 'mp4-hevc-aac-srt-15200k', playMethod: 'Transcode', why: ['ContainerBitrateExceedsLimit'], mode: 'Transcode', protocol: ''},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'AndroidPixel', media: 'mp4-hevc-ac3-aac-srt-15200k', playMethod: 'Transcode', why: ['ContainerBitrateExceedsLimit'], mode: 'Transcode', protocol: ''},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Yatse', media: 'mp4-h264-aac-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'Remux', protocol: ''}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Yatse', media: 'mp4-h264-ac3-aac-srt-2600k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Yatse', media: 'mp4-h264-ac3-aacDef-srt-2600k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Yatse', media: 'mp4-h264-ac3-srt-2600k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Yatse', media: 'mp4-hevc-aac-srt-15200k', playMethod: 'DirectPlay', why: [], mode: 'Remux', protocol: ''}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Yatse', media: 'mp4-hevc-ac3-aac-srt-15200k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'Transcode', protocol: ''}, // Full transcode because profile only has ts which does not allow hevc
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'RokuSSPlus', media: 'mp4-h264-aac-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'Remux', protocol: ''}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'RokuSSPlus', media: 'mp4-h264-ac3-aac-srt-2600k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'DirectStream', protocol: ''}, // #6450 should be DirectPlay
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'RokuSSPlus', media: 'mp4-h264-ac3-aacDef-srt-2600k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'RokuSSPlus', media: 'mp4-h264-ac3-srt-2600k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'RokuSSPlus', media: 'mp4-hevc-aac-srt-15200k', playMethod: 'DirectPlay', why: [], mode: 'Remux', protocol: ''}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'RokuSSPlus', media: 'mp4-hevc-ac3-aac-srt-15200k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'Transcode', protocol: ''}, // Full transcode because profile only has ts which does not allow hevc
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'RokuSSPlus', media: 'mp4-hevc-ac3-srt-15200k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'Transcode', protocol: ''}, // Full transcode because profile only has ts which does not allow hevc
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'JellyfinMediaPlayer', media: 'mp4-h264-aac-vtt-2600k', playMethod: 'DirectPlay', why: [], mode: 'Remux', protocol: ''}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'JellyfinMediaPlayer', media: 'mp4-h264-ac3-aac-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'Remux', protocol: ''}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'JellyfinMediaPlayer', media: 'mp4-h264-ac3-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'Remux', protocol: ''}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'JellyfinMediaPlayer', media: 'mp4-hevc-aac-srt-15200k', playMethod: 'Transcode', why: ['ContainerBitrateExceedsLimit'], mode: 'Transcode', protocol: ''}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'JellyfinMediaPlayer', media: 'mp4-hevc-ac3-aac-srt-15200k', playMethod: 'Transcode', why: ['ContainerBitrateExceedsLimit'], mode: 'Transcode', protocol: ''}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'JellyfinMediaPlayer', media: 'mkv-vp9-aac-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'JellyfinMediaPlayer', media: 'mkv-vp9-ac3-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'JellyfinMediaPlayer', media: 'mkv-vp9-vorbis-vtt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''}, // #6450
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'AndroidTVExoPlayer', media: 'mp4-h264-aac-vtt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'AndroidTVExoPlayer', media: 'mp4-h264-ac3-aac-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'AndroidTVExoPlayer', media: 'mp4-h264-ac3-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'AndroidTVExoPlayer', media: 'mp4-hevc-aac-srt-15200k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'AndroidTVExoPlayer', media: 'mp4-hevc-ac3-aac-srt-15200k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'AndroidTVExoPlayer', media: 'mkv-vp9-aac-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'AndroidTVExoPlayer', media: 'mkv-vp9-ac3-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'AndroidTVExoPlayer', media: 'mkv-vp9-vorbis-vtt-2600k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'Transcode', protocol: ''}, // Full transcode because profile only has ts which does not allow vp9
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Tizen3-stereo', media: 'mp4-h264-aac-vtt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Tizen3-stereo', media: 'mp4-h264-ac3-aac-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Tizen3-stereo', media: 'mp4-h264-ac3-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Tizen3-stereo', media: 'mp4-h264-dts-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Tizen3-stereo', media: 'mp4-hevc-aac-srt-15200k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Tizen3-stereo', media: 'mp4-hevc-ac3-aac-srt-15200k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Tizen3-stereo', media: 'mp4-hevc-truehd-srt-15200k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Tizen3-stereo', media: 'mkv-vp9-aac-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Tizen3-stereo', media: 'mkv-vp9-ac3-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Tizen3-stereo', media: 'mkv-vp9-vorbis-vtt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Tizen4-4K-5.1', media: 'mp4-h264-aac-vtt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Tizen4-4K-5.1', media: 'mp4-h264-ac3-aac-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Tizen4-4K-5.1', media: 'mp4-h264-ac3-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Tizen4-4K-5.1', media: 'mp4-h264-dts-srt-2600k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Tizen4-4K-5.1', media: 'mp4-hevc-aac-srt-15200k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Tizen4-4K-5.1', media: 'mp4-hevc-ac3-aac-srt-15200k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Tizen4-4K-5.1', media: 'mp4-hevc-truehd-srt-15200k', playMethod: 'Transcode', why: ['AudioCodecNotSupported'], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Tizen4-4K-5.1', media: 'mkv-vp9-aac-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Tizen4-4K-5.1', media: 'mkv-vp9-ac3-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemWithFirstExplicitStream', device: 'Tizen4-4K-5.1', media: 'mkv-vp9-vorbis-vtt-2600k', playMethod: 'DirectPlay', why: [], mode: 'DirectStream', protocol: ''},
  {theory: 'BuildVideoItemWithDirectPlayExplicitStreams', device: 'Chrome', media: 'mp4-h264-ac3-aac-srt-2600k', playMethod: 'Transcode', why: ['SecondaryAudioNotSupported'], mode: 'Remux', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemWithDirectPlayExplicitStreams', device: 'Chrome', media: 'mp4-h264-ac3-aac-aac-srt-2600k', playMethod: 'Transcode', why: ['SecondaryAudioNotSupported'], mode: 'Remux', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemWithDirectPlayExplicitStreams', device: 'Chrome', media: 'mp4-h264-ac3-aacExt-srt-2600k', playMethod: 'Transcode', why: ['AudioIsExternal'], mode: 'DirectStream', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemWithDirectPlayExplicitStreams', device: 'Chrome', media: 'mp4-hevc-ac3-aac-srt-15200k', playMethod: 'Transcode', why: ['SecondaryAudioNotSupported'], mode: 'Remux', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemWithDirectPlayExplicitStreams', device: 'Firefox', media: 'mp4-h264-ac3-aac-srt-2600k', playMethod: 'Transcode', why: ['SecondaryAudioNotSupported'], mode: 'Remux', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemWithDirectPlayExplicitStreams', device: 'Firefox', media: 'mp4-h264-ac3-aac-aac-srt-2600k', playMethod: 'Transcode', why: ['SecondaryAudioNotSupported'], mode: 'Remux', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemWithDirectPlayExplicitStreams', device: 'Firefox', media: 'mp4-hevc-ac3-aac-srt-15200k', playMethod: 'Transcode', why: ['VideoCodecNotSupported', 'SecondaryAudioNotSupported'], mode: 'Transcode', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemWithDirectPlayExplicitStreams', device: 'Yatse', media: 'mp4-h264-ac3-aac-srt-2600k', playMethod: 'Transcode', why: ['SecondaryAudioNotSupported'], mode: 'Remux', protocol: ''}, // #6450
  {theory: 'BuildVideoItemWithDirectPlayExplicitStreams', device: 'Yatse', media: 'mp4-h264-ac3-aac-aac-srt-2600k', playMethod: 'Transcode', why: ['SecondaryAudioNotSupported'], mode: 'Remux', protocol: ''},
  {theory: 'BuildVideoItemWithDirectPlayExplicitStreams', device: 'Yatse', media: 'mp4-hevc-ac3-aac-srt-15200k', playMethod: 'Transcode', why: ['SecondaryAudioNotSupported'], mode: 'Transcode', protocol: ''}, // Full transcode because profile only has ts which does not allow hevc
  {theory: 'BuildVideoItemWithDirectPlayExplicitStreams', device: 'RokuSSPlus', media: 'mp4-h264-ac3-aac-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'Remux', protocol: ''}, // #6450
  {theory: 'BuildVideoItemWithDirectPlayExplicitStreams', device: 'RokuSSPlus', media: 'mp4-hevc-ac3-aac-srt-15200k', playMethod: 'DirectPlay', why: [], mode: 'Remux', protocol: ''}, // #6450
  {theory: 'BuildVideoItemWithDirectPlayExplicitStreams', device: 'Chrome', media: 'no-streams', playMethod: 'Transcode', why: ['VideoCodecNotSupported'], mode: 'Transcode', protocol: 'HLS.mp4'}, // #6450
  {theory: 'BuildVideoItemWithDirectPlayExplicitStreams', device: 'AndroidTVExoPlayer', media: 'mp4-h264-ac3-aac-srt-2600k', playMethod: 'DirectPlay', why: [], mode: 'Remux', protocol: ''},
  {theory: 'BuildVideoItemWithDirectPlayExplicitStreams', device: 'AndroidTVExoPlayer', media: 'mp4-hevc-ac3-aac-srt-15200k', playMethod: 'DirectPlay', why: [], mode: 'Remux', protocol: ''},
  {theory: 'BuildVideoItemWithDirectPlayExplicitStreams', device: 'Tizen3-stereo', media: 'mp4-h264-ac3-aac-srt-2600k', playMethod: 'Transcode', why: ['SecondaryAudioNotSupported'], mode: 'Remux', protocol: ''},
  {theory: 'BuildVideoItemWithDirectPlayExplicitStreams', device: 'Tizen3-stereo', media: 'mp4-h264-ac3-aac-aac-srt-2600k', playMethod: 'Transcode', why: ['SecondaryAudioNotSupported'], mode: 'Remux', protocol: ''},
  {theory: 'BuildVideoItemWithDirectPlayExplicitStreams', device: 'Tizen3-stereo', media: 'mp4-hevc-ac3-aac-srt-15200k', playMethod: 'Transcode', why: ['SecondaryAudioNotSupported'], mode: 'Remux', protocol: ''},
  {theory: 'BuildVideoItemWithDirectPlayExplicitStreams', device: 'Tizen4-4K-5.1', media: 'mp4-h264-ac3-aac-srt-2600k', playMethod: 'Transcode', why: ['SecondaryAudioNotSupported'], mode: 'Remux', protocol: ''},
  {theory: 'BuildVideoItemWithDirectPlayExplicitStreams', device: 'Tizen4-4K-5.1', media: 'mp4-h264-ac3-aac-aac-srt-2600k', playMethod: 'Transcode', why: ['SecondaryAudioNotSupported'], mode: 'Remux', protocol: ''},
  {theory: 'BuildVideoItemWithDirectPlayExplicitStreams', device: 'Tizen4-4K-5.1', media: 'mp4-hevc-ac3-aac-srt-15200k', playMethod: 'Transcode', why: ['SecondaryAudioNotSupported'], mode: 'Remux', protocol: ''},
  {theory: 'BuildVideoItemWithDirectPlayExplicitStreams', device: 'TranscodeMedia', media: 'mp4-h264-ac3-aac-srt-2600k', playMethod: 'Transcode', why: ['DirectPlayError'], mode: 'Remux', protocol: 'HLS.mp4'},
  {theory: 'BuildVideoItemWithDirectPlayExplicitStreams', device: 'TranscodeMedia', media: 'mp4-h264-ac3-aac-mp3-srt-2600k', playMethod: 'Transcode', why: ['DirectPlayError'], mode: 'Remux', protocol: 'HLS.ts'},
];
