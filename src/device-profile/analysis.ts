// What a profile makes Jellyfin's StreamBuilder do with a video, reduced to the
// questions lint and fix ask. Pure functions over the model.
//
// The facts (MediaBrowser.Model/Dlna/StreamBuilder.cs, GetVideoDirectPlayProfile):
// - every Video DirectPlayProfile is analysed; its failure reasons are its own
//   container/video codec/audio codec mismatches, plus the reasons of the
//   ContainerProfile conditions (Video, matching the file's container), plus
//   the CodecProfile conditions (Video, matching codec and container, when the
//   video codec itself is supported);
// - no reason at all: Direct Play. Only reasons in DirectStreamReasons
//   (ContainerNotSupported, the audio reasons, VideoCodecTagNotSupported):
//   Direct Stream, which the DLNA plugin serves as the original file
//   (Static=true) — the direct-stream trap;
// - so a container is safely refused only when, for that container, every
//   Video DirectPlayProfile also fails for a reason outside DirectStreamReasons:
//   VideoCodecNotSupported, or a failed condition that maps to a video reason
//   (GetTranscodeReasonForFailedCondition: Width/Height -> VideoResolutionNotSupported, ...).
import type {
  CodecProfile,
  ContainerProfile,
  DeviceProfile,
  DirectPlayProfile,
  Policy,
  ProfileCondition,
} from './model.js';
import { listAllows, parseList } from './lists.js';

export function videoDirectPlayProfiles(p: DeviceProfile): DirectPlayProfile[] {
  return p.directPlayProfiles.filter((d) => d.type === 'Video');
}

/**
 * True when no video stream can satisfy `c`, and its failure carries a reason
 * outside DirectStreamReasons. We only recognise the unambiguous form the fix
 * writes (and its obvious variants): a required Width or Height of at most 0
 * (or equal to 0). ConditionProcessor: an unknown value fails a required condition;
 * every real video has a positive width and height. The failure maps to
 * VideoResolutionNotSupported, a video reason, so it blocks Direct Stream too.
 */
export function conditionExcludesEveryVideo(c: ProfileCondition): boolean {
  if (c.property !== 'Width' && c.property !== 'Height') return false;
  if (!c.isRequired) return false;
  if (!/^\s*[+-]?[0-9]+\s*$/.test(c.value)) return false;
  const v = Number(c.value);
  if (c.condition === 'LessThanEqual' || c.condition === 'Equals' || c.condition === 'EqualsAny') return v <= 0;
  return false;
}

/** A Video ContainerProfile for `container` whose conditions no video meets (Direct Play and Direct Stream both refused). */
export function containerBlockingProfile(p: DeviceProfile, container: string): ContainerProfile | undefined {
  return p.containerProfiles.find(
    (cp) =>
      cp.type === 'Video' && listAllows(cp.container, container) && cp.conditions.some(conditionExcludesEveryVideo),
  );
}

/**
 * A Video CodecProfile for `codec` in every container, without ApplyConditions,
 * whose conditions no video meets: that codec then never direct-plays or direct-streams.
 */
export function codecBlockingProfile(p: DeviceProfile, codec: string): CodecProfile | undefined {
  return p.codecProfiles.find(
    (cp) =>
      cp.type === 'Video' &&
      parseList(cp.container).all &&
      cp.applyConditions.length === 0 &&
      listAllows(cp.codec, codec) &&
      cp.conditions.some(conditionExcludesEveryVideo),
  );
}

export function containerBlocked(p: DeviceProfile, container: string): boolean {
  return containerBlockingProfile(p, container) !== undefined;
}

export function codecBlocked(p: DeviceProfile, codec: string): boolean {
  return codecBlockingProfile(p, codec) !== undefined;
}

/**
 * Does this DirectPlayProfile's video codec list admit some codec the policy
 * allows? Then a file with that codec in a container this profile does not list
 * fails only on ContainerNotSupported (a Direct Stream reason): the trap.
 */
export function admitsAllowedVideoCodec(d: DirectPlayProfile, policy: Policy): boolean {
  const list = parseList(d.videoCodec);
  if (list.all || list.deny) return true; // everything, or everything but a few
  return list.tokens.some((t) => !policy.denyVideoCodecs.includes(t));
}

/**
 * The Video DirectPlayProfiles through which a file in denied `container`
 * reaches the TV by Direct Stream, although no profile admits the container.
 * Empty when a profile admits it outright (that is direct-play-container), or
 * when a ContainerProfile refuses the container for every video.
 */
export function directStreamTrap(p: DeviceProfile, container: string, policy: Policy): DirectPlayProfile[] {
  const video = videoDirectPlayProfiles(p);
  if (containerBlocked(p, container)) return [];
  if (video.some((d) => listAllows(d.container, container))) return [];
  return video.filter((d) => admitsAllowedVideoCodec(d, policy));
}

/** Output containers Jellyfin's DLNA TVs take h264 in (the ones the rule asks for). */
const H264_OUTPUT_CONTAINERS = ['ts', 'mp4'];

/**
 * Video TranscodingProfiles (Streaming context, as the DLNA server requests)
 * whose first target video codec is h264, in ts or mp4. StreamBuilder sets the
 * transcode's video codecs from the profile's list, and ffmpeg encodes the first.
 */
export function h264TranscodingProfiles(p: DeviceProfile) {
  return p.transcodingProfiles.filter((t) => {
    if (t.type !== 'Video' || t.context !== 'Streaming') return false;
    const codecs = parseList(t.videoCodec);
    return !codecs.deny && codecs.tokens[0] === 'h264' && H264_OUTPUT_CONTAINERS.includes(t.container.toLowerCase());
  });
}

/**
 * Video TranscodingProfiles whose output the TV cannot play under the policy:
 * a denied container, or a denied codec as the first (encoded) video codec.
 * GetVideoTranscodeProfile may rank one of them first (e.g. when it can copy
 * the source audio), so an h264 profile elsewhere does not make them harmless.
 */
export function deniedTranscodingProfiles(p: DeviceProfile, policy: Policy) {
  return p.transcodingProfiles.filter((t) => {
    if (t.type !== 'Video') return false;
    const first = parseList(t.videoCodec).tokens[0];
    return (
      policy.denyContainers.includes(t.container.toLowerCase()) ||
      (first !== undefined && policy.denyVideoCodecs.includes(first))
    );
  });
}
