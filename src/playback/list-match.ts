// Memoised list matching for the decision engine's hot path. The semantics are
// Jellyfin's ContainerHelper, in src/device-profile/lists.ts; this file only caches.
// The lists come from a handful of profiles and the inputs from a handful of
// codec and container names, so each (list, input) pair is computed once and
// then looked up; the caches are bounded. bench/playback-decisions.mjs: the
// engine without these caches ran at about a quarter of the decisions/s.
import { listAllows, listContainsAny, splitList as split } from '../device-profile/lists.js';

const LIMIT = 4096;

/** A bounded two-level cache in front of a pure (list, input) -> boolean function. */
function memoPair(
  fn: (list: string, input: string) => boolean,
): (list: string | undefined, input: string | undefined) => boolean {
  const cache = new Map<string, Map<string, boolean>>();
  return (list, input) => {
    const l = list ?? '';
    const i = input ?? '';
    let byInput = cache.get(l);
    if (byInput === undefined) {
      if (cache.size >= LIMIT) cache.clear();
      byInput = new Map();
      cache.set(l, byInput);
    }
    let answer = byInput.get(i);
    if (answer === undefined) {
      if (byInput.size >= LIMIT) byInput.clear();
      answer = fn(l, i);
      byInput.set(i, answer);
    }
    return answer;
  };
}

/** listAllows (ContainerHelper.ContainsContainer), memoised. */
export const allows = memoPair(listAllows);

/** listContainsAny (CodecProfile.ContainsAnyCodec's codec test), memoised. */
export const containsAny = memoPair(listContainsAny);

const splitCache = new Map<string, readonly string[]>();

/** splitList (ContainerHelper.Split), memoised. Shared result: frozen, do not mutate. */
export function splitList(list: string | undefined): readonly string[] {
  const l = list ?? '';
  let tokens = splitCache.get(l);
  if (tokens === undefined) {
    if (splitCache.size >= LIMIT) splitCache.clear();
    tokens = Object.freeze(split(l));
    splitCache.set(l, tokens);
  }
  return tokens;
}
