// Jellyfin's ConditionProcessor (MediaBrowser.Model/Dlna/ConditionProcessor.cs):
// whether a ProfileCondition holds for a stream. An unknown value satisfies a
// condition unless it isRequired; a value that does not parse fails it; a
// comparison Jellyfin cannot make (LessThanEqual on a text property) throws
// in Jellyfin, and throws a ProfileConditionError here so the caller can
// report the profile as broken instead of guessing.
import type { ProfileCondition } from '../device-profile/model.js';
import { VIDEO_RANGE_TYPES, type VideoRangeType } from '../media/facts.js';
import { DlnaBridgeError } from '../util/errors.js';

export class ProfileConditionError extends DlnaBridgeError {
  readonly code = 'PLAYBACK_PROFILE_CONDITION_INVALID';

  constructor(
    message: string,
    readonly condition: ProfileCondition,
  ) {
    super(message);
  }
}

/** The video values ConditionProcessor.IsVideoConditionSatisfied receives. */
export interface VideoConditionInput {
  width?: number;
  height?: number;
  bitDepth?: number;
  videoBitrate?: number;
  videoProfile?: string;
  videoRangeType?: VideoRangeType;
  videoLevel?: number;
  videoFramerate?: number;
  packetLength?: number;
  timestamp?: string;
  isAnamorphic?: boolean;
  isInterlaced?: boolean;
  refFrames?: number;
  numVideoStreams?: number;
  numAudioStreams?: number;
  /** MediaSourceInfo.MediaStreams.Count (Jellyfin 10.11 NumStreams): never unknown. */
  numStreams: number;
  videoCodecTag?: string;
  isAvc?: boolean;
}

/** The audio values IsVideoAudioConditionSatisfied / IsAudioConditionSatisfied receive. */
export interface AudioConditionInput {
  audioChannels?: number;
  audioBitrate?: number;
  audioSampleRate?: number;
  audioBitDepth?: number;
  audioProfile?: string;
  isSecondaryAudio?: boolean;
}

// int.TryParse(NumberStyles.Integer): optional surrounding whitespace and sign, digits only.
const INT_RE = /^\s*[+-]?\d+\s*$/;
// double.TryParse(NumberStyles.Float | AllowThousands).
const FLOAT_RE = /^\s*[+-]?(\d[\d,]*)?(\.\d+)?([eE][+-]?\d+)?\s*$/;

function parseInt32(text: string): number | undefined {
  if (!INT_RE.test(text)) return undefined;
  const n = Number.parseInt(text, 10);
  return n > 2_147_483_647 || n < -2_147_483_648 ? undefined : n;
}

function parseDouble(text: string): number | undefined {
  if (!FLOAT_RE.test(text) || !/\d/.test(text)) return undefined;
  const n = Number(text.replace(/,/g, '').trim());
  return Number.isFinite(n) ? n : undefined;
}

function parseBool(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  return t === 'true' ? true : t === 'false' ? false : undefined;
}

function unexpected(c: ProfileCondition): never {
  throw new ProfileConditionError(
    `condition ${c.condition} cannot be used with ${c.property} (Jellyfin throws "Unexpected ProfileConditionType")`,
    c,
  );
}

function satisfiedNumber(
  c: ProfileCondition,
  current: number | undefined,
  parse: (t: string) => number | undefined,
): boolean {
  if (current === undefined) return !c.isRequired;
  const value = c.value ?? '';
  if (c.condition === 'EqualsAny') {
    return value.split('|').some((part) => parse(part) === current);
  }
  const expected = parse(value);
  if (expected === undefined) return false;
  switch (c.condition) {
    case 'Equals':
      return current === expected;
    case 'NotEquals':
      return current !== expected;
    case 'LessThanEqual':
      return current <= expected;
    case 'GreaterThanEqual':
      return current >= expected;
    default:
      return unexpected(c);
  }
}

function satisfiedString(c: ProfileCondition, current: string | undefined): boolean {
  if (current === undefined || current === '') return !c.isRequired;
  const expected = c.value ?? '';
  const cur = current.toLowerCase();
  switch (c.condition) {
    case 'EqualsAny':
      return expected.split('|').some((v) => v.toLowerCase() === cur);
    case 'Equals':
      return expected.toLowerCase() === cur;
    case 'NotEquals':
      return expected.toLowerCase() !== cur;
    default:
      return unexpected(c);
  }
}

function satisfiedBool(c: ProfileCondition, current: boolean | undefined): boolean {
  if (current === undefined) return !c.isRequired;
  const expected = parseBool(c.value ?? '');
  if (expected === undefined) return false;
  switch (c.condition) {
    case 'Equals':
      return current === expected;
    case 'NotEquals':
      return current !== expected;
    default:
      return unexpected(c);
  }
}

function parseRange(text: string): VideoRangeType | undefined {
  const t = text.trim().toLowerCase();
  return VIDEO_RANGE_TYPES.find((r) => r.toLowerCase() === t);
}

function satisfiedRange(c: ProfileCondition, current: VideoRangeType | undefined): boolean {
  if (current === undefined || current === 'Unknown') return !c.isRequired;
  const value = c.value ?? '';
  if (c.condition === 'EqualsAny') return value.split('|').some((part) => parseRange(part) === current);
  const expected = parseRange(value);
  if (expected === undefined) return false;
  switch (c.condition) {
    case 'Equals':
      return current === expected;
    case 'NotEquals':
      return current !== expected;
    default:
      return unexpected(c);
  }
}

function satisfiedTimestamp(c: ProfileCondition, current: string | undefined): boolean {
  if (current === undefined) return !c.isRequired;
  const expected = (c.value ?? '').trim().toLowerCase();
  if (!['none', 'zero', 'valid'].includes(expected)) {
    throw new ProfileConditionError(
      `VideoTimestamp value "${c.value}" is not None, Zero or Valid (Jellyfin throws)`,
      c,
    );
  }
  switch (c.condition) {
    case 'Equals':
      return current.toLowerCase() === expected;
    case 'NotEquals':
      return current.toLowerCase() !== expected;
    default:
      return unexpected(c);
  }
}

/** ConditionProcessor.IsVideoConditionSatisfied; properties it does not know are satisfied. */
export function isVideoConditionSatisfied(c: ProfileCondition, v: VideoConditionInput): boolean {
  switch (c.property) {
    case 'IsInterlaced':
      return satisfiedBool(c, v.isInterlaced);
    case 'IsAnamorphic':
      return satisfiedBool(c, v.isAnamorphic);
    case 'IsAvc':
      return satisfiedBool(c, v.isAvc);
    case 'VideoFramerate':
      return satisfiedNumber(c, v.videoFramerate, parseDouble);
    case 'VideoLevel':
      return satisfiedNumber(c, v.videoLevel, parseDouble);
    case 'VideoProfile':
      return satisfiedString(c, v.videoProfile);
    case 'VideoRangeType':
      return satisfiedRange(c, v.videoRangeType);
    case 'VideoCodecTag':
      return satisfiedString(c, v.videoCodecTag);
    case 'PacketLength':
      return satisfiedNumber(c, v.packetLength, parseInt32);
    case 'VideoBitDepth':
      return satisfiedNumber(c, v.bitDepth, parseInt32);
    case 'VideoBitrate':
      return satisfiedNumber(c, v.videoBitrate, parseInt32);
    case 'Height':
      return satisfiedNumber(c, v.height, parseInt32);
    case 'Width':
      return satisfiedNumber(c, v.width, parseInt32);
    case 'RefFrames':
      return satisfiedNumber(c, v.refFrames, parseInt32);
    case 'NumAudioStreams':
      return satisfiedNumber(c, v.numAudioStreams, parseInt32);
    case 'NumVideoStreams':
      return satisfiedNumber(c, v.numVideoStreams, parseInt32);
    case 'NumStreams':
      return satisfiedNumber(c, v.numStreams, parseInt32);
    case 'VideoTimestamp':
      return satisfiedTimestamp(c, v.timestamp);
    default:
      return true;
  }
}

function audioProperty(c: ProfileCondition, a: AudioConditionInput, allowVideoAudio: boolean): boolean {
  switch (c.property) {
    case 'AudioBitrate':
      return satisfiedNumber(c, a.audioBitrate, parseInt32);
    case 'AudioChannels':
      return satisfiedNumber(c, a.audioChannels, parseInt32);
    case 'AudioSampleRate':
      return satisfiedNumber(c, a.audioSampleRate, parseInt32);
    case 'AudioBitDepth':
      return satisfiedNumber(c, a.audioBitDepth, parseInt32);
    case 'AudioProfile':
      if (allowVideoAudio) return satisfiedString(c, a.audioProfile);
      break;
    case 'IsSecondaryAudio':
      if (allowVideoAudio) return satisfiedBool(c, a.isSecondaryAudio);
      break;
    default:
      break;
  }
  throw new ProfileConditionError(
    `${c.property} is not an audio condition (Jellyfin throws "Unexpected condition on audio file")`,
    c,
  );
}

/** ConditionProcessor.IsVideoAudioConditionSatisfied (audio of a video item). */
export function isVideoAudioConditionSatisfied(c: ProfileCondition, a: AudioConditionInput): boolean {
  return audioProperty(c, a, true);
}

/** ConditionProcessor.IsAudioConditionSatisfied (audio items). */
export function isAudioConditionSatisfied(c: ProfileCondition, a: AudioConditionInput): boolean {
  return audioProperty(c, a, false);
}
