import { describe, expect, it } from 'vitest';
import { decidePlayback } from '../../src/playback/decide.js';
import { checkPolicy } from '../../src/playback/policy.js';
import { DEFAULT_POLICY } from '../../src/device-profile/model.js';
import { ProfileConditionError } from '../../src/playback/conditions.js';
import { codecProfile, cond, containerProfile, dp, h264Only, profile, sub, tp } from './build-profile.js';
import { MP4, audioStream, movie } from './facts-fixtures.js';

const everything = profile({
  name: 'Generic Device',
  directPlayProfiles: [dp('Video', ''), dp('Audio', '')],
  transcodingProfiles: [tp('Audio', 'mp3', '', 'mp3'), tp('Video', 'ts', 'h264', 'aac')],
});

describe('StreamBuilder video decisions', () => {
  it('StreamBuilder: an empty DirectPlayProfile container/codec list allows everything (HEVC in mkv direct-plays)', () => {
    const d = decidePlayback(movie('mkv', { video: { codec: 'hevc', bitDepth: 10 } }), everything);
    expect(d.playMethod).toBe('DirectPlay');
    expect(d.reasons).toEqual([]);
    expect(d.servesOriginalFile).toBe(true);
    expect(checkPolicy(movie('mkv', { video: { codec: 'hevc' } }), d, DEFAULT_POLICY).denied).toBe(true);
  });

  it('StreamBuilder: an H.264 mp4 matching a DirectPlayProfile direct-plays; any mp4-family token matches "mp4"', () => {
    const d = decidePlayback(movie(MP4), h264Only());
    expect(d.playMethod).toBe('DirectPlay');
    expect(d.container).toBe('mp4'); // NormalizeMediaSourceFormatIntoSingleContainer
    expect(d.directPlayProfile?.container).toBe('mp4,m4v,ts');
    expect(checkPolicy(movie(MP4), d, DEFAULT_POLICY).denied).toBe(false);
  });

  it('StreamBuilder: an unsupported video codec (hevc) fails VideoCodecNotSupported and transcodes to the TranscodingProfile, video encoded', () => {
    const facts = movie('mkv', { video: { codec: 'hevc', profile: 'Main 10', bitDepth: 10, level: 150 } });
    const d = decidePlayback(facts, h264Only());
    expect(d.playMethod).toBe('Transcode');
    expect(d.reasons).toEqual(['ContainerNotSupported', 'VideoCodecNotSupported']);
    expect(d.transcode).toMatchObject({
      container: 'ts',
      videoCodec: 'h264',
      audioCodec: 'aac',
      videoAction: 'encode',
    });
    expect(d.servesOriginalFile).toBe(false);
    const verdict = checkPolicy(facts, d, DEFAULT_POLICY);
    expect(verdict.denied).toBe(false); // trap closed: the TV gets h264 in ts
    expect(verdict.delivered).toEqual({ container: 'ts', videoCodec: 'h264', audioCodec: 'aac' });
  });

  it('StreamBuilder DirectStreamReasons: h264 in mkv with mkv merely missing from the containers is a Direct Stream (the DLNA trap: original mkv served)', () => {
    const facts = movie('mkv');
    const d = decidePlayback(facts, h264Only());
    expect(d.playMethod).toBe('DirectStream');
    expect(d.reasons).toEqual(['ContainerNotSupported']);
    expect(d.servesOriginalFile).toBe(true);
    expect(d.container).toBe('mkv');
    expect(d.transcode?.videoAction).toBe('copy');
    const verdict = checkPolicy(facts, d, DEFAULT_POLICY);
    expect(verdict.denied).toBe(true);
    expect(verdict.problems[0]).toMatch(
      /container mkv reaches the TV: the original file is served \(DLNA Direct Stream trap/,
    );
  });

  it('StreamBuilder: a deny-list container ("-mkv") rejects mkv and accepts everything else', () => {
    const p = h264Only({ directPlayProfiles: [dp('Video', '-mkv', 'h264', '')] });
    expect(decidePlayback(movie('mkv'), p).playMethod).toBe('DirectStream');
    expect(decidePlayback(movie('avi'), p).playMethod).toBe('DirectPlay');
  });

  it('StreamBuilder.IsBitrateLimitExceeded: a file above MaxStreamingBitrate skips direct play and transcodes (ContainerBitrateExceedsLimit)', () => {
    const facts = movie(MP4, { bitrate: 30_000_000, video: { bitRate: 29_000_000 } });
    const d = decidePlayback(facts, h264Only({ maxStreamingBitrate: 20_000_000 }));
    expect(d.playMethod).toBe('Transcode');
    expect(d.reasons).toEqual(['ContainerBitrateExceedsLimit']);
    // Honor max rate: video gets the cap minus the audio bitrate; the source is above it, so it is encoded.
    expect(d.transcode?.videoBitrate).toBe(20_000_000 - 192_000);
    expect(d.transcode?.videoAction).toBe('encode');
    expect(d.transcode?.encodeBecause).toMatch(/bitrate/);
  });

  it('StreamBuilder.IsBitrateLimitExceeded: an unknown item bitrate counts as 40 Mbit/s', () => {
    const facts = movie(MP4, { bitrate: undefined, video: { bitRate: undefined } });
    expect(decidePlayback(facts, h264Only({ maxStreamingBitrate: 50_000_000 })).playMethod).toBe('DirectPlay');
    const d = decidePlayback(facts, h264Only({ maxStreamingBitrate: 30_000_000 }));
    expect(d.reasons).toContain('ContainerBitrateExceedsLimit');
    expect(d.itemBitrate).toBe(40_000_000);
    expect(d.notes.join(' ')).toMatch(/counts it as 40 Mbit\/s/);
  });

  it('StreamBuilder: an audio codec the DirectPlayProfile lacks is a direct-stream reason (AudioCodecNotSupported)', () => {
    const facts = movie(MP4, { audio: [audioStream({ codec: 'dts', channels: 6 })] });
    const d = decidePlayback(facts, h264Only());
    expect(d.playMethod).toBe('DirectStream');
    expect(d.reasons).toEqual(['AudioCodecNotSupported']);
    expect(d.servesOriginalFile).toBe(true);
    expect(d.transcode?.audioAction).toBe('encode');
  });

  it('ConditionProcessor via CodecProfile: VideoBitDepth LessThanEqual 8 fails a 10-bit h264 (VideoBitDepthNotSupported) and transcodes', () => {
    const p = h264Only({
      codecProfiles: [codecProfile('Video', 'h264', [cond('LessThanEqual', 'VideoBitDepth', '8')])],
    });
    const d = decidePlayback(movie(MP4, { video: { bitDepth: 10, profile: 'High 10' } }), p);
    expect(d.playMethod).toBe('Transcode');
    expect(d.reasons).toEqual(['VideoBitDepthNotSupported']);
    expect(d.transcode?.videoAction).toBe('encode');
    expect(d.transcode?.encodeBecause).toMatch(/bit depth 10 is above 8/);
  });

  it('StreamBuilder: CodecProfile ApplyConditions gate the Conditions (a Width limit applied only to High profile)', () => {
    const limit = codecProfile(
      'Video',
      'h264',
      [cond('LessThanEqual', 'Width', '1280')],
      [cond('Equals', 'VideoProfile', 'High')],
    );
    const p = h264Only({ codecProfiles: [limit] });
    expect(decidePlayback(movie(MP4, { video: { profile: 'Main' } }), p).playMethod).toBe('DirectPlay');
    const d = decidePlayback(movie(MP4, { video: { profile: 'High' } }), p);
    expect(d.reasons).toEqual(['VideoResolutionNotSupported']);
    expect(d.transcode?.maxWidth).toBe(1280);
  });

  it('ConditionProcessor: an unknown value satisfies a condition unless isRequired', () => {
    const optional = h264Only({
      codecProfiles: [codecProfile('Video', 'h264', [cond('LessThanEqual', 'VideoLevel', '41', false)])],
    });
    const required = h264Only({
      codecProfiles: [codecProfile('Video', 'h264', [cond('LessThanEqual', 'VideoLevel', '41', true)])],
    });
    const facts = movie(MP4, { video: { level: undefined } });
    expect(decidePlayback(facts, optional).playMethod).toBe('DirectPlay');
    expect(decidePlayback(facts, required).reasons).toEqual(['VideoLevelNotSupported']);
  });

  it('StreamBuilder: ContainerProfile conditions apply to matching containers only', () => {
    const p = h264Only({
      containerProfiles: [containerProfile('Video', 'ts', [cond('LessThanEqual', 'Height', '720')])],
    });
    expect(decidePlayback(movie(MP4), p).playMethod).toBe('DirectPlay');
    expect(decidePlayback(movie('ts'), p).reasons).toEqual(['VideoResolutionNotSupported']);
  });

  it('StreamBuilder: VideoAudio CodecProfile conditions are audio reasons, so they only cost a Direct Stream', () => {
    const p = h264Only({
      codecProfiles: [codecProfile('VideoAudio', 'aac', [cond('LessThanEqual', 'AudioChannels', '2')])],
    });
    const d = decidePlayback(movie(MP4, { audio: [audioStream({ channels: 6 })] }), p);
    expect(d.playMethod).toBe('DirectStream');
    expect(d.reasons).toEqual(['AudioChannelsNotSupported']);
  });

  it('StreamBuilder: VideoRangeType EqualsAny SDR rejects HDR10 (VideoRangeTypeNotSupported)', () => {
    const p = h264Only({
      codecProfiles: [codecProfile('Video', 'h264', [cond('EqualsAny', 'VideoRangeType', 'SDR')])],
    });
    const d = decidePlayback(movie(MP4, { video: { videoRange: 'HDR', videoRangeType: 'HDR10' } }), p);
    expect(d.reasons).toEqual(['VideoRangeTypeNotSupported']);
    expect(d.playMethod).toBe('Transcode');
  });

  it('StreamBuilder: a profile with no video DirectPlayProfile reports DirectPlayError and transcodes', () => {
    const p = profile({ transcodingProfiles: [tp('Video', 'ts', 'h264', 'aac')] });
    const d = decidePlayback(movie(MP4), p);
    expect(d.reasons).toEqual(['DirectPlayError']);
    expect(d.playMethod).toBe('Transcode');
  });

  it('EncodingHelper.CanStreamCopyVideo: an h264 source transcoded to h264 (audio reason only, above cap) copies the video when within the limits', () => {
    const facts = movie('mkv', { bitrate: 25_000_000, video: { bitRate: 5_000_000 } });
    const d = decidePlayback(facts, h264Only({ maxStreamingBitrate: 20_000_000 }));
    expect(d.playMethod).toBe('Transcode');
    expect(d.transcode?.videoAction).toBe('copy');
    expect(d.transcode?.videoCodec).toBe('h264');
  });

  it('StreamBuilder: no Video TranscodingProfile leaves nothing to transcode to, and the policy flags it', () => {
    const p = profile({ directPlayProfiles: [dp('Video', 'mp4', 'h264')] });
    const facts = movie('mkv', { video: { codec: 'hevc' } });
    const d = decidePlayback(facts, p);
    expect(d.playMethod).toBe('Transcode');
    expect(d.transcode).toBeUndefined();
    expect(checkPolicy(facts, d, DEFAULT_POLICY).denied).toBe(true);
  });

  it('StreamBuilder.GetSubtitleProfile: a forced PGS subtitle with no Embed/External profile is burned in (SubtitleCodecNotSupported)', () => {
    const facts = movie(MP4, {
      subtitles: [{ index: 2, codec: 'PGSSUB', isExternal: false, isDefault: false, isForced: true, isText: false }],
    });
    const d = decidePlayback(facts, h264Only({ subtitleProfiles: [sub('srt', 'External')] }));
    expect(d.reasons).toEqual(['SubtitleCodecNotSupported']);
    expect(d.playMethod).toBe('Transcode');
    expect(d.subtitle?.method).toBe('Encode');
    expect(d.transcode?.videoAction).toBe('encode');
  });

  it('StreamBuilder.GetSubtitleProfile: an external .srt (codec subrip) is delivered External through conversion to "srt"', () => {
    const facts = movie(MP4, {
      subtitles: [
        {
          index: 2,
          codec: 'subrip',
          isExternal: true,
          path: '/m/movie.en.default.srt',
          isDefault: true,
          isForced: false,
          isText: true,
        },
      ],
    });
    const d = decidePlayback(facts, h264Only({ subtitleProfiles: [sub('srt', 'External')] }));
    expect(d.playMethod).toBe('DirectPlay');
    expect(d.subtitle).toMatchObject({ method: 'External', format: 'srt' });
  });

  it('ConditionProcessor: LessThanEqual on a text property throws in Jellyfin; the engine raises ProfileConditionError', () => {
    const p = h264Only({
      codecProfiles: [codecProfile('Video', 'h264', [cond('LessThanEqual', 'VideoProfile', 'High')])],
    });
    expect(() => decidePlayback(movie(MP4), p)).toThrow(ProfileConditionError);
  });

  it('StreamBuilder ranking: among failing DirectPlayProfiles the container-only failure is preferred (Direct Stream over Transcode)', () => {
    const p = h264Only({
      directPlayProfiles: [dp('Video', 'mkv', 'mpeg4', 'aac'), dp('Video', 'mp4', 'h264', 'aac')],
    });
    const d = decidePlayback(movie('mkv'), p);
    expect(d.playMethod).toBe('DirectStream');
    expect(d.directPlayProfile?.container).toBe('mp4');
  });
});

describe('StreamBuilder audio decisions', () => {
  const song = (container: string, codec: string) => ({
    path: `/music/a.${container}`,
    container,
    bitrate: 320_000,
    isAudioOnly: true,
    audio: [audioStream({ index: 0, codec, bitRate: 320_000 })],
    subtitles: [],
    videoStreamCount: 0,
  });

  it('StreamBuilder.GetAudioDirectPlayProfile: an mp3 matching an Audio DirectPlayProfile direct-plays', () => {
    const d = decidePlayback(song('mp3', 'mp3'), h264Only());
    expect(d.mediaType).toBe('Audio');
    expect(d.playMethod).toBe('DirectPlay');
  });

  it('StreamBuilder: an audio codec the profile lacks transcodes to the Audio TranscodingProfile at MusicStreamingTranscodingBitrate', () => {
    const d = decidePlayback(song('ogg', 'vorbis'), h264Only());
    expect(d.playMethod).toBe('Transcode');
    expect(d.reasons).toEqual(['ContainerNotSupported', 'AudioCodecNotSupported']);
    expect(d.transcode).toMatchObject({ container: 'mp3', audioCodec: 'mp3', audioBitrate: 192_000 });
  });
});
