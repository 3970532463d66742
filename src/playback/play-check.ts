// `dlna-bridge play-check`: for each file, probe it, pick the profile Jellyfin
// would use, decide as StreamBuilder does, say whether the TV ends up with a
// denied format, and show the ffmpeg commands. The orchestration only; every
// rule lives in the pure modules it calls.
import type { Policy } from '../profile/model.js';
import type { RequestHeaders } from '../profile/select.js';
import { probeMedia, ProbeError } from '../media/probe.js';
import type { MediaFacts } from '../media/facts.js';
import { decidePlayback, type DecideOptions } from './decide.js';
import { checkPolicy } from './policy.js';
import { planFfmpeg } from './ffmpeg-plan.js';
import { ProfileConditionError } from './conditions.js';
import { profileForHeaders, profileFromFile, type ChosenProfile } from './profile-sources.js';
import { formatText, toJson, type FileResult } from './play-check-report.js';
import { findTrapGuard } from './trap-guard.js';
import type { EncoderChoice } from '../gpu/encoder-detect.js';

export interface PlayCheckOptions {
  files: string[];
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

export interface PlayCheckDeps {
  probe: (file: string) => Promise<MediaFacts>;
  detect: () => Promise<EncoderChoice>;
}

export interface PlayCheckOutcome {
  stdout: string;
  errors: string[];
  exitCode: 0 | 1 | 2;
  results: FileResult[];
}

const PROBE_AHEAD = 4;

/** Thrown when nothing can be checked at all (no ffprobe, bad profile): the CLI prints it and exits 2. */
export class PlayCheckFatal extends Error {}

export async function runPlayCheck(
  opts: PlayCheckOptions,
  deps: PlayCheckDeps = { probe: probeMedia, detect: async () => (await import('../gpu/encoder-detect.js')).detectEncoder() },
): Promise<PlayCheckOutcome> {
  // ffprobe runs while the profiles are read; at most PROBE_AHEAD probes are in flight.
  type Probed = { facts: MediaFacts } | { error: unknown };
  const probes: Promise<Probed>[] = [];
  const startProbe = (i: number): void => {
    const file = opts.files[i];
    if (file !== undefined && probes[i] === undefined) {
      probes[i] = deps.probe(file).then((facts) => ({ facts }), (error: unknown) => ({ error }));
    }
  };
  for (let i = 0; i < PROBE_AHEAD; i++) startProbe(i);
  let chosen: ChosenProfile;
  try {
    chosen = opts.profileFile ? await profileFromFile(opts.profileFile) : await profileForHeaders(opts.profileDirs, opts.headers);
  } catch (err) {
    throw new PlayCheckFatal((err as Error).message);
  }
  const results: FileResult[] = [];
  const errors: string[] = [];
  for (const [i, file] of opts.files.entries()) {
    startProbe(i);
    startProbe(i + PROBE_AHEAD);
    const probed = await probes[i]!;
    if ('error' in probed) {
      const err = probed.error;
      if (err instanceof ProbeError && err.kind === 'missing-ffprobe') throw new PlayCheckFatal(err.message);
      if (err instanceof ProbeError) {
        errors.push(err.message);
        continue;
      }
      throw err;
    }
    // The plugin's browse asks for the user's media sources: with Jellyfin's default user settings
    // (PlayDefaultAudioTrack, no audio language) DefaultAudioIndexSource is Default.
    const facts: MediaFacts = probed.facts.audioIndexSource ? probed.facts : { ...probed.facts, audioIndexSource: { default: true } };
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
        throw new PlayCheckFatal(
          `profile ${chosen.source}: line ${err.condition.pos.line}: ${err.message}`,
        );
      }
      throw err;
    }
    notRequestable(facts, opts).forEach((n) => decision.notes.push(n));
    const result: FileResult = { file, chosen, facts, decision, verdict: checkPolicy(facts, decision, opts.policy) };
    if (!opts.json) result.trapGuard = findTrapGuard(facts, chosen.profile, decision, decideOptions);
    if (!opts.json && decision.playMethod === 'Transcode' && decision.transcode) {
      result.jellyfinPlan = planFfmpeg(facts, decision, { encoder: 'h264_nvenc' });
      result.localEncoder = await deps.detect();
      result.localPlan = planFfmpeg(facts, decision, { encoder: result.localEncoder.encoder, output: '/tmp/dlna-bridge-play-check.ts' });
    }
    results.push(result);
  }
  let stdout = results.map(formatText).join('\n\n');
  if (opts.json) {
    // One object for one file, an array for several; nothing when the only file failed.
    if (opts.files.length === 1) stdout = results.length === 1 ? JSON.stringify(toJson(results[0]!), null, 2) : '';
    else stdout = JSON.stringify(results.map(toJson), null, 2);
  }
  const exitCode = errors.length > 0 ? 2 : results.some((r) => r.verdict.denied) ? 1 : 0;
  return { stdout, errors, exitCode, results };
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
