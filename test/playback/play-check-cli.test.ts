import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, repoRoot } from '../helpers/cli.js';
import { corpusDir } from '../profile/corpus.js';
import { requirementsMet } from '../helpers/requirements.js';
import {
  makeClip,
  makeCorruptFile,
  makeTempDir,
  makeTextFile,
  makeTruncatedCopy,
  removeDir,
} from '../helpers/media.js';

const CORPUS = corpusDir;
const CURATED = path.join(repoRoot, 'profiles/H.264-only TV (dlna-bridge).xml');

interface Json {
  file: string;
  profile: string;
  decision: string;
  reasons: string[];
  servesOriginalFile: boolean;
  transcode: { container: string; videoCodec: string | null; audioCodec: string | null; videoAction: string } | null;
}

describe.skipIf(!requirementsMet(['ffmpeg', 'ffprobe'], false))(
  'dlna-bridge play-check (clips generated with ffmpeg)',
  () => {
    let dir: string;
    const clips: Record<string, string> = {};

    beforeAll(async () => {
      dir = await makeTempDir();
      const specs = [
        { key: 'hevcMkv', name: 'hevc.mkv', video: 'hevc', audio: 'aac' },
        { key: 'hevc10Mkv', name: 'hevc10.mkv', video: 'hevc-10bit', audio: 'ac3' },
        { key: 'h264Mkv', name: 'h264.mkv', video: 'h264', audio: 'aac' },
        { key: 'h264Mp4', name: 'h264.mp4', video: 'h264', audio: 'aac' },
        { key: 'dtsMkv', name: 'dts.mkv', video: 'h264', audio: 'dts' },
        { key: 'subMkv', name: 'subs.mkv', video: 'h264', audio: 'aac', subtitle: true },
        { key: 'sidecarMp4', name: 'sidecar.mp4', video: 'h264', audio: 'aac' },
        { key: 'h264BigMkv', name: 'big.mkv', video: 'h264', audio: 'aac', size: '2560x1440', seconds: 0.2 },
      ] as const;
      await Promise.all(specs.map(async (s) => (clips[s.key] = await makeClip(dir, { ...s }))));
      await fs.writeFile(path.join(dir, 'sidecar.en.forced.srt'), '1\n00:00:00,000 --> 00:00:00,500\nHi\n\n');
      clips.corrupt = await makeCorruptFile(dir);
      clips.truncated = await makeTruncatedCopy(clips.h264Mp4!, dir, 'truncated.mp4', 0.3);
      clips.text = await makeTextFile(dir);
    }, 120_000);

    afterAll(async () => {
      if (dir) await removeDir(dir);
    });

    async function check(files: string[], profileArgs: string[], extra: string[] = []) {
      const r = await runCli(['play-check', ...files, ...profileArgs, '--json', ...extra]);
      return { ...r, json: r.stdout.trim() ? (JSON.parse(r.stdout) as Json | Json[]) : undefined };
    }

    it('StreamBuilder with the corpus Default.xml: everything direct-plays, so HEVC in mkv reaches the TV (exit 1)', async () => {
      const r = await check([clips.hevcMkv!], ['--profile', path.join(CORPUS, 'Default.xml')]);
      expect(r.json).toEqual({
        jellyfin: '10.11',
        file: clips.hevcMkv,
        profile: 'Generic Device',
        decision: 'DirectPlay',
        reasons: [],
        servesOriginalFile: true,
        transcode: null,
        audioStreamIndex: 1,
        subtitleStreamIndex: null,
      });
      expect(r.code).toBe(1);
    });

    it('StreamBuilder with the curated H.264-only profile: HEVC 10-bit in mkv transcodes to H.264 in ts, never served as mkv (exit 0)', async () => {
      const r = await check([clips.hevc10Mkv!], ['--profile', CURATED]);
      const j = r.json as Json;
      expect(j.decision).toBe('Transcode');
      expect(j.reasons).toContain('VideoCodecNotSupported');
      expect(j.servesOriginalFile).toBe(false);
      expect(j.transcode).toMatchObject({ container: 'ts', videoCodec: 'h264', videoAction: 'encode' });
      expect(r.code).toBe(0);
    });

    it('StreamBuilder with the curated profile: H.264 in mkv is a Transcode with the video copied, not the Direct Stream trap (exit 0)', async () => {
      const r = await check([clips.h264Mkv!], ['--profile', CURATED]);
      expect(r.stderr).toBe('');
      const j = r.json as Json;
      expect(j.decision).toBe('Transcode');
      expect(j.servesOriginalFile).toBe(false);
      expect(j.transcode).toEqual({ container: 'ts', videoCodec: 'h264', audioCodec: 'aac', videoAction: 'copy' });
      expect(r.code).toBe(0);
    });

    it('StreamBuilder: an H.264 mp4 direct-plays with the curated profile (exit 0)', async () => {
      const r = await check([clips.h264Mp4!], ['--profile', CURATED]);
      expect(r.json).toMatchObject({ decision: 'DirectPlay', reasons: [], servesOriginalFile: true, transcode: null });
      expect(r.code).toBe(0);
    });

    it('StreamBuilder.IsBitrateLimitExceeded: a file above the profile MaxStreamingBitrate transcodes (ContainerBitrateExceedsLimit)', async () => {
      const capped = path.join(dir, 'capped.xml');
      const text = await fs.readFile(CURATED, 'utf8');
      await fs.writeFile(
        capped,
        text.replace(
          /<MaxStreamingBitrate>\d+<\/MaxStreamingBitrate>/,
          '<MaxStreamingBitrate>100000</MaxStreamingBitrate>',
        ),
      );
      const r = await check([clips.h264Mp4!], ['--profile', capped]);
      expect(r.json).toMatchObject({
        decision: 'Transcode',
        reasons: ['ContainerBitrateExceedsLimit'],
        transcode: { container: 'ts', videoAction: 'encode' },
      });
      expect(r.code).toBe(0);
    });

    it('StreamBuilder DirectStreamReasons: the trap: Samsung with mkv merely removed from the containers -> DirectStream, original mkv served, exit 1', async () => {
      const trap = path.join(dir, 'samsung-no-mkv.xml');
      const text = await fs.readFile(path.join(CORPUS, 'Samsung Smart TV.xml'), 'utf8');
      await fs.writeFile(trap, text.replace(/\s*<DirectPlayProfile container="mkv"[^>]*\/>/, ''));
      const r = await check([clips.h264Mkv!], ['--profile', trap]);
      expect(r.json).toMatchObject({
        decision: 'DirectStream',
        reasons: ['ContainerNotSupported'],
        servesOriginalFile: true,
      });
      expect(r.code).toBe(1);
      const text2 = await runCli(['play-check', clips.h264Mkv!, '--profile', trap]);
      expect(text2.stdout).toMatch(
        /DENIED: container mkv reaches the TV: the original file is served \(DLNA Direct Stream trap/,
      );
      expect(text2.stdout).toMatch(/Static=true/);
    });

    it('StreamBuilder GetTranscodeReasonForFailedCondition: the trap guard (mkv ContainerProfile, required Width Equals 0) keeps its reason name, explained in words', async () => {
      const r = await runCli(['play-check', clips.h264Mkv!, '--profile', CURATED]);
      expect(r.code).toBe(0);
      const reason = r.stdout.split('\n').find((l) => l.includes('VideoResolutionNotSupported:'));
      expect(reason).toContain(
        "VideoResolutionNotSupported: not the video's size (320x240 is within the profile's limits): " +
          "the profile's mkv ContainerProfile (line 59) rejects every mkv on purpose " +
          '(its required "Width Equals 0" fails for every video; it closes the DLNA Direct Stream trap), so Jellyfin transcodes',
      );
      expect(reason).not.toContain('above what the TV accepts');
    });

    it('StreamBuilder: the same guard written as Width LessThanEqual 0 is recognised too', async () => {
      const variant = path.join(dir, 'guard-lte.xml');
      const text = await fs.readFile(CURATED, 'utf8');
      await fs.writeFile(
        variant,
        text.replace(
          'condition="Equals" property="Width" value="0"',
          'condition="LessThanEqual" property="Width" value="0"',
        ),
      );
      const r = await runCli(['play-check', clips.h264Mkv!, '--profile', variant]);
      expect(r.stdout).toContain(
        'rejects every mkv on purpose (its required "Width LessThanEqual 0" fails for every video',
      );
    });

    it("StreamBuilder: a video really above the profile's Width limit, in mkv, says so first, then names the guard", async () => {
      const r = await runCli(['play-check', clips.h264BigMkv!, '--profile', CURATED]);
      expect(r.stdout).toMatch(
        /VideoResolutionNotSupported: the resolution is above what the TV accepts; besides, the profile's mkv ContainerProfile \(line 59\) rejects every mkv on purpose/,
      );
      const mp4 = await runCli(['play-check', clips.h264Mp4!, '--profile', CURATED]);
      expect(mp4.stdout).not.toContain('ContainerProfile');
    });

    it('DTS audio (dca) in mkv: Samsung lists dca/dts and direct-plays it; the curated profile transcodes the audio to aac', async () => {
      const samsung = await check([clips.dtsMkv!], ['--profile', path.join(CORPUS, 'Samsung Smart TV.xml')]);
      expect(samsung.json).toMatchObject({ decision: 'DirectPlay' });
      const curated = await check([clips.dtsMkv!], ['--profile', CURATED]);
      expect(curated.json).toMatchObject({
        decision: 'Transcode',
        transcode: { audioCodec: 'aac', videoAction: 'copy' },
      });
    });

    it('subtitles: embedded SubRip and an external forced .srt sidecar are named with their delivery method', async () => {
      const r = await runCli([
        'play-check',
        clips.subMkv!,
        clips.sidecarMp4!,
        '--profile',
        path.join(CORPUS, 'Samsung Smart TV.xml'),
      ]);
      expect(r.stdout).toMatch(/subs\.mkv[\s\S]*media: .*sub subrip/);
      expect(r.stdout).toMatch(
        /sidecar\.mp4[\s\S]*sub subrip \(external\) forced[\s\S]*subtitle:  stream \d \(subrip, external\) delivered by External/,
      );
    });

    it('several files print a JSON array; --profiles picks user before system by User-Agent, else the built-in default', async () => {
      const profilesDir = path.join(dir, 'profiles');
      await fs.mkdir(path.join(profilesDir, 'user'), { recursive: true });
      await fs.copyFile(path.join(CORPUS, 'Samsung Smart TV.xml'), path.join(profilesDir, 'Samsung Smart TV.xml'));
      const curated = (await fs.readFile(CURATED, 'utf8')).replaceAll('@TV_USER_AGENT@', 'SEC_');
      await fs.writeFile(path.join(profilesDir, 'user', 'My Samsung.xml'), curated);
      const r = await check(
        [clips.h264Mkv!, clips.h264Mp4!],
        ['--profiles', profilesDir, '--user-agent', 'SEC_HHP_[TV] Samsung'],
      );
      const arr = r.json as Json[];
      expect(arr.map((j) => [j.profile, j.decision])).toEqual([
        ['H.264-only TV (dlna-bridge)', 'Transcode'],
        ['H.264-only TV (dlna-bridge)', 'DirectPlay'],
      ]);
      const other = await check([clips.hevcMkv!], ['--profiles', profilesDir, '--user-agent', 'SomeOtherTV/1.0']);
      expect(other.json).toMatchObject({
        profile: 'Generic Device (Jellyfin built-in default)',
        decision: 'DirectPlay',
      });
      expect(other.code).toBe(1);
    });

    it('says which Jellyfin it mirrors: 10.11 (text and JSON)', async () => {
      const text = await runCli(['play-check', clips.h264Mp4!, '--profile', CURATED]);
      expect(text.stdout).toMatch(
        /^ {2}engine: {4}Jellyfin 10\.11 StreamBuilder \(checked against Jellyfin v10\.11\.11's own StreamBuilder tests\)$/m,
      );
      const r = await check([clips.h264Mp4!], ['--profile', CURATED]);
      expect(r.json).toMatchObject({ jellyfin: '10.11' });
    });

    it('--audio-stream and --subtitle-stream ask for streams as the TV would (MediaOptions.AudioStreamIndex/SubtitleStreamIndex)', async () => {
      // Default (the DLNA plugin's browse): no stream asked; the file's default audio, no subtitle unless flagged.
      const plain = await check([clips.subMkv!], ['--profile', CURATED]);
      expect(plain.json).toMatchObject({ audioStreamIndex: 1 });
      const asked = await check(
        [clips.subMkv!],
        ['--profile', CURATED],
        ['--audio-stream', '1', '--subtitle-stream', '2'],
      );
      expect(asked.json).toMatchObject({ audioStreamIndex: 1, subtitleStreamIndex: 2 });
      const none = await check([clips.subMkv!], ['--profile', CURATED], ['--subtitle-stream', '-1']);
      expect(none.json).toMatchObject({ subtitleStreamIndex: -1 });
      const missing = await runCli(['play-check', clips.subMkv!, '--profile', CURATED, '--audio-stream', '7']);
      expect(missing.stdout).toMatch(
        /note: {6}stream 7 is not an audio stream of this file: Jellyfin uses the default audio stream instead/,
      );
      for (const [flag, value] of [
        ['--audio-stream', 'two'],
        ['--audio-stream', '-1'],
        ['--subtitle-stream', '-2'],
      ] as const) {
        const bad = await runCli(['play-check', clips.subMkv!, '--profile', CURATED, flag, value]);
        expect(bad.code).toBe(2);
        expect(bad.stderr).toMatch(new RegExp(`${flag} ${value}: expected a stream index`));
        expect(bad.stderr).not.toMatch(/at .*\.js:\d+/);
      }
    });

    it("--play-to decides as the plugin's PlayTo (no Direct Stream): the trap profile transcodes instead", async () => {
      const trap = path.join(dir, 'samsung-no-mkv-playto.xml');
      const text = await fs.readFile(path.join(CORPUS, 'Samsung Smart TV.xml'), 'utf8');
      await fs.writeFile(trap, text.replace(/\s*<DirectPlayProfile container="mkv"[^>]*\/>/, ''));
      const browse = await check([clips.h264Mkv!], ['--profile', trap]);
      expect(browse.json).toMatchObject({ decision: 'DirectStream' });
      const playTo = await check([clips.h264Mkv!], ['--profile', trap], ['--play-to']);
      expect(playTo.json).toMatchObject({ decision: 'Transcode', servesOriginalFile: false });
    });

    it("text output: decision, reasons in plain words, the NVENC command and this machine's runnable command", async () => {
      const r = await runCli(['play-check', clips.hevcMkv!, '--profile', CURATED]);
      expect(r.stdout).toMatch(/VideoCodecNotSupported: the TV does not accept this video codec/);
      expect(r.stdout).toMatch(
        /-init_hw_device cuda=cu:0 -filter_hw_device cu -hwaccel cuda -hwaccel_output_format cuda -noautorotate .* -codec:v:0 h264_nvenc -preset p1 -b:v (\d+) -maxrate \1 -bufsize \d+ .*scale_cuda=w=320:h=240:format=yuv420p/,
      );
      expect(r.stdout).toMatch(/this machine \((NVENC works here|no NVENC here: .*libx264 on the CPU)\)/);
    });

    it.each([
      ['a missing file', () => path.join(dir, 'nope.mkv'), /cannot read: no such file/],
      ['a folder', () => dir, /cannot read: not a regular file/],
      ['a corrupt file', () => clips.corrupt!, /not a readable media file: .*Invalid data/],
      ['a truncated mp4', () => clips.truncated!, /not a readable media file: .*moov atom not found/],
      ['a text file', () => clips.text!, /not a readable media file|not a media file/],
    ])('errors: %s -> a clear message, exit 2', async (_name, file, message) => {
      const r = await runCli(['play-check', file(), '--profile', CURATED]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    });

    it('errors: ffprobe missing from PATH -> exit 2 naming ffprobe', async () => {
      const r = await runCli(['play-check', clips.h264Mp4!, '--profile', CURATED], {
        env: { PATH: path.join(dir, 'empty-bin'), FFPROBE_PATH: '' },
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/ffprobe not found/);
    });

    it('errors: a profile Jellyfin would refuse -> exit 2 naming the file and line', async () => {
      const bad = path.join(dir, 'bad.xml');
      await fs.writeFile(
        bad,
        '<Profile><DirectPlayProfiles><DirectPlayProfile type="Vidéo" /></DirectPlayProfiles></Profile>',
      );
      const r = await runCli(['play-check', clips.h264Mp4!, '--profile', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/profile .*bad\.xml: not a valid Jellyfin profile: line 1/);
    });

    it('usage: a --profiles that is not a folder -> one line naming the flag, exit 2', async () => {
      const r = await runCli(['play-check', clips.h264Mp4!, '--profiles', CURATED, '--user-agent', 'TV']);
      expect([r.code, r.stderr]).toEqual([2, `dlna-bridge: --profiles: ${CURATED}: not a folder\n`]);
    });

    it('usage: no profile named -> exit 2', async () => {
      const r = await runCli(['play-check', clips.h264Mp4!]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--profile FILE, or --profiles DIR/);
    });

    it('usage: every flag problem is reported at once, before any file is probed -> exit 2', async () => {
      const r = await runCli([
        'play-check',
        clips.h264Mp4!,
        '--profile',
        CURATED,
        '--profiles',
        dir,
        '--audio-stream',
        'two',
        '--max-bitrate',
        '0',
        '--jobs',
        '0',
        '--header',
        'nocolon',
      ]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        'dlna-bridge: invalid options:\n' +
          '  - use either --profile FILE or --profiles DIR, not both\n' +
          '  - --header nocolon: expected NAME:VALUE\n' +
          '  - --max-bitrate 0: expected a positive integer (bit/s)\n' +
          '  - --audio-stream two: expected a stream index (0, 1, ...)\n' +
          '  - --jobs 0: expected a whole number from 1 to 256\n',
      );
    });

    it('many files in one call: reports in argument order, a missing file among them is one line on stderr, the others still checked, exit the worst (2)', async () => {
      const files = [clips.hevcMkv!, path.join(dir, 'gone.mkv'), clips.h264Mp4!, clips.corrupt!, clips.h264Mkv!];
      const r = await check(files, ['--profile', path.join(CORPUS, 'Default.xml')], ['--jobs', '2']);
      expect((r.json as Json[]).map((j) => path.basename(j.file))).toEqual(['hevc.mkv', 'h264.mp4', 'h264.mkv']);
      expect(r.stderr.split('\n').filter(Boolean)).toEqual([
        `dlna-bridge: ${path.join(dir, 'gone.mkv')}: cannot read: no such file or directory`,
        expect.stringMatching(/^dlna-bridge: .*corrupt\.mkv: not a readable media file: /),
      ]);
      expect(r.code).toBe(2);
      const text = await runCli([
        'play-check',
        ...files.filter((f) => !f.includes('gone') && !f.includes('corrupt')),
        '--profile',
        CURATED,
      ]);
      expect(
        text.stdout
          .split('\n')
          .filter((l) => l.startsWith('/'))
          .map((l) => path.basename(l)),
      ).toEqual(['hevc.mkv', 'h264.mp4', 'h264.mkv']);
    });
  },
);
