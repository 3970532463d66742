// Lint decides only one shape of each class the profile cannot tell apart
// (src/profile/shape-equivalence.ts). Proven here three ways, over the
// Jellyfin corpus, the curated profiles and generated profiles built to
// split shapes (size, bitrate, bit depth, range, profile and level conditions
// in every place the engine reads them; MaxStreamingBitrate around the shapes'
// bitrates; transcodes that may copy the source codec; AudioBitrate conditions).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProfile } from '../../src/device-profile/parse.js';
import { DEFAULT_POLICY, type DeviceProfile, type Policy } from '../../src/device-profile/model.js';
import { engineVerdicts } from '../../src/profile/engine-verdicts.js';
import { samplesFor, SHAPES, type Sample } from '../../src/profile/synthetic-media.js';
import { shapeDimensions, shapeKey } from '../../src/profile/shape-equivalence.js';
import { decidePlayback, type DecideOptions } from '../../src/playback/decide.js';
import { ProfileConditionError } from '../../src/playback/conditions.js';
import { prng } from '../../src/bridge/ssdp/fuzz.js';
import { repoRoot } from '../helpers/cli.js';
import { loadCorpus } from './corpus.js';

// The three ways:
//   1. the shapes differ only in the fields the proof names;
//   2. every pair of shapes with equal keys gets decisions classified alike
//      (browse call and forced transcode);
//   3. the verdicts equal those of deciding every shape.

const POLICIES: Policy[] = [DEFAULT_POLICY, { denyContainers: ['mkv', 'avi'], denyVideoCodecs: ['hevc', 'vp9'] }];
const OPTIONS: DecideOptions[] = [{}, { enableDirectPlay: false, enableDirectStream: false }];

/** What engine-verdicts reads of a decision: whether it threw, the play method, the elements used, the output format. */
function classify(s: Sample, p: DeviceProfile, o: DecideOptions): string {
  let d;
  try {
    d = decidePlayback(s.facts, p, o);
  } catch (err) {
    if (err instanceof ProfileConditionError) return 'throws';
    throw err;
  }
  const at = (e?: { pos: { line: number; column: number } }): string => (e ? `${e.pos.line}:${e.pos.column}` : '-');
  const t = d.transcode;
  return [
    d.playMethod,
    at(d.directPlayProfile),
    d.container,
    d.servesOriginalFile,
    at(d.transcodingProfile),
    t ? `${t.container}/${t.videoCodec}/${t.videoAction}` : '-',
  ].join(' ');
}

function shapeSplittingProfile(seed: number): string {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const some = <T>(n: number, f: () => T): T[] => Array.from({ length: Math.floor(r() * (n + 1)) }, f);
  const condition = (): string => {
    const [property, values] = pick([
      ['Width', ['1280', '1920', '3840', '0']],
      ['Height', ['720', '1080', '2160']],
      ['VideoBitrate', ['3000000', '8000000', '10000000', '16000000']],
      ['VideoBitDepth', ['8', '10']],
      ['VideoLevel', ['41', '51', '120', '153']],
      ['VideoProfile', ['High', 'main', 'Main 10', 'high|main|main 10']],
      ['VideoRangeType', ['SDR', 'HDR10', 'SDR|HDR10']],
      ['AudioBitrate', ['128000', '-90000000', '10000000', '130000000']],
      ['RefFrames', ['4', '2']],
      ['VideoFramerate', ['30', '20']],
      ['IsAnamorphic', ['true']],
    ] as const);
    const cond = pick(
      property === 'VideoProfile' || property === 'VideoRangeType'
        ? ['Equals', 'EqualsAny', 'NotEquals']
        : ['LessThanEqual', 'Equals', 'GreaterThanEqual', 'NotEquals'],
    );
    const required = pick(['', ' isRequired="false"', ' isRequired="true"']);
    return `<ProfileCondition condition="${cond}" property="${property}" value="${pick(values)}"${required} />`;
  };
  const conditions = (tag: string): string => {
    const cs = some(2, condition);
    return cs.length ? `<${tag}>${cs.join('')}</${tag}>` : '';
  };
  const dps = some(
    3,
    () =>
      `<DirectPlayProfile container="${pick(['', 'mp4', 'mkv', 'ts,mp4', '-mkv', 'mkv,ts,mp4,avi'])}" videoCodec="${pick(['', 'h264', 'hevc', 'h264,hevc', '-hevc'])}" audioCodec="${pick(['', 'aac', 'ac3'])}" type="Video" />`,
  );
  const tps = some(
    2,
    () =>
      `<TranscodingProfile container="${pick(['ts', 'mp4', 'mkv'])}" type="Video" videoCodec="${pick(['h264', 'hevc', 'h264,hevc', 'hevc,h264', '', 'mpeg4'])}" audioCodec="aac" protocol="${pick(['http', 'hls'])}" context="Streaming">${conditions('Conditions')}</TranscodingProfile>`,
  );
  const cps = some(
    2,
    () =>
      `<ContainerProfile type="${pick(['Video', 'Video', 'Audio'])}" container="${pick(['', 'mkv', 'mp4', 'ts', 'mkv,avi'])}">${conditions('Conditions')}</ContainerProfile>`,
  );
  const codecps = some(
    3,
    () =>
      `<CodecProfile type="${pick(['Video', 'Video', 'VideoAudio'])}" codec="${pick(['', 'h264', 'hevc', 'h264,hevc', 'aac'])}" container="${pick(['', 'mkv', 'mp4', 'ts', 'hls'])}">` +
      `${conditions('Conditions')}${conditions('ApplyConditions')}</CodecProfile>`,
  );
  const max = pick([
    '140000000',
    '23168000',
    '23000000',
    '20000000',
    '16192000',
    '12000000',
    '8192000',
    '5000000',
    '3000000',
    '2000000',
    '0',
    '',
  ]);
  return (
    `<Profile>\n  <Name>shapes ${seed}</Name>\n  <SupportedMediaTypes>Audio,Video</SupportedMediaTypes>\n` +
    (max ? `  <MaxStreamingBitrate>${max}</MaxStreamingBitrate>\n` : '') +
    `  <DirectPlayProfiles>${dps.join('')}</DirectPlayProfiles>\n  <TranscodingProfiles>${tps.join('')}</TranscodingProfiles>\n` +
    `  <ContainerProfiles>${cps.join('')}</ContainerProfiles>\n  <CodecProfiles>${codecps.join('')}</CodecProfiles>\n</Profile>\n`
  );
}

/** Hand-written edges the generator rarely reaches: an AudioBitrate condition lowers the copy target between the shapes' bitrates. */
const EDGES = [
  ['audio bitrate raised to 10 Mbit/s', '23000000', 'Equals', '10000000'],
  ['audio bitrate raised to 130 Mbit/s', '140000000', 'Equals', '130000000'],
].map(([name, max, cond, value]) => ({
  name: name!,
  text:
    `<Profile>\n  <Name>${name}</Name>\n  <SupportedMediaTypes>Video</SupportedMediaTypes>\n  <MaxStreamingBitrate>${max}</MaxStreamingBitrate>\n` +
    `  <DirectPlayProfiles><DirectPlayProfile container="mp4" videoCodec="h264" audioCodec="aac" type="Video" /></DirectPlayProfiles>\n` +
    `  <TranscodingProfiles><TranscodingProfile container="ts" type="Video" videoCodec="hevc,h264" audioCodec="aac" context="Streaming" /></TranscodingProfiles>\n` +
    `  <CodecProfiles><CodecProfile type="VideoAudio" codec="aac"><Conditions><ProfileCondition condition="${cond}" property="AudioBitrate" value="${value}" /></Conditions></CodecProfile></CodecProfiles>\n</Profile>\n`,
}));

const curatedDir = path.join(repoRoot, 'profiles');
const curated = readdirSync(curatedDir)
  .filter((f) => f.endsWith('.xml'))
  .map((name) => ({ name, text: readFileSync(path.join(curatedDir, name), 'utf8') }));
const GENERATED = 800;
const sets = [
  ['the Jellyfin corpus', loadCorpus()],
  ['the curated profiles', curated],
  [
    `${GENERATED} generated shape-splitting profiles`,
    Array.from({ length: GENERATED }, (_, i) => ({ name: `shapes #${i}`, text: shapeSplittingProfile(7000 + i) })),
  ],
  ['hand-written edges', EDGES],
] as const;

/** The samples of one (container, codec), in SHAPES order. */
function groups(samples: readonly Sample[]): Sample[][] {
  const out: Sample[][] = [];
  for (let i = 0; i < samples.length; i += SHAPES.length) out.push(samples.slice(i, i + SHAPES.length));
  return out;
}

describe('shape equivalence: lint decides one shape per class and loses no verdict', () => {
  it('the shapes of one file differ only in size, bitrate and format fields', () => {
    const strip = (s: Sample): unknown => {
      const { width, height, bitRate, bitDepth, profile, level, videoRangeType, videoRange, ...video } = s.facts.video!;
      const { path: _path, bitrate, ...facts } = s.facts;
      void [width, height, bitRate, bitDepth, profile, level, videoRangeType, videoRange, _path, bitrate];
      return { ...facts, video };
    };
    for (const policy of POLICIES) {
      const { containerSamples, codecSamples } = samplesFor(policy);
      for (const group of groups([...containerSamples, ...codecSamples])) {
        expect(new Set(group.map((s) => `${s.container}/${s.videoCodec}`)).size).toBe(1);
        for (const s of group) expect(strip(s)).toEqual(strip(group[0]!));
      }
    }
  });

  for (const [what, profiles] of sets) {
    it(`${what}: shapes with equal keys are decided alike, and the verdicts equal deciding every shape`, () => {
      const mismatches: string[] = [];
      let merged = 0;
      let split = 0;
      for (const { name, text } of profiles) {
        const profile = parseProfile(text);
        for (const policy of POLICIES) {
          const { containerSamples, codecSamples } = samplesFor(policy);
          for (const group of groups([...containerSamples, ...codecSamples])) {
            const dims = shapeDimensions(profile, group[0]!.container, group[0]!.videoCodec);
            const first = new Map<string, Sample>();
            for (const s of group) {
              const key = shapeKey(s.facts, dims);
              const rep = first.get(key);
              if (!rep) {
                first.set(key, s);
                continue;
              }
              merged++;
              for (const o of OPTIONS) {
                const a = classify(rep, profile, o);
                const b = classify(s, profile, o);
                if (a !== b)
                  mismatches.push(`${name}: ${s.label} (${b}) vs ${rep.label} (${a}) [${JSON.stringify(o)}]`);
              }
            }
            split += first.size - 1;
          }
          const fast = engineVerdicts(profile, policy);
          const every = engineVerdicts(profile, policy, { everyShape: true });
          if (JSON.stringify(fast) !== JSON.stringify(every))
            mismatches.push(`${name} [${policy.denyContainers}/${policy.denyVideoCodecs}]: verdicts differ`);
          expect(fast).toEqual(every);
        }
      }
      expect(mismatches).toEqual([]);
      // Not vacuous: some shapes are merged, and (beyond the curated profiles) some are told apart.
      expect(merged).toBeGreaterThan(0);
      if (what !== 'the curated profiles') expect(split).toBeGreaterThan(0);
    });
  }
});
