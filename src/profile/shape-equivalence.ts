// Which shapes of one synthetic file (src/profile/synthetic-media.ts) the
// decision engine can tell apart under a given profile. Lint decides only the
// first shape of each class: the others would get a decision that engine-
// verdicts classifies the same way, and since they come after it (same list,
// same element, same token) they would add no verdict. Pure.
//
// Why this is sound. The shapes of one (container, codec) differ only in
// three dimensions of their facts (test/profile/shape-equivalence.test.ts
// checks that nothing else varies):
//   size    video.width, video.height
//   bitrate video.bitRate, and the file's total bitrate
//   format  video.bitDepth, profile, level, videoRangeType (and videoRange,
//           which the engine never reads)
// The engine (src/playback/decide-video.ts, options without maxBitrate, as
// BROWSE and FORCED_TRANSCODE in engine-verdicts are) reads them only here:
//   1. bitrateLimitExceeded(file bitrate, MaxStreamingBitrate) → bitrate.
//   2. ProfileConditions evaluated on videoConditionInput (Width, Height →
//      size; VideoBitrate → bitrate; VideoBitDepth, VideoProfile, VideoLevel,
//      VideoRangeType → format; every other property reads the same value in
//      every shape, so it passes, fails or throws alike). In the direct-play
//      step: the conditions of Video ContainerProfiles whose list allows the
//      container and of Video CodecProfiles that apply to (codec, container).
//      While building a stream (Direct Stream or Transcode): the
//      ApplyConditions of Video CodecProfiles (here: all of them).
//   3. The copy test of a transcode (videoCopyBlocker), which reaches the
//      shape only when the source codec is among the transcode's video codecs
//      (else it encodes whatever the shape): it compares the shape with the
//      limits the CodecProfile and TranscodingProfile conditions set (same
//      property → dimension map) and with the video bitrate target,
//      max(MaxStreamingBitrate - audio bitrate, 64k) → bitrate. The audio
//      bitrate is at most GetMaxAudioBitrateForTotal(MaxStreamingBitrate)
//      unless an AudioBitrate condition sets it (then: bitrate counts).
//      Level, bit depth and profile targets start at the source's own values,
//      which never fail the test against themselves.
// So a dimension no step above reads cannot change the decision, nor whether
// it throws; shapes equal in every dimension read are decided alike.
import type { DeviceProfile, ProfileCondition } from '../device-profile/model.js';
import { allows, containsAny, splitList } from '../playback/list-match.js';
import { bitrateLimitExceeded, maxBitrateFor } from '../playback/decide-video.js';
import { maxAudioBitrateForTotal } from '../playback/audio-bitrate.js';
import { SHAPES } from './synthetic-media.js';
import type { MediaFacts } from '../media/facts.js';

/** The dimensions of a shape the engine reads for one file under one profile. */
export interface ShapeDimensions {
  size: boolean;
  bitrate: boolean;
  format: boolean;
}

const DIMENSION: Partial<Record<string, keyof ShapeDimensions>> = {
  Width: 'size',
  Height: 'size',
  VideoBitrate: 'bitrate',
  VideoBitDepth: 'format',
  VideoProfile: 'format',
  VideoLevel: 'format',
  VideoRangeType: 'format',
};

function mark(dims: ShapeDimensions, conditions: readonly ProfileCondition[]): void {
  for (const c of conditions) {
    const d = DIMENSION[c.property];
    if (d !== undefined) dims[d] = true;
  }
}

const VIDEO_BITRATES = SHAPES.map((s) => s.bitrate);
const TOTAL_BITRATES = SHAPES.map((s) => s.bitrate + 192_000);

/** True when the shapes' video bitrates all sit on the same side of every copy target the profile can produce. */
function copyTargetSplitsShapes(profile: DeviceProfile): boolean {
  const max = maxBitrateFor(profile, {});
  if (max === undefined) return false; // no target bitrate: the copy test does not compare bitrates
  const lowest = Math.min(...VIDEO_BITRATES);
  const highest = Math.max(...VIDEO_BITRATES);
  if (Math.max(max, 64_000) < lowest) return false; // every shape is above any target
  const audioSet = [...profile.codecProfiles, ...profile.transcodingProfiles].some((p) =>
    p.conditions.some((c) => c.property === 'AudioBitrate'),
  );
  if (audioSet) return true;
  return max - maxAudioBitrateForTotal(max) < highest; // else every shape is at or below the target
}

/** The dimensions the engine reads when it decides `codec` in `container` under `profile` (a superset: see above). */
export function shapeDimensions(profile: DeviceProfile, container: string, codec: string): ShapeDimensions {
  const dims: ShapeDimensions = { size: false, bitrate: false, format: false };
  // 1. The file bitrate against MaxStreamingBitrate.
  const max = maxBitrateFor(profile, {});
  const exceeded = TOTAL_BITRATES.map((b) => bitrateLimitExceeded(b, max));
  if (exceeded.some((e) => e !== exceeded[0])) dims.bitrate = true;
  // 2. Conditions on the video: the direct-play step, then building a stream.
  for (const cp of profile.containerProfiles)
    if (cp.type === 'Video' && allows(cp.container, container)) mark(dims, cp.conditions);
  for (const cp of profile.codecProfiles) {
    if (cp.type !== 'Video') continue;
    mark(dims, cp.applyConditions);
    if (allows(cp.container, container) && containsAny(cp.codec, codec)) mark(dims, cp.conditions);
  }
  // 3. The copy test, when some transcode may keep the source codec.
  const lower = codec.toLowerCase();
  const copyable = profile.transcodingProfiles.some((tp) => {
    const codecs = splitList(tp.videoCodec);
    return tp.type === 'Video' && (codecs.length === 0 || codecs.some((c) => c.toLowerCase() === lower));
  });
  if (copyable) {
    for (const cp of profile.codecProfiles) if (cp.type === 'Video') mark(dims, cp.conditions);
    for (const tp of profile.transcodingProfiles) mark(dims, tp.conditions);
    if (copyTargetSplitsShapes(profile)) dims.bitrate = true;
  }
  return dims;
}

/** What a file looks like in the dimensions read: files of one (container, codec) with equal keys are decided alike. */
export function shapeKey(facts: MediaFacts, dims: ShapeDimensions): string {
  const v = facts.video;
  const size = dims.size ? `${v?.width}x${v?.height}` : '';
  const bitrate = dims.bitrate ? `${v?.bitRate}/${facts.bitrate}` : '';
  const format = dims.format ? `${v?.bitDepth}/${v?.profile}/${v?.level}/${v?.videoRangeType}` : '';
  return `${size}|${bitrate}|${format}`;
}
