import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { requirementsMet } from '../helpers/requirements.js';
import { execFileAsync, ffprobeJson, makeClip, makeTempDir, removeDir } from '../helpers/media.js';
import { probeMedia } from '../../src/media/probe.js';
import { decidePlayback } from '../../src/playback/decide.js';
import { planFfmpeg } from '../../src/playback/ffmpeg-plan.js';
import { parseProfile } from '../../src/device-profile/parse.js';

describe.skipIf(!requirementsMet(['ffmpeg', 'ffprobe'], false))('libx264 fallback transcode, run for real', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await makeTempDir();
  });
  afterAll(async () => {
    if (dir) await removeDir(dir);
  });

  it('EncodingHelper (software): the planned HEVC 10-bit -> H.264 command runs here and ffprobe reads H.264 in MPEG-TS, decodable', async () => {
    const clip = await makeClip(dir, { name: 'src.mkv', video: 'hevc-10bit', audio: 'ac3', seconds: 1 });
    const profile = parseProfile(
      await fs.readFile(path.join(repoRoot, 'profiles/H.264-only TV (dlna-bridge).xml'), 'utf8'),
    );
    const facts = await probeMedia(clip);
    const decision = decidePlayback(facts, profile);
    expect(decision.playMethod).toBe('Transcode');
    const out = path.join(dir, 'out.ts');
    const plan = planFfmpeg(facts, decision, { encoder: 'libx264', output: out })!;
    expect(plan.argv).toContain('libx264');
    await execFileAsync(plan.argv[0]!, [...plan.argv.slice(1)], { timeout: 60_000 });
    const probe = (await ffprobeJson(out)) as {
      streams: { codec_type: string; codec_name: string; pix_fmt?: string }[];
      format: { format_name: string };
    };
    expect(probe.format.format_name).toBe('mpegts');
    const video = probe.streams.find((s) => s.codec_type === 'video')!;
    expect(video).toMatchObject({ codec_name: 'h264', pix_fmt: 'yuv420p' });
    const { stderr } = await execFileAsync('ffmpeg', ['-v', 'error', '-i', out, '-f', 'null', '-']);
    expect(stderr).toBe('');
  }, 60_000);
});
