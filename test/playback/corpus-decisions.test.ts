import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { corpusDir } from '../profile/corpus.js';
import { parseProfile } from '../../src/device-profile/parse.js';
import { decidePlayback } from '../../src/playback/decide.js';
import { checkPolicy } from '../../src/playback/policy.js';
import { builtinDefaultProfile } from '../../src/playback/builtin-profile.js';
import { DEFAULT_POLICY, type DeviceProfile } from '../../src/device-profile/model.js';
import { MP4, audioStream, movie } from './facts-fixtures.js';

const CORPUS = corpusDir;
const CURATED = path.join(repoRoot, 'profiles');

async function load(dir: string): Promise<[string, DeviceProfile][]> {
  const names = (await fs.readdir(dir)).filter((n) => n.endsWith('.xml')).sort();
  return Promise.all(
    names.map(async (n) => [n, parseProfile(await fs.readFile(path.join(dir, n), 'utf8'))] as [string, DeviceProfile]),
  );
}

const hevcMkv = movie('mkv', {
  video: { codec: 'hevc', profile: 'Main 10', bitDepth: 10, level: 120 },
  audio: [audioStream({ codec: 'ac3', channels: 6 })],
});
const h264Mkv = movie('mkv', { video: { level: 40 } });
const h264Mp4 = movie(MP4, { video: { level: 40 } });

describe('decisions against the 27 corpus profiles', () => {
  it('every corpus profile yields a decision for HEVC/mkv, H.264/mkv and H.264/mp4 without an error', async () => {
    for (const [name, profile] of await load(CORPUS)) {
      for (const facts of [hevcMkv, h264Mkv, h264Mp4]) {
        const d = decidePlayback(facts, profile);
        expect(['DirectPlay', 'DirectStream', 'Transcode'], name).toContain(d.playMethod);
      }
    }
  });

  it('StreamBuilder: Default.xml allows everything (container="" and no codec lists): HEVC in mkv direct-plays', async () => {
    const profile = parseProfile(await fs.readFile(path.join(CORPUS, 'Default.xml'), 'utf8'));
    expect(decidePlayback(hevcMkv, profile)).toMatchObject({ playMethod: 'DirectPlay', reasons: [] });
  });

  it('the built-in default profile decides exactly like the corpus Default.xml', async () => {
    const corpus = parseProfile(await fs.readFile(path.join(CORPUS, 'Default.xml'), 'utf8'));
    for (const facts of [hevcMkv, h264Mkv, h264Mp4, movie('avi', { bitrate: 200_000_000 })]) {
      const a = decidePlayback(facts, corpus);
      const b = decidePlayback(facts, builtinDefaultProfile());
      expect([b.playMethod, b.reasons, b.transcode]).toEqual([a.playMethod, a.reasons, a.transcode]);
    }
  });

  it('StreamBuilder: Samsung Smart TV lists mkv with h264, so H.264/mkv direct-plays and HEVC/mkv transcodes (VideoCodecNotSupported)', async () => {
    const profile = parseProfile(await fs.readFile(path.join(CORPUS, 'Samsung Smart TV.xml'), 'utf8'));
    expect(decidePlayback(h264Mkv, profile).playMethod).toBe('DirectPlay');
    const d = decidePlayback(hevcMkv, profile);
    expect(d.playMethod).toBe('Transcode');
    expect(d.reasons).toContain('VideoCodecNotSupported');
    expect(d.transcode).toMatchObject({ container: 'ts', videoCodec: 'h264', audioCodec: 'ac3' });
  });

  it('StreamBuilder: LG Smart TV and Xbox One list hevc, so HEVC reaches the TV (policy denies it)', async () => {
    for (const name of ['LG Smart TV.xml', 'Xbox One.xml']) {
      const profile = parseProfile(await fs.readFile(path.join(CORPUS, name), 'utf8'));
      const facts = movie(MP4, { video: { codec: 'hevc', profile: 'Main', bitDepth: 8, level: 120 } });
      const d = decidePlayback(facts, profile);
      expect(d.servesOriginalFile, name).toBe(true);
      expect(checkPolicy(facts, d, DEFAULT_POLICY).denied, name).toBe(true);
    }
  });
});

describe('decisions against the curated profiles (profiles/)', () => {
  it('every curated profile transcodes HEVC in mkv to H.264 and never serves mkv or hevc (trap closed)', async () => {
    const curated = await load(CURATED);
    expect(curated.length).toBeGreaterThan(0);
    for (const [name, profile] of curated) {
      for (const facts of [hevcMkv, h264Mkv]) {
        const d = decidePlayback(facts, profile);
        expect(d.playMethod, name).toBe('Transcode');
        expect(d.servesOriginalFile, name).toBe(false);
        const verdict = checkPolicy(facts, d, DEFAULT_POLICY);
        expect(verdict.problems, name).toEqual([]);
        expect(verdict.delivered.videoCodec, name).toBe('h264');
      }
    }
  });

  it('an H.264 mp4 within the limits reaches every curated TV in an accepted format; the generic H.264-only TV direct-plays it', async () => {
    const facts = movie(MP4, {
      video: { level: 40, width: 1920, height: 1080, averageFrameRate: 25 },
      bitrate: 8_000_000,
    });
    for (const [name, profile] of await load(CURATED)) {
      const d = decidePlayback(facts, profile);
      expect(checkPolicy(facts, d, DEFAULT_POLICY).denied, name).toBe(false);
      if (name.startsWith('H.264-only TV')) expect(d.playMethod, name).toBe('DirectPlay');
    }
  });
});
