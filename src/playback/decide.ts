// Entry point of the pure decision engine: a file's facts and a device
// profile in, Jellyfin's playback decision out (video or audio item).
import type { DeviceProfile } from '../device-profile/model.js';
import type { MediaFacts } from '../media/facts.js';
import type { PlaybackDecision } from './decision.js';
import { decideVideo, type DecideOptions } from './decide-video.js';
import { decideAudio } from './decide-audio.js';

export type { DecideOptions };

export function decidePlayback(
  facts: MediaFacts,
  profile: DeviceProfile,
  options: DecideOptions = {},
): PlaybackDecision {
  return facts.isAudioOnly ? decideAudio(facts, profile, options) : decideVideo(facts, profile, options);
}
