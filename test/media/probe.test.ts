// The prober's failures, each with its stable code and kind, before and
// without ffprobe: a missing file, an empty one, no ffprobe on the PATH the
// command was given. And the real ffprobe on a generated clip (JSON output).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProber, ProbeError } from '../../src/media/probe.js';
import { requirementsMet } from '../helpers/requirements.js';
import { makeClip, makeTempDir, removeDir } from '../helpers/media.js';

describe('createProber', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await makeTempDir();
    await fs.mkdir(path.join(dir, 'empty-bin'));
    await fs.writeFile(path.join(dir, 'empty.mkv'), '');
    await fs.writeFile(path.join(dir, 'movie.mkv'), 'not really a movie');
  });
  afterAll(async () => {
    if (dir) await removeDir(dir);
  });

  async function failure(file: string, env: NodeJS.ProcessEnv = process.env): Promise<ProbeError> {
    const err = await createProber(env)(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ProbeError);
    return err as ProbeError;
  }

  it('a missing file: MEDIA_UNREADABLE, an input error, the errno in words', async () => {
    const err = await failure(path.join(dir, 'nope.mkv'));
    expect([err.code, err.kind, err.message]).toEqual([
      'MEDIA_UNREADABLE',
      'input',
      `${path.join(dir, 'nope.mkv')}: cannot read: no such file or directory`,
    ]);
  });

  it('an empty file: MEDIA_NOT_MEDIA before ffprobe runs', async () => {
    const err = await failure(path.join(dir, 'empty.mkv'), { PATH: path.join(dir, 'empty-bin') });
    expect([err.code, err.message]).toEqual([
      'MEDIA_NOT_MEDIA',
      `${path.join(dir, 'empty.mkv')}: not a media file: it is empty`,
    ]);
  });

  it('no ffprobe on the PATH of the environment given (FFPROBE_PATH unset): MEDIA_FFPROBE_MISSING, an environment error', async () => {
    const err = await failure(path.join(dir, 'movie.mkv'), { PATH: path.join(dir, 'empty-bin') });
    expect([err.code, err.kind]).toEqual(['MEDIA_FFPROBE_MISSING', 'environment']);
    expect(err.message).toMatch(/^ffprobe not found: install ffmpeg/);
  });

  describe.skipIf(!requirementsMet(['ffmpeg', 'ffprobe'], false))('with ffprobe', () => {
    it("probes a generated clip through JSON output, and a file that is not media is MEDIA_NOT_MEDIA with ffprobe's reason", async () => {
      const clip = await makeClip(dir, { name: 'clip.mkv', video: 'hevc', audio: 'aac' });
      const facts = await createProber()(clip);
      expect(facts).toMatchObject({
        container: 'mkv',
        video: { codec: 'hevc', width: 320, height: 240 },
        audio: [{ codec: 'aac' }],
      });
      const err = await failure(path.join(dir, 'movie.mkv'));
      expect(err.code).toBe('MEDIA_NOT_MEDIA');
      expect(err.message).toMatch(/movie\.mkv: not a readable media file: .*Invalid data/);
    });
  });
});
