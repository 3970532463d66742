// The synthetic media files that stand for the formats a policy denies: a
// denied container with an allowed video codec (h264 in mkv), a denied video
// codec in common containers (HEVC in mp4, ts, mkv), each in a few shapes
// (720p, 1080p 8-bit SDR, 2160p 10-bit HDR10, unknown size). The decision
// engine decides them for lint and fix (src/profile/engine-verdicts.ts).
// Built once per policy and frozen: lint asks for them for every profile, and
// the engine must never write to its input. Pure.
import type { MediaFacts } from '../media/facts.js';
import type { Policy } from '../device-profile/model.js';

/** One picture shape of a synthetic file: what varies between the samples of one (container, codec). */
export interface Shape {
  name: string;
  width?: number;
  height?: number;
  bitDepth: number;
  range: 'SDR' | 'HDR10';
  /** The video stream's bitrate; the file adds one 192 kbit/s audio stream. */
  bitrate: number;
}

export const SHAPES: readonly Shape[] = Object.freeze([
  { name: '720p', width: 1280, height: 720, bitDepth: 8, range: 'SDR', bitrate: 3_000_000 },
  { name: '1080p', width: 1920, height: 1080, bitDepth: 8, range: 'SDR', bitrate: 8_000_000 },
  { name: '2160p 10-bit HDR10', width: 3840, height: 2160, bitDepth: 10, range: 'HDR10', bitrate: 16_000_000 },
  // ffprobe could not read the size: a condition that is not isRequired is then met (ConditionProcessor).
  { name: 'of unknown size', bitDepth: 8, range: 'SDR', bitrate: 8_000_000 },
] satisfies Shape[]);

/** One synthetic file and what it stands for. */
export interface Sample {
  /** e.g. "h264 1080p in mkv". */
  label: string;
  container: string;
  videoCodec: string;
  shape: Shape;
  facts: MediaFacts;
}

/** ffprobe's (and Jellyfin's) name for an mp4 family file. */
export const MP4 = 'mov,mp4,m4a,3gp,3g2,mj2';

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
    video: Object.freeze({
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
    }),
    audio: Object.freeze([
      Object.freeze({
        index: 1,
        codec: 'aac',
        profile: 'LC',
        channels: 2,
        sampleRate: 48_000,
        bitRate: 192_000,
        isDefault: true,
        isExternal: false,
      }),
    ]) as MediaFacts['audio'],
    subtitles: Object.freeze([]) as unknown as MediaFacts['subtitles'],
    videoStreamCount: 1,
    numStreams: 2,
    defaultSubtitleStreamIndex: null,
  };
  return Object.freeze({
    label: `${codec} ${shape.name} in ${container === MP4 ? 'mp4' : container}`,
    container,
    videoCodec: codec,
    shape,
    facts: Object.freeze(facts),
  });
}

/** A video codec the policy allows, to stand beside a denied container. */
function allowedCodec(policy: Policy): string {
  return ['h264', 'mpeg4', 'mpeg2video'].find((c) => !policy.denyVideoCodecs.includes(c)) ?? 'h264';
}

export interface PolicySamples {
  /** Every denied container with an allowed codec, in every shape (shapes of one file adjacent, in SHAPES order). */
  containerSamples: readonly Sample[];
  /** Every denied codec in mp4, ts and each other denied container, in every shape (likewise). */
  codecSamples: readonly Sample[];
}

function build(policy: Policy): PolicySamples {
  const ok = allowedCodec(policy);
  const containerSamples = policy.denyContainers.flatMap((c) => SHAPES.map((s) => sample(c, ok, s)));
  const containers = [MP4, 'ts', ...policy.denyContainers.filter((c) => c !== 'mp4' && c !== 'ts')];
  const codecSamples = policy.denyVideoCodecs.flatMap((v) =>
    containers.flatMap((c) => SHAPES.map((s) => sample(c, v, s))),
  );
  return Object.freeze({
    containerSamples: Object.freeze(containerSamples),
    codecSamples: Object.freeze(codecSamples),
  });
}

/** The key a policy's samples are cached under. */
export function policyKey(policy: Policy): string {
  return `${policy.denyContainers.join(',')}|${policy.denyVideoCodecs.join(',')}`;
}

const byPolicy = new Map<string, PolicySamples>();
const LIMIT = 64;

/** The synthetic media for a policy (built once per policy, shared and frozen). */
export function samplesFor(policy: Policy): PolicySamples {
  const key = policyKey(policy);
  let samples = byPolicy.get(key);
  if (samples === undefined) {
    if (byPolicy.size >= LIMIT) byPolicy.clear();
    samples = build(policy);
    byPolicy.set(key, samples);
  }
  return samples;
}
