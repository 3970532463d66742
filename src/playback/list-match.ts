// Memoised list matching for the decision engine's hot path. The lists come
// from a handful of profiles and the inputs from a handful of codec and
// container names, so each (list, input) pair is answered by
// src/profile/lists.ts once and then looked up; the caches are bounded.
import { listAllows } from '../profile/lists.js';

const LIMIT = 4096;
const allowCache = new Map<string, Map<string, boolean>>();
const splitCache = new Map<string, readonly string[]>();
const tokenSetCache = new Map<string, ReadonlySet<string>>();

/** listAllows (Jellyfin's ContainerHelper.ContainsContainer), memoised. */
export function allows(list: string | undefined, input: string | undefined): boolean {
  const l = list ?? '';
  const i = input ?? '';
  let byInput = allowCache.get(l);
  if (byInput === undefined) {
    if (allowCache.size >= LIMIT) allowCache.clear();
    byInput = new Map();
    allowCache.set(l, byInput);
  }
  let answer = byInput.get(i);
  if (answer === undefined) {
    if (byInput.size >= LIMIT) byInput.clear();
    answer = listAllows(l, i);
    byInput.set(i, answer);
  }
  return answer;
}

/** ContainerHelper.Split: comma list, empty entries removed, tokens as written. Shared result: do not mutate. */
export function splitList(list: string | undefined): readonly string[] {
  const l = list ?? '';
  let tokens = splitCache.get(l);
  if (tokens === undefined) {
    if (splitCache.size >= LIMIT) splitCache.clear();
    tokens = Object.freeze(l.split(',').filter((t) => t !== ''));
    splitCache.set(l, tokens);
  }
  return tokens;
}

/** The lower-cased tokens of a list with no deny-list meaning (CodecProfile codec lists). */
export function tokenSet(list: string): ReadonlySet<string> {
  let set = tokenSetCache.get(list);
  if (set === undefined) {
    if (tokenSetCache.size >= LIMIT) tokenSetCache.clear();
    set = new Set(splitList(list).map((t) => t.toLowerCase()));
    tokenSetCache.set(list, set);
  }
  return set;
}
