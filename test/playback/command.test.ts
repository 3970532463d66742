// play-check's run(options, io) with a fake prober: argument order kept while
// probes finish out of order, reports streamed as soon as they and all before
// them are done, the bound on probes in flight, per-file errors that do not
// stop the others, the worst exit code, and what stops everything.
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run, type PlayCheckCommandOptions } from '../../src/playback/command.js';
import { ProbeError } from '../../src/media/probe.js';
import type { MediaFacts } from '../../src/media/facts.js';
import { DEFAULT_POLICY } from '../../src/device-profile/model.js';
import { repoRoot } from '../helpers/cli.js';
import { corpusDir } from '../profile/corpus.js';
import { movie, MP4 } from './facts-fixtures.js';
import type { DlnaBridgeError } from '../../src/util/errors.js';

const CURATED = path.join(repoRoot, 'profiles/H.264-only TV (dlna-bridge).xml');
const GENERIC = path.join(corpusDir, 'Default.xml');

const h264Mp4 = (file: string): MediaFacts => ({ ...movie(MP4), path: file });
const hevcMkv = (file: string): MediaFacts => ({
  ...movie('matroska,webm', { video: { codec: 'hevc', profile: 'Main', isAvc: false } }),
  path: file,
});

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.setEncoding('utf8').on('data', (d: string) => (text += d));
  return { stream, text: () => text };
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function options(files: string[], more: Partial<PlayCheckCommandOptions> = {}): PlayCheckCommandOptions {
  return { files, profileFile: CURATED, profileDirs: [], headers: {}, policy: DEFAULT_POLICY, json: true, ...more };
}

async function check(opts: PlayCheckCommandOptions, probe: (file: string) => Promise<MediaFacts>) {
  const stdout = capture();
  const stderr = capture();
  const io = { stdout: stdout.stream, stderr: stderr.stream, env: {} };
  const deps = { probe, detect: async () => ({ encoder: 'libx264' as const }) };
  // What stops the whole run is thrown for the CLI to print (src/cli/errors.ts): kept as `thrown`.
  const outcome = await run(opts, io, deps).then(
    (code) => ({ code, thrown: undefined }),
    (err: unknown) => ({ code: undefined, thrown: err as DlnaBridgeError }),
  );
  return { ...outcome, stdout: stdout.text(), stderr: stderr.text() };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('play-check run(options, io)', () => {
  it('prints in argument order when probes finish in another order; the JSON array is byte for byte JSON.stringify(array, null, 2)', async () => {
    const delays: Record<string, number> = { '/m/a.mp4': 40, '/m/b.mp4': 0, '/m/c.mkv': 20 };
    const r = await check(options(Object.keys(delays)), async (f) => {
      await new Promise((res) => setTimeout(res, delays[f]));
      return f.endsWith('.mkv') ? hevcMkv(f) : h264Mp4(f);
    });
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.stdout) as { file: string; decision: string }[];
    expect(parsed.map((j) => [j.file, j.decision])).toEqual([
      ['/m/a.mp4', 'DirectPlay'],
      ['/m/b.mp4', 'DirectPlay'],
      ['/m/c.mkv', 'Transcode'],
    ]);
    expect(r.stdout).toBe(`${JSON.stringify(parsed, null, 2)}\n`);
  });

  it('streams: file 1 is printed while file 2 is still being probed, and file 3 (done first) waits for file 2', async () => {
    const pending = { second: deferred<MediaFacts>() };
    const stdout = capture();
    const done = run(
      options(['/m/1.mp4', '/m/2.mp4', '/m/3.mp4'], { json: false }),
      { stdout: stdout.stream, stderr: capture().stream, env: {} },
      { probe: async (f) => (f === '/m/2.mp4' ? pending.second.promise : h264Mp4(f)) },
    );
    for (let i = 0; i < 20 && !stdout.text().includes('/m/1.mp4'); i++) await tick();
    expect(stdout.text()).toMatch(/^\/m\/1\.mp4\n {2}profile:/);
    expect(stdout.text()).not.toContain('/m/3.mp4');
    pending.second.resolve(h264Mp4('/m/2.mp4'));
    expect(await done).toBe(0);
    // Text reports are separated by one blank line, in argument order.
    const blocks = stdout.text().trimEnd().split('\n\n');
    expect(blocks.map((b) => b.split('\n')[0])).toEqual(['/m/1.mp4', '/m/2.mp4', '/m/3.mp4']);
  });

  it('never has more than --jobs probes in flight, and starts them in argument order', async () => {
    const files = Array.from({ length: 9 }, (_, i) => `/m/${i}.mp4`);
    let inFlight = 0;
    let most = 0;
    const started: string[] = [];
    const r = await check(options(files, { jobs: 3 }), async (f) => {
      started.push(f);
      most = Math.max(most, ++inFlight);
      await new Promise((res) => setTimeout(res, 5 + (Number(path.basename(f, '.mp4')) % 3) * 5));
      inFlight--;
      return h264Mp4(f);
    });
    expect(r.code).toBe(0);
    expect(most).toBe(3);
    expect(started).toEqual(files);
  });

  it('a file that cannot be read is one line on stderr and does not stop the others; the exit code is the worst (2 over 1)', async () => {
    const r = await check(
      options(['/m/hevc.mkv', '/m/missing.mkv', '/m/ok.mp4'], { profileFile: GENERIC }),
      async (f) => {
        if (f === '/m/missing.mkv')
          throw new ProbeError(`${f}: cannot read: no such file or directory`, 'MEDIA_UNREADABLE');
        return f.endsWith('.mkv') ? hevcMkv(f) : h264Mp4(f);
      },
    );
    expect(r.stderr).toBe('dlna-bridge: /m/missing.mkv: cannot read: no such file or directory\n');
    expect((JSON.parse(r.stdout) as { file: string }[]).map((j) => j.file)).toEqual(['/m/hevc.mkv', '/m/ok.mp4']);
    expect(r.code).toBe(2);
  });

  it('a file reaching the TV in a denied format: exit 1; one file in JSON is one object', async () => {
    const r = await check(options(['/m/hevc.mkv'], { profileFile: GENERIC }), async (f) => hevcMkv(f));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      file: '/m/hevc.mkv',
      decision: 'DirectPlay',
      servesOriginalFile: true,
    });
  });

  it('one file that fails prints nothing on stdout; several that all fail print an empty array', async () => {
    const unreadable = async (f: string): Promise<MediaFacts> => {
      throw new ProbeError(`${f}: not a media file: it is empty`, 'MEDIA_NOT_MEDIA');
    };
    const one = await check(options(['/m/empty.mkv']), unreadable);
    expect([one.code, one.stdout]).toEqual([2, '']);
    const two = await check(options(['/m/a.mkv', '/m/b.mkv']), unreadable);
    expect([two.code, two.stdout, two.stderr.split('\n').length - 1]).toEqual([2, '[]\n', 2]);
  });

  it('no ffprobe: thrown (MEDIA_FFPROBE_MISSING) for the CLI to print, no report, no further probe started', async () => {
    const probed: string[] = [];
    const r = await check(options(['/m/a.mp4', '/m/b.mp4', '/m/c.mp4'], { jobs: 1 }), async (f) => {
      probed.push(f);
      throw new ProbeError(
        'ffprobe not found: install ffmpeg (Debian: apt-get install ffmpeg) or set FFPROBE_PATH',
        'MEDIA_FFPROBE_MISSING',
      );
    });
    expect([r.stdout, r.stderr, r.thrown?.code, r.thrown?.kind]).toEqual([
      '',
      '',
      'MEDIA_FFPROBE_MISSING',
      'environment',
    ]);
    expect(probed).toEqual(['/m/a.mp4']);
  });

  it('stopped part way (ffprobe gone after the first file): the JSON array begun is closed, so stdout still parses', async () => {
    const r = await check(options(['/m/a.mp4', '/m/b.mp4', '/m/c.mp4'], { jobs: 1 }), async (f) => {
      if (f === '/m/a.mp4') return h264Mp4(f);
      throw new ProbeError(
        'ffprobe not found: install ffmpeg (Debian: apt-get install ffmpeg) or set FFPROBE_PATH',
        'MEDIA_FFPROBE_MISSING',
      );
    });
    expect(r.thrown?.code).toBe('MEDIA_FFPROBE_MISSING');
    expect((JSON.parse(r.stdout) as { file: string }[]).map((j) => j.file)).toEqual(['/m/a.mp4']);
  });

  it('a profile that cannot be read: thrown naming it, probes stopped', async () => {
    const probed: string[] = [];
    const missing = path.join(repoRoot, 'no-such-profile.xml');
    const r = await check(options(['/m/a.mp4', '/m/b.mp4'], { profileFile: missing, jobs: 1 }), async (f) => {
      probed.push(f);
      return new Promise<MediaFacts>(() => {}); // still probing when the profile fails
    });
    expect([r.stdout, r.thrown?.code, r.thrown?.message]).toEqual([
      '',
      'PLAYBACK_PROFILE_UNREADABLE',
      `profile ${missing}: cannot read: no such file or directory`,
    ]);
    expect(probed).toEqual(['/m/a.mp4']);
  });

  it('messages name no CLI flag: a profiles folder that is not one (the CLI puts --profiles in front)', async () => {
    const r = await check(
      options(['/m/a.mp4'], { profileFile: undefined, profileDirs: [CURATED], headers: { 'User-Agent': 'TV' } }),
      async (f) => h264Mp4(f),
    );
    expect([r.thrown?.code, r.thrown?.message]).toEqual(['PLAYBACK_PROFILES_NOT_A_FOLDER', `${CURATED}: not a folder`]);
  });
});
