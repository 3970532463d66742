// The policy questions lint and fix ask, answered by the decision engine
// itself (src/playback/, Jellyfin 10.11's StreamBuilder as the DLNA plugin
// calls it) over synthetic media that stand for the formats the policy denies
// (src/profile/synthetic-media.ts). No pattern over the XML: whatever a
// profile does (a ContainerProfile, a CodecProfile limited to one container,
// ApplyConditions, deny-lists), the verdict is what StreamBuilder decides.
// Each verdict names the element responsible: the DirectPlayProfile that
// matched, or the TranscodingProfile used. Shapes of one file the profile
// cannot tell apart are decided once (src/profile/shape-equivalence.ts). Pure.
import type { MediaFacts } from '../media/facts.js';
import { decidePlayback, type DecideOptions } from '../playback/decide.js';
import type { PlaybackDecision } from '../playback/decision.js';
import { ProfileConditionError } from '../playback/conditions.js';
import { allows, splitList } from '../playback/list-match.js';
import type { DeviceProfile, DirectPlayProfile, Policy, TranscodingProfile } from '../device-profile/model.js';
import { policyKey, samplesFor, type Sample } from './synthetic-media.js';
import { shapeDimensions, shapeKey, type ShapeDimensions } from './shape-equivalence.js';

export { samplesFor, type Sample } from './synthetic-media.js';

/** The DLNA plugin's browse call (DidlBuilder), and the same with direct play and direct stream off: the transcode Jellyfin falls back to. */
const BROWSE: DecideOptions = {};
const FORCED_TRANSCODE: DecideOptions = { enableDirectPlay: false, enableDirectStream: false };

export interface DirectVerdict {
  /** The denied container or video codec that reaches the TV untouched. */
  token: string;
  sample: Sample;
  decision: PlaybackDecision;
  /** The Video DirectPlayProfile the engine matched: the element responsible. */
  profile: DirectPlayProfile;
}

export interface TranscodeVerdict {
  sample: Sample;
  decision: PlaybackDecision;
  /** The TranscodingProfile used; undefined when the profile has none to use. */
  profile?: TranscodingProfile;
  /** e.g. "hevc in mkv", or why there is no output. */
  output: string;
}

export interface EngineVerdicts {
  /** direct-play-container: a file in a denied container is direct-played. */
  directPlayContainer: DirectVerdict[];
  /** direct-play-codec: a denied video codec reaches the TV untouched (Direct Play, or the DLNA Direct Stream of the original). */
  directPlayCodec: DirectVerdict[];
  /** direct-stream-trap: a file in a denied container, with an allowed codec, is "direct-streamed": the original file is served. */
  directStreamTrap: DirectVerdict[];
  /** no-h264-transcode: when Jellyfin transcodes a denied format, the output video is not h264 in ts or mp4 (or nothing). */
  noH264Transcode: TranscodeVerdict[];
  /** transcode-denied-format: a transcode whose output is a denied container or video codec. */
  transcodeDeniedFormat: TranscodeVerdict[];
}

function decide(facts: MediaFacts, profile: DeviceProfile, options: DecideOptions): PlaybackDecision | undefined {
  try {
    return decidePlayback(facts, profile, options);
  } catch (err) {
    // A condition Jellyfin cannot evaluate throws there too: invalid-value reports it; no policy verdict.
    if (err instanceof ProfileConditionError) return undefined;
    throw err;
  }
}

function denied(list: readonly string[], value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return splitList(value).find((t) => list.includes(t.toLowerCase()));
}

function outputOf(d: PlaybackDecision): string {
  const t = d.transcode;
  return t
    ? `${t.videoCodec ?? 'no video'} in ${t.container}`
    : 'nothing (no Video TranscodingProfile with context Streaming)';
}

/** Keep the first verdict per (element, token): one finding per responsible element. */
function once<T extends { token?: string; profile?: object }>(list: T[]): T[] {
  const seen = new Set<string>();
  const keyOf = new WeakMap<object, number>();
  let n = 0;
  return list.filter((v) => {
    const p = v.profile;
    let id = -1;
    if (p) {
      id = keyOf.get(p) ?? n++;
      keyOf.set(p, id);
    }
    const k = `${id}:${v.token ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * The samples worth deciding, in order: of the shapes of one (container, codec)
 * (adjacent in the list), only the first of each class the profile can tell
 * apart. A later shape of a class would get a decision classified like the
 * first one's, after it, and add no verdict (once() and slice(0, 1) keep the
 * first); so the verdicts are those of deciding every sample.
 */
function worthDeciding(samples: readonly Sample[], profile: DeviceProfile): Sample[] {
  const out: Sample[] = [];
  let group = '';
  let dims: ShapeDimensions | undefined;
  const seen = new Set<string>();
  for (const s of samples) {
    const g = `${s.container}\0${s.videoCodec}`;
    if (g !== group || dims === undefined) {
      group = g;
      dims = shapeDimensions(profile, s.container, s.videoCodec);
      seen.clear();
    }
    const key = shapeKey(s.facts, dims);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s);
  }
  return out;
}

export interface VerdictOptions {
  /** Decide every shape of every sample (the reference the shape classes are tested against). */
  everyShape?: boolean;
}

const cache = new WeakMap<DeviceProfile, Map<string, EngineVerdicts>>();

/** The engine's verdicts for a profile under a policy (memoised per profile object and policy). */
export function engineVerdicts(profile: DeviceProfile, policy: Policy, options: VerdictOptions = {}): EngineVerdicts {
  if (options.everyShape) return computeVerdicts(profile, policy, true);
  const key = policyKey(policy);
  let byPolicy = cache.get(profile);
  const hit = byPolicy?.get(key);
  if (hit) return hit;
  const result = computeVerdicts(profile, policy, false);
  if (!byPolicy) {
    byPolicy = new Map();
    cache.set(profile, byPolicy);
  }
  byPolicy.set(key, result);
  return result;
}

function computeVerdicts(profile: DeviceProfile, policy: Policy, everyShape: boolean): EngineVerdicts {
  const all = samplesFor(policy);
  const containerSamples = everyShape ? all.containerSamples : worthDeciding(all.containerSamples, profile);
  const codecSamples = everyShape ? all.codecSamples : worthDeciding(all.codecSamples, profile);
  const v: EngineVerdicts = {
    directPlayContainer: [],
    directPlayCodec: [],
    directStreamTrap: [],
    noH264Transcode: [],
    transcodeDeniedFormat: [],
  };
  const servesVideo = allows(profile.supportedMediaTypes, 'Video');
  const transcodes: { sample: Sample; decision: PlaybackDecision }[] = [];
  // Samples the browse call did not transcode: what Jellyfin would transcode them to is asked separately below.
  const notTranscoded: Sample[] = [];
  for (const sample of containerSamples) {
    const d = decide(sample.facts, profile, BROWSE);
    if (d?.playMethod !== 'Transcode') notTranscoded.push(sample);
    if (!d) continue;
    const token = denied(policy.denyContainers, d.container ?? sample.container);
    if (d.playMethod === 'DirectPlay' && d.directPlayProfile && token)
      v.directPlayContainer.push({ token, sample, decision: d, profile: d.directPlayProfile });
    else if (d.playMethod === 'DirectStream' && d.directPlayProfile && token)
      v.directStreamTrap.push({ token, sample, decision: d, profile: d.directPlayProfile });
    else if (d.playMethod === 'Transcode') transcodes.push({ sample, decision: d });
  }
  for (const sample of codecSamples) {
    const d = decide(sample.facts, profile, BROWSE);
    if (d?.playMethod !== 'Transcode') notTranscoded.push(sample);
    if (!d) continue;
    if (d.servesOriginalFile && d.directPlayProfile) {
      v.directPlayCodec.push({ token: sample.videoCodec, sample, decision: d, profile: d.directPlayProfile });
    } else if (d.playMethod === 'Transcode') transcodes.push({ sample, decision: d });
  }
  if (servesVideo) {
    // What Jellyfin transcodes a denied format to, whatever the direct-play lists say.
    for (const sample of notTranscoded) {
      const d = decide(sample.facts, profile, FORCED_TRANSCODE);
      if (d) transcodes.push({ sample, decision: d });
    }
  }
  for (const { sample, decision } of transcodes) {
    const t = decision.transcode;
    const tp = decision.transcodingProfile;
    if (!t || !tp) {
      if (servesVideo) v.noH264Transcode.push({ sample, decision, output: outputOf(decision) });
      continue;
    }
    if (denied(policy.denyContainers, t.container) || denied(policy.denyVideoCodecs, t.videoCodec)) {
      v.transcodeDeniedFormat.push({ sample, decision, profile: tp, output: outputOf(decision) });
    }
    // An encode whose target is not h264 in ts or mp4 (a copy of an allowed source codec is fine).
    const encodes = t.videoAction === 'encode';
    const h264Out = (t.videoCodec ?? '').toLowerCase() === 'h264' && ['ts', 'mp4'].includes(t.container.toLowerCase());
    if (servesVideo && encodes && !h264Out)
      v.noH264Transcode.push({ sample, decision, profile: tp, output: outputOf(decision) });
  }
  return {
    directPlayContainer: once(v.directPlayContainer),
    directPlayCodec: once(v.directPlayCodec),
    directStreamTrap: once(v.directStreamTrap),
    noH264Transcode: v.noH264Transcode.slice(0, 1),
    transcodeDeniedFormat: once(v.transcodeDeniedFormat),
  };
}

/** True when the engine finds no way for a denied format to reach the TV. */
export function policyHolds(v: EngineVerdicts): boolean {
  return (
    v.directPlayContainer.length === 0 &&
    v.directPlayCodec.length === 0 &&
    v.directStreamTrap.length === 0 &&
    v.noH264Transcode.length === 0 &&
    v.transcodeDeniedFormat.length === 0
  );
}
