// Why a small video can fail with VideoResolutionNotSupported: the profile's
// Direct Stream trap guard. A profile closes the DLNA Direct Stream trap with a
// Video ContainerProfile whose required condition no video meets (`Width
// Equals 0`, src/device-profile/analysis.ts): StreamBuilder maps the failed Width
// condition to VideoResolutionNotSupported, a video reason, so Jellyfin
// transcodes instead of "direct streaming" (serving the original file). The
// reason is Jellyfin's and correct, but read literally it says a 320x240 clip
// is too big; play-check names the guard instead. Pure.
import type { MediaFacts } from '../media/facts.js';
import { conditionExcludesEveryVideo, containerBlockingProfile } from '../device-profile/analysis.js';
import type { ContainerProfile, DeviceProfile, ProfileCondition } from '../device-profile/model.js';
import { decidePlayback } from './decide.js';
import type { DecideOptions } from './decide-video.js';
import type { PlaybackDecision } from './decision.js';

export interface TrapGuard {
  /** The Video ContainerProfile that rejects every file in this container. */
  containerProfile: ContainerProfile;
  /** Its condition that no video meets. */
  condition: ProfileCondition;
  /**
   * The decision without the guard still has VideoResolutionNotSupported: the
   * video is also really larger than the profile allows.
   */
  resolutionAlsoExceeds: boolean;
}

/** The trap guard behind the decision's VideoResolutionNotSupported, or undefined when there is none. */
export function findTrapGuard(
  facts: MediaFacts,
  profile: DeviceProfile,
  decision: PlaybackDecision,
  options: DecideOptions = {},
): TrapGuard | undefined {
  if (facts.isAudioOnly || facts.container === undefined || !decision.reasons.includes('VideoResolutionNotSupported'))
    return undefined;
  const guard = containerBlockingProfile(profile, facts.container);
  const condition = guard?.conditions.find(conditionExcludesEveryVideo);
  if (!guard || !condition) return undefined;
  // Ask the engine itself whether the resolution fails anyway: the same profile with every guard condition taken out.
  const unguarded: DeviceProfile = {
    ...profile,
    containerProfiles: profile.containerProfiles.map((cp) =>
      cp.type === 'Video' ? { ...cp, conditions: cp.conditions.filter((c) => !conditionExcludesEveryVideo(c)) } : cp,
    ),
  };
  const without = decidePlayback(facts, unguarded, options);
  return {
    containerProfile: guard,
    condition,
    resolutionAlsoExceeds: without.reasons.includes('VideoResolutionNotSupported'),
  };
}

/** The words play-check prints for VideoResolutionNotSupported when a trap guard caused it. */
export function trapGuardInWords(g: TrapGuard, resolution: string | undefined): string {
  const containers = g.containerProfile.container.split(',').filter(Boolean).join('/');
  const c = g.condition;
  const guard =
    `the profile's ${containers} ContainerProfile (line ${g.containerProfile.pos.line}) rejects every ${containers} on purpose ` +
    `(its required "${c.property} ${c.condition} ${c.value}" fails for every video; it closes the DLNA Direct Stream trap), so Jellyfin transcodes`;
  if (g.resolutionAlsoExceeds) return `the resolution is above what the TV accepts; besides, ${guard}`;
  return `not the video's size${resolution ? ` (${resolution} is within the profile's limits)` : ''}: ${guard}`;
}
