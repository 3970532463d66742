// The policy questions lint and fix ask, answered by the decision engine
// itself (src/playback/, Jellyfin 10.11's StreamBuilder as the DLNA plugin
// calls it) over synthetic media that stand for the formats the policy denies:
// a denied container with an allowed video codec (h264 in mkv), a denied video
// codec in common containers (HEVC in mp4, ts, mkv), in a few shapes (720p,
// 1080p 8-bit SDR, 2160p 10-bit HDR10). No pattern over the XML: whatever a
// profile does (a ContainerProfile, a CodecProfile limited to one container,
// ApplyConditions, deny-lists), the verdict is what StreamBuilder decides.
// Each verdict names the element responsible: the DirectPlayProfile that
// matched, or the TranscodingProfile used. Pure.
import type { MediaFacts } from '../media/facts.js';
import { decidePlayback, type DecideOptions } from '../playback/decide.js';
import type { PlaybackDecision } from '../playback/decision.js';
import { ProfileConditionError } from '../playback/conditions.js';
import { listAllows, splitList } from './lists.js';
import type { DeviceProfile, DirectPlayProfile, Policy, TranscodingProfile } from './model.js';

/** One synthetic file and what it stands for. */
export interface Sample {
  /** e.g. "h264 1080p in mkv". */
  label: string;
  container: string;
  videoCodec: string;
  facts: MediaFacts;
}

/** ffprobe's (and Jellyfin's) name for an mp4 family file. */
const MP4 = 'mov,mp4,m4a,3gp,3g2,mj2';

interface Shape {
  name: string;
  width?: number;
  height?: number;
  bitDepth: number;
  range: 'SDR' | 'HDR10';
  bitrate: number;
}
const SHAPES: readonly Shape[] = [
  { name: '720p', width: 1280, height: 720, bitDepth: 8, range: 'SDR', bitrate: 3_000_000 },
  { name: '1080p', width: 1920, height: 1080, bitDepth: 8, range: 'SDR', bitrate: 8_000_000 },
  { name: '2160p 10-bit HDR10', width: 3840, height: 2160, bitDepth: 10, range: 'HDR10', bitrate: 16_000_000 },
  // ffprobe could not read the size: a condition that is not isRequired is then met (ConditionProcessor).
  { name: 'of unknown size', bitDepth: 8, range: 'SDR', bitrate: 8_000_000 },
];

const PROFILES: Record<string, [string, string]> = {
  h264: ['High', 'High 10'],
  hevc: ['Main', 'Main 10'],
};

function sample(container: string, codec: string, shape: Shape): Sample {
  const [profile8, profile10] = PROFILES[codec] ?? [undefined, undefined];
  const total = shape.bitrate + 192_000;
  const facts: MediaFacts = {
    path: `/synthetic/${codec}-${shape.name.replace(/ /g, '-')}.${container.split(',')[1] ?? container}`,
    container,
    bitrate: total,
    isAudioOnly: false,
    video: {
      index: 0,
      codec,
      codecTag: undefined,
      profile: shape.bitDepth > 8 ? profile10 : profile8,
      level: codec === 'hevc' ? ((shape.height ?? 0) > 1080 ? 153 : 120) : (shape.height ?? 0) > 1080 ? 51 : 41,
      bitDepth: shape.bitDepth,
      width: shape.width,
      height: shape.height,
      averageFrameRate: 23.976,
      realFrameRate: 23.976,
      bitRate: shape.bitrate,
      isInterlaced: false,
      isAnamorphic: false,
      isAvc: codec === 'h264' ? true : undefined,
      refFrames: 4,
      videoRange: shape.range === 'SDR' ? 'SDR' : 'HDR',
      videoRangeType: shape.range,
      isDefault: true,
    },
    audio: [{ index: 1, codec: 'aac', profile: 'LC', channels: 2, sampleRate: 48_000, bitRate: 192_000, isDefault: true, isExternal: false }],
    subtitles: [],
    videoStreamCount: 1,
    numStreams: 2,
    defaultSubtitleStreamIndex: null,
  };
  return { label: `${codec} ${shape.name} in ${container === MP4 ? 'mp4' : container}`, container, videoCodec: codec, facts };
}

/** A video codec the policy allows, to stand beside a denied container. */
function allowedCodec(policy: Policy): string {
  return ['h264', 'mpeg4', 'mpeg2video'].find((c) => !policy.denyVideoCodecs.includes(c)) ?? 'h264';
}

/** The synthetic media for a policy: every denied container with an allowed codec, every denied codec in mp4, ts and each denied container. */
export function samplesFor(policy: Policy): { containerSamples: Sample[]; codecSamples: Sample[] } {
  const ok = allowedCodec(policy);
  const containerSamples = policy.denyContainers.flatMap((c) => SHAPES.map((s) => sample(c, ok, s)));
  const containers = [MP4, 'ts', ...policy.denyContainers.filter((c) => c !== 'mp4' && c !== 'ts')];
  const codecSamples = policy.denyVideoCodecs.flatMap((v) => containers.flatMap((c) => SHAPES.map((s) => sample(c, v, s))));
  return { containerSamples, codecSamples };
}

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
  return t ? `${t.videoCodec ?? 'no video'} in ${t.container}` : 'nothing (no Video TranscodingProfile with context Streaming)';
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

const cache = new WeakMap<DeviceProfile, Map<string, EngineVerdicts>>();

/** The engine's verdicts for a profile under a policy (memoised per profile object and policy). */
export function engineVerdicts(profile: DeviceProfile, policy: Policy): EngineVerdicts {
  const policyKey = `${policy.denyContainers.join(',')}|${policy.denyVideoCodecs.join(',')}`;
  let byPolicy = cache.get(profile);
  const hit = byPolicy?.get(policyKey);
  if (hit) return hit;
  const { containerSamples, codecSamples } = samplesFor(policy);
  const v: EngineVerdicts = { directPlayContainer: [], directPlayCodec: [], directStreamTrap: [], noH264Transcode: [], transcodeDeniedFormat: [] };
  const servesVideo = listAllows(profile.supportedMediaTypes, 'Video');
  const transcodes: { sample: Sample; decision: PlaybackDecision }[] = [];
  // Samples the browse call did not transcode: what Jellyfin would transcode them to is asked separately below.
  const notTranscoded: Sample[] = [];
  for (const sample of containerSamples) {
    const d = decide(sample.facts, profile, BROWSE);
    if (d?.playMethod !== 'Transcode') notTranscoded.push(sample);
    if (!d) continue;
    const token = denied(policy.denyContainers, d.container ?? sample.container);
    if (d.playMethod === 'DirectPlay' && d.directPlayProfile && token) v.directPlayContainer.push({ token, sample, decision: d, profile: d.directPlayProfile });
    else if (d.playMethod === 'DirectStream' && d.directPlayProfile && token) v.directStreamTrap.push({ token, sample, decision: d, profile: d.directPlayProfile });
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
    if (servesVideo && encodes && !h264Out) v.noH264Transcode.push({ sample, decision, profile: tp, output: outputOf(decision) });
  }
  const result: EngineVerdicts = {
    directPlayContainer: once(v.directPlayContainer),
    directPlayCodec: once(v.directPlayCodec),
    directStreamTrap: once(v.directStreamTrap),
    noH264Transcode: v.noH264Transcode.slice(0, 1),
    transcodeDeniedFormat: once(v.transcodeDeniedFormat),
  };
  if (!byPolicy) {
    byPolicy = new Map();
    cache.set(profile, byPolicy);
  }
  byPolicy.set(policyKey, result);
  return result;
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
