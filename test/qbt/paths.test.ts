import { describe, expect, it } from 'vitest';
import { displayPath, isUnder, joinQbtPath, normalizeQbtPath, rebase } from '../../src/qbt/paths.js';

describe('qbt paths: containment is by path segment, not by string prefix', () => {
  it('/data2 is not under /data', () => {
    expect(isUnder('/data2', '/data')).toBe(false);
    expect(isUnder('/data2/x', '/data')).toBe(false);
    expect(isUnder('/data/x', '/data')).toBe(true);
    expect(isUnder('/data', '/data')).toBe(true);
  });

  it('trailing slashes (4.x reports "/downloads/") do not matter, on either side', () => {
    expect(isUnder('/downloads/', '/downloads')).toBe(true);
    expect(isUnder('/downloads/movies/', '/downloads/')).toBe(true);
    expect(isUnder('/downloads//movies', '/downloads')).toBe(true);
  });

  it('dot segments are resolved before comparing, so /downloads/../etc is not under /downloads', () => {
    expect(isUnder('/downloads/../etc', '/downloads')).toBe(false);
    expect(isUnder('/downloads/./a', '/downloads')).toBe(true);
  });

  it('everything is under /, and an empty path is under nothing', () => {
    expect(isUnder('/anything', '/')).toBe(true);
    expect(isUnder('', '/')).toBe(false);
  });

  it('Windows drive paths compare case-insensitively with either separator', () => {
    expect(isUnder('C:\\Downloads\\Movies', 'c:/downloads')).toBe(true);
    expect(isUnder('D:\\Downloads', 'C:\\Downloads')).toBe(false);
    expect(normalizeQbtPath('C:\\Downloads\\')).toBe('c:/downloads');
  });
});

describe('qbt paths: rebase keeps the part below --from', () => {
  it('moves /downloads/movies to /data/torrents/movies and /downloads itself to /data/torrents', () => {
    expect(rebase('/downloads/movies', '/downloads', '/data/torrents')).toBe('/data/torrents/movies');
    expect(rebase('/downloads/', '/downloads', '/data/torrents/')).toBe('/data/torrents');
  });

  it('keeps the original case on Windows', () => {
    expect(rebase('C:\\Downloads\\Movies', 'c:\\downloads', 'D:\\Data')).toBe('D:/Data/Movies');
  });

  it('refuses a path that is not under --from', () => {
    expect(() => rebase('/data2/x', '/data', '/t')).toThrow(/does not lie under/);
  });

  it('rebase from / keeps the whole path', () => {
    expect(rebase('/a/b', '/', '/data')).toBe('/data/a/b');
  });

  it('display and join tidy slashes', () => {
    expect(displayPath(' /data//torrents/ ')).toBe('/data/torrents');
    expect(joinQbtPath('/data/', 'Movie/a.mkv')).toBe('/data/Movie/a.mkv');
  });
});

describe('qbt paths: fuzzed invariants', () => {
  const segs = ['a', 'b', 'data', 'data2', 'downloads', '.', '..', '', 'x y'];
  const rnd = (n: number): number => Math.floor(Math.random() * n);
  const randomPath = (): string =>
    '/' + Array.from({ length: rnd(5) }, () => segs[rnd(segs.length)]).join('/') + (rnd(2) ? '/' : '');

  it('whatever lies under --from lands under --to after rebase, and nothing else is under --from', () => {
    for (let i = 0; i < 2000; i++) {
      const from = randomPath();
      const p = randomPath();
      if (isUnder(p, from)) {
        const moved = rebase(p, from, '/t/dest');
        expect(isUnder(moved, '/t/dest')).toBe(true);
      } else {
        const np = normalizeQbtPath(p);
        const nf = normalizeQbtPath(from);
        expect(np === nf || np.startsWith(nf === '/' ? '/' : `${nf}/`)).toBe(false);
      }
    }
  });
});
