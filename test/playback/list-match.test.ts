import { describe, expect, it } from 'vitest';
import { allows, containsAny, splitList } from '../../src/playback/list-match.js';
import { listAllows, listContainsAny, splitList as pureSplit } from '../../src/device-profile/lists.js';

// The engine's caches must answer exactly what src/device-profile/lists.ts answers,
// before and after they fill up and are cleared.
describe('playback list caches', () => {
  it('memoised allows/containsAny/splitList agree with the pure ContainerHelper functions, past the cache bound', () => {
    const tokens = ['mkv', 'MKV', 'mp4', 'ts', 'hevc', 'h264', '-mkv', '', ' ts'];
    let seed = 7;
    const pick = (): string => tokens[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % tokens.length]!;
    const list = (): string => Array.from({ length: 1 + (seed % 3) }, pick).join(',');
    for (let i = 0; i < 12_000; i++) {
      // every 3rd list is unique, so the bounded caches overflow and clear
      const l = i % 3 === 0 ? `${list()},x${i}` : list();
      const input = i % 5 === 0 ? undefined : list();
      expect(allows(l, input)).toBe(listAllows(l, input));
      expect(containsAny(l, input)).toBe(listContainsAny(l, input));
      expect(splitList(l)).toEqual(pureSplit(l));
    }
  });

  it('splitList results are shared and frozen (callers copy before changing them)', () => {
    expect(Object.isFrozen(splitList('h264,hevc'))).toBe(true);
    expect(splitList('h264,hevc')).toBe(splitList('h264,hevc'));
  });
});
