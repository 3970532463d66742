// Property: lint's five policy rules say exactly what the decision engine
// says. For every profile (the Jellyfin corpus, our curated profiles, and
// generated ones) and policy, each rule fires if and only if the engine,
// deciding the synthetic media that stand for the denied formats, delivers a
// denied format to the TV in the way the rule names. The engine's verdict is
// derived here from decidePlayback and play-check's own policy check
// (src/playback/policy.ts), not from the verdict module lint uses.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintProfileText } from '../../src/profile/lint/runner.js';
import { parseProfile } from '../../src/device-profile/parse.js';
import { DEFAULT_POLICY, type DeviceProfile, type Policy } from '../../src/device-profile/model.js';
import { samplesFor, type Sample } from '../../src/profile/engine-verdicts.js';
import { decidePlayback, type DecideOptions } from '../../src/playback/decide.js';
import type { PlaybackDecision } from '../../src/playback/decision.js';
import { checkPolicy } from '../../src/playback/policy.js';
import { ProfileConditionError } from '../../src/playback/conditions.js';
import { listAllows } from '../../src/device-profile/lists.js';
import { repoRoot } from '../helpers/cli.js';
import { loadCorpus } from '../profile/corpus.js';
import { prng } from '../../src/bridge/ssdp/fuzz.js';

const RULES = [
  'direct-play-container',
  'direct-play-codec',
  'direct-stream-trap',
  'no-h264-transcode',
  'transcode-denied-format',
] as const;
const POLICIES: Policy[] = [DEFAULT_POLICY, { denyContainers: ['mkv', 'avi'], denyVideoCodecs: ['hevc', 'vp9'] }];

function decide(s: Sample, p: DeviceProfile, o: DecideOptions): PlaybackDecision | undefined {
  try {
    return decidePlayback(s.facts, p, o);
  } catch (err) {
    if (err instanceof ProfileConditionError) return undefined;
    throw err;
  }
}

/** The rules the engine's decisions call for. */
function engineRules(profile: DeviceProfile, policy: Policy): string[] {
  const { containerSamples, codecSamples } = samplesFor(policy);
  const out = new Set<string>();
  const servesVideo = listAllows(profile.supportedMediaTypes, 'Video');
  const transcodes: { s: Sample; d: PlaybackDecision }[] = [];
  // The forced transcode (direct play and direct stream off) is asked for every sample the browse call did not transcode.
  const forced: Sample[] = [];
  for (const s of containerSamples) {
    const d = decide(s, profile, {});
    if (d?.playMethod !== 'Transcode') forced.push(s);
    if (!d) continue;
    const v = checkPolicy(s.facts, d, policy);
    const containerDenied = v.problems.some((p) => p.startsWith('container '));
    if (d.playMethod === 'DirectPlay' && containerDenied) out.add('direct-play-container');
    if (d.playMethod === 'DirectStream' && containerDenied) out.add('direct-stream-trap');
    if (d.playMethod === 'Transcode') transcodes.push({ s, d });
  }
  for (const s of codecSamples) {
    const d = decide(s, profile, {});
    if (d?.playMethod !== 'Transcode') forced.push(s);
    if (!d) continue;
    if (d.servesOriginalFile && checkPolicy(s.facts, d, policy).problems.some((p) => p.startsWith('video codec ')))
      out.add('direct-play-codec');
    if (d.playMethod === 'Transcode') transcodes.push({ s, d });
  }
  if (servesVideo) {
    for (const s of forced) {
      const d = decide(s, profile, { enableDirectPlay: false, enableDirectStream: false });
      if (d) transcodes.push({ s, d });
    }
  }
  for (const { s, d } of transcodes) {
    const t = d.transcode;
    if (!t) {
      if (servesVideo) out.add('no-h264-transcode');
      continue;
    }
    if (
      checkPolicy(s.facts, d, policy).problems.some((p) => p.startsWith('container ') || p.startsWith('video codec '))
    )
      out.add('transcode-denied-format');
    if (
      servesVideo &&
      t.videoAction === 'encode' &&
      !(t.videoCodec === 'h264' && ['ts', 'mp4'].includes(t.container.toLowerCase()))
    )
      out.add('no-h264-transcode');
  }
  return RULES.filter((r) => out.has(r));
}

function lintRules(text: string, policy: Policy): string[] {
  const found = new Set(lintProfileText(text, policy).map((f) => f.rule));
  return RULES.filter((r) => found.has(r));
}

function generatedProfile(seed: number): string {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const attr = (name: string, value: string): string => (value === '' && r() < 0.5 ? '' : ` ${name}="${value}"`);
  const dps = Array.from(
    { length: 1 + Math.floor(r() * 3) },
    () =>
      `<DirectPlayProfile${attr('container', pick(['', 'mp4', 'mkv', 'mp4,mkv', 'ts,mp4', '-mkv', '-avi', 'mkv,ts,mp4', 'avi']))}` +
      `${attr('videoCodec', pick(['', 'h264', 'hevc', 'h264,hevc', '-hevc', 'mpeg4', 'h264,mpeg4']))}${attr('audioCodec', pick(['', 'aac', 'ac3', 'aac,ac3']))} type="Video" />`,
  );
  const tps = Array.from(
    { length: Math.floor(r() * 3) },
    () =>
      `<TranscodingProfile container="${pick(['ts', 'mp4', 'mkv', 'avi'])}" type="Video" videoCodec="${pick(['h264', 'hevc', 'h264,hevc', 'mpeg2video', 'hevc,h264'])}" ` +
      `audioCodec="${pick(['aac', 'ac3', 'aac,ac3'])}" protocol="${pick(['http', 'hls'])}" context="${pick(['Streaming', 'Streaming', 'Static'])}" />`,
  );
  const condition = (): string =>
    pick([
      '<ProfileCondition condition="LessThanEqual" property="Width" value="0" isRequired="true" />',
      '<ProfileCondition condition="LessThanEqual" property="Width" value="0" isRequired="false" />',
      '<ProfileCondition condition="Equals" property="Height" value="0" isRequired="true" />',
      '<ProfileCondition condition="LessThanEqual" property="VideoBitDepth" value="8" isRequired="true" />',
      '<ProfileCondition condition="LessThanEqual" property="Height" value="1080" />',
      '<ProfileCondition condition="NotEquals" property="IsAnamorphic" value="true" isRequired="false" />',
    ]);
  const cps =
    r() < 0.5
      ? [
          `<ContainerProfile type="Video" container="${pick(['mkv', 'avi', 'mp4', 'mkv,avi'])}"><Conditions>${condition()}</Conditions></ContainerProfile>`,
        ]
      : [];
  const codecps =
    r() < 0.5
      ? [
          `<CodecProfile type="Video"${attr('codec', pick(['', 'h264', 'hevc']))}${attr('container', pick(['', 'mkv', 'mp4', 'hls']))}` +
            `${r() < 0.3 ? ' subcontainer="mp4"' : ''}><Conditions>${condition()}</Conditions></CodecProfile>`,
        ]
      : [];
  return (
    `<Profile>\n  <Name>generated ${seed}</Name>\n` +
    `  <SupportedMediaTypes>${r() < 0.9 ? 'Audio,Video' : 'Audio'}</SupportedMediaTypes>\n` +
    `  <MaxStreamingBitrate>${pick(['140000000', '20000000', '10000000'])}</MaxStreamingBitrate>\n` +
    `  <Identification><Headers><HttpHeaderInfo name="User-Agent" value="TV" match="Substring" /></Headers></Identification>\n` +
    `  <DirectPlayProfiles>${dps.join('')}</DirectPlayProfiles>\n` +
    `  <TranscodingProfiles>${tps.join('')}</TranscodingProfiles>\n` +
    `  <ContainerProfiles>${cps.join('')}</ContainerProfiles>\n` +
    `  <CodecProfiles>${codecps.join('')}</CodecProfiles>\n</Profile>\n`
  );
}

const curatedDir = path.join(repoRoot, 'profiles');
const curated = readdirSync(curatedDir)
  .filter((f) => f.endsWith('.xml'))
  .sort()
  .map((name) => ({ name, text: readFileSync(path.join(curatedDir, name), 'utf8') }));
const GENERATED = 400;
const generated = Array.from({ length: GENERATED }, (_, i) => ({
  name: `generated #${i}`,
  text: generatedProfile(1000 + i),
}));

describe('lint = engine: each policy rule fires exactly when the engine delivers a denied format', () => {
  const sets = [
    ['the Jellyfin corpus', loadCorpus()],
    ['the curated profiles', curated],
    [`${GENERATED} generated profiles`, generated],
  ] as const;
  for (const [what, profiles] of sets) {
    it(`${what} (${profiles.length} profiles x ${POLICIES.length} policies)`, () => {
      expect(profiles.length).toBeGreaterThan(0);
      const disagreements: string[] = [];
      let firing = 0;
      for (const { name, text } of profiles) {
        const profile = parseProfile(text);
        for (const policy of POLICIES) {
          const engine = engineRules(profile, policy);
          const lint = lintRules(text, policy);
          if (engine.length > 0) firing++;
          if (engine.join() !== lint.join())
            disagreements.push(
              `${name} [${policy.denyContainers}/${policy.denyVideoCodecs}]: engine ${engine.join(',') || '-'}, lint ${lint.join(',') || '-'}`,
            );
        }
      }
      expect(disagreements).toEqual([]);
      // The property is not vacuous: the engine finds problems in some of these profiles (the curated ones excepted).
      if (what !== 'the curated profiles') expect(firing).toBeGreaterThan(0);
    });
  }

  it('the curated profiles are clean under the default policy, by the engine', () => {
    for (const { text } of curated) expect(engineRules(parseProfile(text), DEFAULT_POLICY)).toEqual([]);
  });
});
