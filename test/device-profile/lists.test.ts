import { describe, expect, it } from 'vitest';
import {
  admitReason,
  listAllows,
  listContainsAny,
  neverMatchSuggestion,
  normalizeProbedContainer,
  parseList,
  splitList,
} from '../../src/device-profile/lists.js';

describe('ContainerHelper.ContainsContainer list semantics', () => {
  it('ContainerHelper: comma-separated tokens match exactly, ignoring case', () => {
    expect(listAllows('ts,MKV,avi', 'mkv')).toBe(true);
    expect(listAllows('ts,avi', 'mkv')).toBe(false);
    expect(listAllows('mkv', 'mk')).toBe(false);
  });

  it('ContainerHelper: no trimming, so "ts, mkv" has the token " mkv" that never matches', () => {
    expect(listAllows('ts, mkv', 'mkv')).toBe(false);
  });

  it('ContainerHelper: an empty or missing list matches everything', () => {
    expect(listAllows('', 'mkv')).toBe(true);
    expect(listAllows(undefined, 'hevc')).toBe(true);
    expect(admitReason('', 'mkv')).toBe('empty-list');
  });

  it("ContainerHelper: a leading '-' makes a deny-list", () => {
    expect(listAllows('-mkv', 'mkv')).toBe(false);
    expect(listAllows('-mkv', 'mp4')).toBe(true);
    expect(listAllows('-avi', 'mkv')).toBe(true);
    expect(admitReason('-avi', 'mkv')).toBe('deny-list-misses-it');
    expect(listAllows('-', 'mkv')).toBe(true);
    expect(parseList('-mkv,,AVI')).toEqual({ deny: true, tokens: ['mkv', 'avi'], all: false });
  });

  it('ContainerHelper: any token of a comma input matches (ffprobe mp4 is "mov,mp4,m4a,3gp,3g2,mj2")', () => {
    expect(listAllows('mp4', 'mov,mp4,m4a,3gp,3g2,mj2')).toBe(true);
    expect(listAllows('-mp4', 'mov,mp4,m4a,3gp,3g2,mj2')).toBe(false);
  });

  it('ContainerHelper: an empty input matches only a deny-list (returns isNegativeList)', () => {
    expect(listAllows('', '')).toBe(false);
    expect(listAllows('-mkv', undefined)).toBe(true);
  });
});

describe('ContainerHelper.Split', () => {
  it('ContainerHelper.Split: comma tokens as written (case kept, no trimming), empty entries removed', () => {
    expect(splitList('h264,,HEVC, vp9')).toEqual(['h264', 'HEVC', ' vp9']);
    expect(splitList('')).toEqual([]);
    expect(splitList(undefined)).toEqual([]);
    expect(splitList(',')).toEqual([]);
  });
});

describe('CodecProfile.ContainsAnyCodec codec list semantics', () => {
  it('CodecProfile.ContainsAnyCodec: any token of the input listed, ignoring case', () => {
    expect(listContainsAny('h264,HEVC', 'hevc')).toBe(true);
    expect(listContainsAny('h264', 'HEVC,h264')).toBe(true);
    expect(listContainsAny('h264', 'hevc')).toBe(false);
  });

  it("CodecProfile.ContainsAnyCodec: a leading '-' is no deny-list here (unlike ContainsContainer)", () => {
    expect(listContainsAny('-hevc', 'hevc')).toBe(false);
    expect(listContainsAny('-hevc', 'h264')).toBe(false);
    expect(listContainsAny('-hevc', '-hevc')).toBe(true);
    expect(listAllows('-hevc', 'h264')).toBe(true);
  });

  it('CodecProfile.ContainsAnyCodec: an empty codec list applies to every codec, a missing one included', () => {
    expect(listContainsAny('', 'hevc')).toBe(true);
    expect(listContainsAny(undefined, undefined)).toBe(true);
    expect(listContainsAny('h264', undefined)).toBe(false);
    expect(listContainsAny(',', 'h264')).toBe(false);
  });
});

describe('ProbeResultNormalizer.NormalizeFormat: tokens that can never match', () => {
  it('ProbeResultNormalizer: matroska -> mkv, mpegts -> ts, mpegvideo -> mpeg', () => {
    expect(normalizeProbedContainer('matroska,webm')).toBe('mkv,webm');
    expect(normalizeProbedContainer('mpegts')).toBe('ts');
    expect(neverMatchSuggestion('matroska', 'container')).toBe('mkv');
    expect(neverMatchSuggestion('MPEGTS', 'container')).toBe('ts');
    expect(neverMatchSuggestion('mkv', 'container')).toBeUndefined();
  });

  it('codec names are ffprobe codec_name: h265, x265, hevc10 never match; hevc does', () => {
    for (const t of ['h265', 'x265', 'hevc10', 'H.265']) expect(neverMatchSuggestion(t, 'codec')).toBe('hevc');
    expect(neverMatchSuggestion('x264', 'codec')).toBe('h264');
    expect(neverMatchSuggestion('hevc', 'codec')).toBeUndefined();
    expect(neverMatchSuggestion('h264', 'codec')).toBeUndefined();
    expect(neverMatchSuggestion(' hevc', 'codec')).toBe('hevc');
  });
});
