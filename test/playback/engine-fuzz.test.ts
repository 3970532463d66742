import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { corpusDir } from '../profile/corpus.js';
import { parseProfile } from '../../src/device-profile/parse.js';
import { decidePlayback } from '../../src/playback/decide.js';
import { ProfileConditionError } from '../../src/playback/conditions.js';
import { normalizeProbe, NotMediaError } from '../../src/media/normalize.js';
import type { MediaFacts } from '../../src/media/facts.js';
import type { DeviceProfile } from '../../src/device-profile/model.js';

// A small deterministic PRNG so failures reproduce.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

const CONTAINERS = ['mkv', 'mkv,webm', 'mov,mp4,m4a,3gp,3g2,mj2', 'ts', 'avi', 'asf', 'mpeg', '', 'flac', 'mp3'];
const VCODECS = ['h264', 'hevc', 'mpeg2video', 'mpeg4', 'vp9', 'av1', 'vc1', ''];
const ACODECS = ['aac', 'ac3', 'eac3', 'dts', 'mp3', 'flac', 'opus', 'truehd'];

function randomFacts(r: () => number): MediaFacts {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
  const maybe = <T>(v: T): T | undefined => (r() < 0.2 ? undefined : v);
  const audioOnly = r() < 0.15;
  const audio = Array.from({ length: Math.floor(r() * 3) + (audioOnly ? 1 : 0) }, (_, i) => ({
    index: i + 1,
    codec: pick(ACODECS),
    channels: maybe(pick([1, 2, 6, 8])),
    sampleRate: maybe(48000),
    bitRate: maybe(Math.floor(r() * 2e6)),
    isDefault: r() < 0.5,
    isExternal: r() < 0.05,
    language: maybe(pick(['eng', 'fre'])),
    profile: maybe('LC'),
  }));
  return {
    path: '/m/x',
    container: maybe(pick(CONTAINERS)),
    bitrate: maybe(Math.floor(r() * 1.5e8)),
    isAudioOnly: audioOnly,
    video: audioOnly
      ? undefined
      : {
          index: 0,
          codec: pick(VCODECS),
          profile: maybe(pick(['High', 'Main', 'Main 10', 'High 10'])),
          level: maybe(pick([30, 41, 51, 150, 153])),
          bitDepth: maybe(pick([8, 10, 12])),
          width: maybe(pick([720, 1920, 3840])),
          height: maybe(pick([480, 1080, 2160])),
          averageFrameRate: maybe(pick([23.976, 25, 50, 60])),
          bitRate: maybe(Math.floor(r() * 1e8)),
          isInterlaced: r() < 0.1,
          isAnamorphic: maybe(r() < 0.1),
          isAvc: maybe(r() < 0.8),
          refFrames: maybe(4),
          videoRange: 'SDR',
          videoRangeType: pick(['SDR', 'HDR10', 'HLG', 'DOVI', 'DOVIWithHDR10', 'Unknown'] as const),
          isDefault: true,
        },
    audio,
    subtitles:
      r() < 0.3
        ? [
            {
              index: 9,
              codec: pick(['subrip', 'ass', 'PGSSUB', 'webvtt', 'DVDSUB']),
              isExternal: r() < 0.5,
              isDefault: r() < 0.5,
              isForced: r() < 0.5,
              isText: r() < 0.6,
            },
          ]
        : [],
    videoStreamCount: audioOnly ? 0 : 1,
  };
}

describe('engine fuzz (random facts x corpus and curated profiles)', () => {
  it('every decision is consistent and only a profile error can throw', async () => {
    const dirs = [corpusDir, path.join(repoRoot, 'profiles')];
    const profiles: DeviceProfile[] = [];
    for (const dir of dirs) {
      for (const name of (await fs.readdir(dir)).filter((n) => n.endsWith('.xml'))) {
        profiles.push(parseProfile(await fs.readFile(path.join(dir, name), 'utf8')));
      }
    }
    const r = rng(42);
    for (let i = 0; i < 3000; i++) {
      const facts = randomFacts(r);
      const profile = profiles[i % profiles.length]!;
      let d;
      try {
        d = decidePlayback(facts, profile);
      } catch (err) {
        expect(err).toBeInstanceOf(ProfileConditionError);
        continue;
      }
      expect(d.servesOriginalFile).toBe(d.playMethod !== 'Transcode');
      if (d.playMethod === 'DirectPlay') expect(d.reasons).toEqual([]);
      else expect(d.reasons.length).toBeGreaterThan(0);
      if (d.playMethod === 'Transcode' && d.transcode) expect(d.transcodingProfile).toBeDefined();
    }
  });

  it('the normaliser only ever throws NotMediaError on random probe objects', () => {
    const r = rng(7);
    const values: unknown[] = [
      null,
      undefined,
      0,
      -1,
      1e12,
      'N/A',
      '',
      'abc',
      '25/0',
      '1/1',
      {},
      [],
      true,
      '48000',
      'video',
      'audio',
      'subtitle',
    ];
    const pick = () => values[Math.floor(r() * values.length)];
    const keys = [
      'index',
      'codec_name',
      'codec_type',
      'width',
      'height',
      'bit_rate',
      'channels',
      'sample_rate',
      'avg_frame_rate',
      'level',
      'profile',
      'pix_fmt',
      'tags',
      'disposition',
      'side_data_list',
      'field_order',
      'sample_aspect_ratio',
    ];
    for (let i = 0; i < 3000; i++) {
      const streams = Array.from({ length: Math.floor(r() * 4) }, () =>
        Object.fromEntries(keys.filter(() => r() < 0.6).map((k) => [k, pick()])),
      );
      const probe = {
        streams: r() < 0.9 ? streams : pick(),
        format: r() < 0.8 ? { format_name: pick(), bit_rate: pick() } : pick(),
      };
      try {
        normalizeProbe(probe as never, { path: 'x' });
      } catch (err) {
        expect(err).toBeInstanceOf(NotMediaError);
      }
    }
  });
});
