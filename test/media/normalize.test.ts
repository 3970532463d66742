import { describe, expect, it } from 'vitest';
import { NotMediaError, normalizeProbe } from '../../src/media/normalize.js';
import { findSidecarSubtitles } from '../../src/media/sidecar-subtitles.js';
import type { ProbeResult, ProbeStream } from '../../src/media/ffprobe-types.js';

// Recorded shapes of `ffprobe -print_format json -show_streams -show_format`
// (trimmed to the fields the normaliser reads).
const hevc10Mkv: ProbeResult = {
  streams: [
    {
      index: 0,
      codec_name: 'hevc',
      profile: 'Main 10',
      codec_type: 'video',
      codec_tag_string: '[0][0][0][0]',
      width: 3840,
      height: 2160,
      sample_aspect_ratio: '1:1',
      display_aspect_ratio: '16:9',
      pix_fmt: 'yuv420p10le',
      level: 153,
      field_order: 'progressive',
      refs: 1,
      r_frame_rate: '24000/1001',
      avg_frame_rate: '24000/1001',
      color_transfer: 'smpte2084',
      color_primaries: 'bt2020',
      disposition: { default: 1, forced: 0 },
      tags: { BPS: '18000000', DURATION: '01:40:00.000000000', language: 'eng' },
    },
    {
      index: 1,
      codec_name: 'eac3',
      codec_type: 'audio',
      codec_tag_string: '[0][0][0][0]',
      sample_rate: '48000',
      channels: 6,
      channel_layout: '5.1(side)',
      disposition: { default: 1 },
      tags: { language: 'eng' },
    },
    {
      index: 2,
      codec_name: 'hdmv_pgs_subtitle',
      codec_type: 'subtitle',
      disposition: { default: 0, forced: 1 },
      tags: { language: 'eng' },
    },
    {
      index: 3,
      codec_name: 'subrip',
      codec_type: 'subtitle',
      disposition: { default: 0, forced: 0 },
      tags: { language: 'fre' },
    },
    { index: 4, codec_type: 'subtitle', disposition: {} },
  ],
  format: { format_name: 'matroska,webm', duration: '6000.000000', size: '14000000000', bit_rate: '18666666' },
};

const h264Mp4: ProbeResult = {
  streams: [
    {
      index: 0,
      codec_name: 'h264',
      profile: 'High',
      codec_type: 'video',
      codec_tag_string: 'avc1',
      width: 1920,
      height: 1080,
      sample_aspect_ratio: '1:1',
      display_aspect_ratio: '16:9',
      pix_fmt: 'yuv420p',
      level: 41,
      field_order: 'progressive',
      is_avc: 'true',
      refs: 1,
      r_frame_rate: '25/1',
      avg_frame_rate: '25/1',
      bits_per_raw_sample: '8',
      bit_rate: '4800000',
      disposition: { default: 1 },
    },
    {
      index: 1,
      codec_name: 'aac',
      profile: 'LC',
      codec_type: 'audio',
      codec_tag_string: 'mp4a',
      sample_rate: '48000',
      channels: 2,
      bit_rate: '192000',
      disposition: { default: 1 },
    },
  ],
  format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '60.0', size: '37500000', bit_rate: '5000000' },
};

function withVideo(patch: ProbeStream, formatName = 'matroska,webm'): ProbeResult {
  return {
    streams: [{ index: 0, codec_name: 'h264', codec_type: 'video', width: 1920, height: 1080, ...patch }],
    format: { format_name: formatName, bit_rate: '1000000' },
  };
}

describe('ProbeResultNormalizer (recorded ffprobe JSON)', () => {
  it('NormalizeFormat: matroska,webm with an HEVC stream is "mkv" (webm kept only for WebM codecs)', () => {
    const f = normalizeProbe(hevc10Mkv, { path: '/m/a.mkv' });
    expect(f.container).toBe('mkv');
    expect(normalizeProbe(withVideo({ codec_name: 'vp9' }), { path: 'x' }).container).toBe('mkv,webm');
  });

  it('NormalizeFormat: mp4 keeps the whole mov family list; mpegts -> ts; mpegvideo -> mpeg', () => {
    expect(normalizeProbe(h264Mp4, { path: 'x' }).container).toBe('mov,mp4,m4a,3gp,3g2,mj2');
    expect(normalizeProbe(withVideo({}, 'mpegts'), { path: 'x' }).container).toBe('ts');
    expect(normalizeProbe(withVideo({ codec_name: 'mpeg1video' }, 'mpegvideo'), { path: 'x' }).container).toBe('mpeg');
  });

  it('GetMediaStream: codec, profile, level, bit depth (from pix_fmt), size, frame rate, HDR10 from smpte2084', () => {
    const v = normalizeProbe(hevc10Mkv, { path: 'x' }).video!;
    expect(v).toMatchObject({
      codec: 'hevc',
      profile: 'Main 10',
      level: 153,
      bitDepth: 10,
      width: 3840,
      height: 2160,
      isInterlaced: false,
      isAnamorphic: false,
      videoRange: 'HDR',
      videoRangeType: 'HDR10',
      language: 'eng',
    });
    expect(v.codecTag).toBeUndefined(); // "[0][0][0][0]" is junk
    expect(v.averageFrameRate).toBeCloseTo(23.976, 3);
  });

  it('GetMediaStream: a video stream without bit_rate takes the container bitrate before the BPS tag; audio gets the estimate (eac3 5.1 = 640k)', () => {
    const f = normalizeProbe(hevc10Mkv, { path: 'x' });
    expect(f.video!.bitRate).toBe(18_666_666);
    expect(f.audio[0]).toMatchObject({
      codec: 'eac3',
      channels: 6,
      sampleRate: 48000,
      bitRate: 640_000,
      isDefault: true,
    });
    // container bitrate == video bitrate, so Jellyfin sums the streams (InferTotalBitrate)
    expect(f.bitrate).toBe(18_666_666 + 640_000);
  });

  it('GetMediaStream: with no container bitrate the BPS tag, then NUMBER_OF_BYTES/DURATION, give the stream bitrate', () => {
    const bps = normalizeProbe(
      {
        streams: [{ codec_name: 'h264', codec_type: 'video', tags: { 'BPS-eng': '5000000' } }],
        format: { format_name: 'matroska,webm' },
      },
      { path: 'x' },
    );
    expect(bps.video!.bitRate).toBe(5_000_000);
    const bytes = normalizeProbe(
      {
        streams: [
          {
            codec_name: 'h264',
            codec_type: 'video',
            tags: { NUMBER_OF_BYTES: '1000000', DURATION: '00:00:08.000000000' },
          },
        ],
        format: { format_name: 'matroska,webm' },
      },
      { path: 'x' },
    );
    expect(bytes.video!.bitRate).toBe(1_000_000);
  });

  it('GetMediaInfo: when the container bitrate equals the video bitrate it is replaced by the sum of the streams', () => {
    const probe: ProbeResult = {
      streams: [
        { index: 0, codec_name: 'hevc', codec_type: 'video', width: 320, height: 240 },
        { index: 1, codec_name: 'ac3', codec_type: 'audio', channels: 1, sample_rate: '44100', bit_rate: '96000' },
      ],
      format: { format_name: 'matroska,webm', bit_rate: '178518' },
    };
    const f = normalizeProbe(probe, { path: 'x' });
    expect(f.video!.bitRate).toBe(178_518); // the container's, as Jellyfin takes it
    expect(f.bitrate).toBe(178_518 + 96_000);
  });

  it('GetMediaStream: subtitles are renamed (hdmv_pgs_subtitle -> PGSSUB), flagged text or not, codec-less ones dropped', () => {
    const subs = normalizeProbe(hevc10Mkv, { path: 'x' }).subtitles;
    expect(subs.map((s) => [s.codec, s.isText, s.isForced, s.language])).toEqual([
      ['PGSSUB', false, true, 'eng'],
      ['subrip', true, false, 'fre'],
    ]);
  });

  it('MediaStream.GetVideoColorRange: HLG, Dolby Vision profile 8.1 -> DOVIWithHDR10, profile 5 -> DOVI, plain -> SDR', () => {
    const range = (s: ProbeStream) => normalizeProbe(withVideo(s), { path: 'x' }).video!.videoRangeType;
    expect(range({ color_transfer: 'arib-std-b67' })).toBe('HLG');
    expect(
      range({
        codec_name: 'hevc',
        side_data_list: [
          {
            side_data_type: 'DOVI configuration record',
            dv_profile: 8,
            rpu_present_flag: 1,
            bl_present_flag: 1,
            dv_bl_signal_compatibility_id: 1,
          },
        ],
      }),
    ).toBe('DOVIWithHDR10');
    // fluent-ffmpeg flattens side data into the stream and turns numeric text into numbers
    expect(
      range({
        codec_name: 'hevc',
        dv_profile: 5,
        rpu_present_flag: 1,
        bl_present_flag: 1,
        dv_bl_signal_compatibility_id: 0,
      }),
    ).toBe('DOVI');
    expect(range({})).toBe('SDR');
  });

  it('GetMediaStream: interlaced when field_order is not progressive; anamorphic when SAR is not 1:1', () => {
    const v = normalizeProbe(
      withVideo({ field_order: 'tt', sample_aspect_ratio: '4:3', display_aspect_ratio: '16:9' }),
      { path: 'x' },
    ).video!;
    expect(v.isInterlaced).toBe(true);
    expect(v.isAnamorphic).toBe(true);
    const square = normalizeProbe(withVideo({ sample_aspect_ratio: '0:1', display_aspect_ratio: '16:9' }), {
      path: 'x',
    }).video!;
    expect(square.isAnamorphic).toBe(false); // SAR unknown, DAR agrees with the pixel size
  });

  it('accepts fluent-ffmpeg shapes: numbers as numbers, "N/A" as unknown', () => {
    const f = normalizeProbe(
      {
        streams: [
          {
            index: 0,
            codec_name: 'h264',
            codec_type: 'video',
            width: 1280,
            height: 720,
            bit_rate: 'N/A',
            level: 31,
            avg_frame_rate: '30000/1001',
            is_avc: 'true',
          },
          { index: 1, codec_name: 'aac', codec_type: 'audio', channels: 2, sample_rate: 44100, bit_rate: 128000 },
        ],
        format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', bit_rate: 2_000_000, duration: 12.5 },
      },
      { path: 'x' },
    );
    expect(f.video).toMatchObject({ bitRate: 2_000_000, level: 31, isAvc: true });
    expect(f.audio[0]).toMatchObject({ sampleRate: 44100, bitRate: 128000 });
    expect(f.durationSeconds).toBe(12.5);
  });

  it('an mjpeg stream without a codec tag is cover art, so an mp3 with a picture is an audio item', () => {
    const f = normalizeProbe(
      {
        streams: [
          { index: 0, codec_name: 'mp3', codec_type: 'audio', channels: 2, sample_rate: '44100', bit_rate: '320000' },
          {
            index: 1,
            codec_name: 'mjpeg',
            codec_type: 'video',
            codec_tag_string: '[0][0][0][0]',
            disposition: { attached_pic: 1 },
          },
        ],
        format: { format_name: 'mp3', bit_rate: '320000' },
      },
      { path: 'x' },
    );
    expect(f.isAudioOnly).toBe(true);
    expect(f.video).toBeUndefined();
    expect(f.container).toBe('mp3');
  });

  it('not media: no streams, a lone picture, or a text file read as tty -> NotMediaError', () => {
    expect(() => normalizeProbe({ streams: [], format: { format_name: 'mp3' } }, { path: 'x' })).toThrow(NotMediaError);
    expect(() =>
      normalizeProbe(
        { streams: [{ codec_name: 'png', codec_type: 'video' }], format: { format_name: 'png_pipe' } },
        { path: 'x' },
      ),
    ).toThrow(NotMediaError);
    expect(() =>
      normalizeProbe(
        { streams: [{ codec_name: 'ansi', codec_type: 'video' }], format: { format_name: 'tty' } },
        { path: 'x' },
      ),
    ).toThrow(/text/);
    expect(() => normalizeProbe(null as unknown as ProbeResult, { path: 'x' })).toThrow(NotMediaError);
  });

  it('hostile values never throw anything but NotMediaError', () => {
    const junk: unknown[] = [
      { streams: 'x' },
      { streams: [null, 1, 'a'] },
      {
        streams: [
          { codec_type: 'video', codec_name: {}, width: 'wide', tags: 5, disposition: 'yes', side_data_list: 'no' },
        ],
        format: 7,
      },
      {
        streams: [{ codec_type: 'audio', codec_name: 'aac', bit_rate: '99999999999999' }],
        format: { bit_rate: '-5', format_name: '' },
      },
    ];
    for (const j of junk) {
      try {
        const f = normalizeProbe(j as ProbeResult, { path: 'x' });
        expect(f.audio.length + (f.video ? 1 : 0)).toBeGreaterThan(0);
      } catch (err) {
        expect(err).toBeInstanceOf(NotMediaError);
      }
    }
  });
});

describe('external subtitles (ExternalPathParser)', () => {
  it('finds sidecars with the same base name, reads language and forced/default tokens, names codecs as ffprobe does', () => {
    const subs = findSidecarSubtitles(
      '/media/Movie (2020).mkv',
      [
        'Movie (2020).mkv',
        'Movie (2020).en.srt',
        'Movie (2020).de.forced.ass',
        'Movie (2020).vtt',
        'Other.srt',
        'Movie (2020).nfo',
      ],
      3,
    );
    expect(subs.map((s) => [s.codec, s.language, s.isForced, s.isExternal, s.index])).toEqual([
      ['ass', 'de', true, true, 3],
      ['subrip', 'en', false, true, 4],
      ['webvtt', undefined, false, true, 5],
    ]);
    expect(subs[1]!.path).toBe('/media/Movie (2020).en.srt');
  });

  it('normalizeProbe numbers sidecar streams after the embedded ones', () => {
    const f = normalizeProbe(h264Mp4, {
      path: '/m/a.mp4',
      externalSubtitles: findSidecarSubtitles('/m/a.mp4', ['a.srt'], 0),
    });
    expect(f.subtitles).toEqual([
      expect.objectContaining({ codec: 'subrip', isExternal: true, index: 2, isText: true }),
    ]);
  });
});
