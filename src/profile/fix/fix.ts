// `profile fix` as a pure function: plan splices on the text, apply them, and
// say what changed. Two passes, each planned on the text it edits: list edits
// first (they decide whether a trap remains), then the missing profiles.
// Idempotent: a fixed profile plans no edits.
import type { Policy } from '../model.js';
import { readProfileDocument } from '../parse.js';
import { planDirectPlayLists } from './direct-play-lists.js';
import { planMissingProfiles } from './missing-profiles.js';
import { applySplices } from '../../xml/splice.js';

export interface FixResult {
  text: string;
  changed: boolean;
  /** One plain sentence per edit. */
  changes: string[];
}

/**
 * Rewrite `text` so lint finds no policy errors (direct-play-container,
 * direct-play-codec, direct-stream-trap, no-h264-transcode), touching nothing
 * else. Throws ProfileParseError when `text` is not a readable profile.
 */
export function fixProfileText(text: string, policy: Policy): FixResult {
  const first = readProfileDocument(text);
  const lists = planDirectPlayLists(first.doc, first.profile, policy);
  const afterLists = applySplices(text, lists.splices);
  const second = lists.splices.length > 0 ? readProfileDocument(afterLists) : first;
  const missing = planMissingProfiles(second.doc, second.profile, policy);
  const fixed = applySplices(afterLists, missing.splices);
  return { text: fixed, changed: fixed !== text, changes: [...lists.changes, ...missing.changes] };
}
