// `profile fix` as a pure function: ask the engine where the policy is broken
// (src/profile/engine-verdicts.ts), plan splices on the text for exactly
// those elements, apply them, and ask the engine again. Each round has two
// passes, each planned on the text it edits: list edits first (they decide
// whether a trap remains), then the missing profiles. Rounds repeat while the
// engine still finds a way for a denied format to reach the TV (fixing the
// DirectPlayProfile it matched may expose the next one). Idempotent: a
// profile the engine finds no fault in gets no edit at all.
import type { Policy } from '../../device-profile/model.js';
import { readProfileDocument } from '../../device-profile/parse.js';
import { engineVerdicts, policyHolds, type EngineVerdicts } from '../engine-verdicts.js';
import { planDirectPlayLists } from './direct-play-lists.js';
import { planMissingProfiles } from './missing-profiles.js';
import { applySplices } from '../../xml/splice.js';

export interface FixResult {
  text: string;
  changed: boolean;
  /** One plain sentence per edit. */
  changes: string[];
  /** What the engine still finds after the fix (empty when the policy holds). */
  remaining: string[];
}

const MAX_ROUNDS = 6;

/** The engine's verdicts in plain words, for what a fix could not cure. */
export function describeVerdicts(v: EngineVerdicts): string[] {
  return [
    ...v.directPlayContainer.map(
      (x) => `${x.sample.label} is direct-played (DirectPlayProfile line ${x.profile.pos.line})`,
    ),
    ...v.directPlayCodec.map(
      (x) =>
        `${x.sample.label} reaches the TV untouched (${x.decision.playMethod}, DirectPlayProfile line ${x.profile.pos.line})`,
    ),
    ...v.directStreamTrap.map(
      (x) =>
        `${x.sample.label} is direct-streamed: the original file is served (DirectPlayProfile line ${x.profile.pos.line})`,
    ),
    ...v.noH264Transcode.map((x) => `${x.sample.label} is transcoded to ${x.output}`),
    ...v.transcodeDeniedFormat.map(
      (x) => `${x.sample.label} is transcoded to ${x.output} (TranscodingProfile line ${x.profile!.pos.line})`,
    ),
  ];
}

/**
 * Rewrite `text` so the engine finds no way for a denied format to reach the
 * TV (lint's direct-play-container, direct-play-codec, direct-stream-trap,
 * no-h264-transcode, transcode-denied-format), touching nothing else. Throws
 * ProfileParseError when `text` is not a readable profile.
 */
export function fixProfileText(text: string, policy: Policy): FixResult {
  let current = text;
  const changes: string[] = [];
  let read = readProfileDocument(current);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const before = engineVerdicts(read.profile, policy);
    if (policyHolds(before)) break;
    const lists = planDirectPlayLists(read.doc, read.profile, before);
    const afterLists = applySplices(current, lists.splices);
    const second = lists.splices.length > 0 ? readProfileDocument(afterLists) : read;
    const missing = planMissingProfiles(second.doc, engineVerdicts(second.profile, policy));
    const next = applySplices(afterLists, missing.splices);
    changes.push(...lists.changes, ...missing.changes);
    if (next === current) break; // nothing more this fix knows how to do
    current = next;
    read = readProfileDocument(current);
  }
  return {
    text: current,
    changed: current !== text,
    changes,
    remaining: describeVerdicts(engineVerdicts(read.profile, policy)),
  };
}
