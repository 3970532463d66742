// The engine side of `dlna-bridge play-check`, loaded by command.ts while the
// first probes already run: pick the profile Jellyfin would use, decide one
// probed file as StreamBuilder does, say whether the TV ends up with a denied
// format, and plan the ffmpeg commands. Every rule lives in the pure modules
// it calls.
import type { Policy } from '../device-profile/model.js';
import type { RequestHeaders } from '../device-profile/select.js';
import type { MediaFacts } from '../media/facts.js';
import { decidePlayback, type DecideOptions } from './decide.js';
import { checkPolicy } from './policy.js';
import { planFfmpeg } from './ffmpeg-plan.js';
import { ProfileConditionError } from './conditions.js';
import { profileForHeaders, profileFromFile, ProfileSourceError, type ChosenProfile } from './profile-sources.js';
import type { FileResult } from './play-check-report.js';
import { findTrapGuard } from './trap-guard.js';
import type { EncoderChoice } from '../media/encoder-detect.js';

export { formatText, toJson } from './play-check-report.js';

export interface PlayCheckOptions {
  /** One profile file, or (when absent) Jellyfin's choice among profileDirs for the headers. */
  profileFile?: string;
  profileDirs: string[];
  headers: RequestHeaders;
  policy: Policy;
  json: boolean;
  /** Override the bitrate cap (MediaOptions.MaxBitrate); default: the profile's MaxStreamingBitrate. */
  maxBitrate?: number;
  /** MediaOptions.AudioStreamIndex / SubtitleStreamIndex (-1: no subtitle); default: none requested, as the DLNA plugin's browse. */
  audioStreamIndex?: number;
  subtitleStreamIndex?: number;
  /** Decide as the plugin's PlayTo does (EnableDirectStream = false) instead of its browse (DidlBuilder). */
  playTo?: boolean;
}

export function chooseProfile(
  opts: Pick<PlayCheckOptions, 'profileFile' | 'profileDirs' | 'headers'>,
): Promise<ChosenProfile> {
  return opts.profileFile ? profileFromFile(opts.profileFile) : profileForHeaders(opts.profileDirs, opts.headers);
}

/**
 * One probed file's result. A profile condition Jellyfin would refuse is a
 * ProfileSourceError naming the profile and line: no file can be decided with it.
 */
export async function checkFile(
  file: string,
  probed: MediaFacts,
  chosen: ChosenProfile,
  opts: PlayCheckOptions,
  detect: () => Promise<EncoderChoice>,
): Promise<FileResult> {
  // The plugin's browse asks for the user's media sources: with Jellyfin's default user settings
  // (PlayDefaultAudioTrack, no audio language) DefaultAudioIndexSource is Default.
  const facts: MediaFacts = probed.audioIndexSource ? probed : { ...probed, audioIndexSource: { default: true } };
  const decideOptions: DecideOptions = {
    maxBitrate: opts.maxBitrate,
    audioStreamIndex: opts.audioStreamIndex,
    subtitleStreamIndex: opts.subtitleStreamIndex,
    enableDirectStream: opts.playTo ? false : undefined,
  };
  let decision;
  try {
    decision = decidePlayback(facts, chosen.profile, decideOptions);
  } catch (err) {
    if (err instanceof ProfileConditionError) {
      throw new ProfileSourceError(
        `profile ${chosen.source}: line ${err.condition.pos.line}: ${err.message}`,
        'PLAYBACK_PROFILE_INVALID',
      );
    }
    throw err;
  }
  notRequestable(facts, opts).forEach((n) => decision.notes.push(n));
  const result: FileResult = { file, chosen, facts, decision, verdict: checkPolicy(facts, decision, opts.policy) };
  if (!opts.json) result.trapGuard = findTrapGuard(facts, chosen.profile, decision, decideOptions);
  if (!opts.json && decision.playMethod === 'Transcode' && decision.transcode) {
    result.jellyfinPlan = planFfmpeg(facts, decision, { encoder: 'h264_nvenc' });
    result.localEncoder = await detect();
    result.localPlan = planFfmpeg(facts, decision, {
      encoder: result.localEncoder.encoder,
      output: '/tmp/dlna-bridge-play-check.ts',
    });
  }
  return result;
}

/** A requested stream the file does not have: Jellyfin silently falls back to the default one; say so. */
function notRequestable(facts: MediaFacts, opts: PlayCheckOptions): string[] {
  const notes: string[] = [];
  const a = opts.audioStreamIndex;
  if (a !== undefined && !facts.audio.some((s) => s.index === a)) {
    notes.push(`stream ${a} is not an audio stream of this file: Jellyfin uses the default audio stream instead`);
  }
  const s = opts.subtitleStreamIndex;
  if (s !== undefined && s !== -1 && !facts.subtitles.some((t) => t.index === s)) {
    notes.push(`stream ${s} is not a subtitle stream of this file: Jellyfin shows no subtitle`);
  }
  return notes;
}
