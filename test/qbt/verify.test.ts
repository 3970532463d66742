import { describe, expect, it } from 'vitest';
import { checkFiles, expectedFiles, filesVisible, type ObservedFile } from '../../src/qbt/verify.js';

const files = [
  { name: 'Movie/a.mkv', size: 100_000, progress: 1, priority: 1 },
  { name: 'Movie/b.srt', size: 5_000, progress: 1, priority: 1 },
];
const seen = (entries: [string, ObservedFile | null][]) => new Map(entries);

describe('file check at the destination: paths and sizes', () => {
  it('all files present with their sizes: no problems, bytes counted', () => {
    const exp = expectedFiles('/data/torrents', files, false);
    const r = checkFiles(
      exp,
      seen([
        ['/data/torrents/Movie/a.mkv', { size: 100_000, isFile: true }],
        ['/data/torrents/Movie/b.srt', { size: 5_000, isFile: true }],
      ]),
    );
    expect(r).toEqual({ present: 2, bytes: 105_000, problems: [] });
  });

  it('a missing file and a wrong size are named', () => {
    const exp = expectedFiles('/data/torrents/', files, false);
    const r = checkFiles(exp, seen([['/data/torrents/Movie/a.mkv', { size: 99, isFile: true }]]));
    expect(r.problems).toEqual([
      'size 99 instead of 100000 bytes: /data/torrents/Movie/a.mkv',
      'missing: /data/torrents/Movie/b.srt',
    ]);
  });

  it('an unfinished file may carry .!qB and be shorter; a "do not download" file may be absent', () => {
    const exp = expectedFiles(
      '/d',
      [
        { name: 'x.mkv', size: 1000, progress: 0.5, priority: 1 },
        { name: 'skip.nfo', size: 10, progress: 0, priority: 0 },
      ],
      true,
    );
    const r = checkFiles(exp, seen([['/d/x.mkv.!qB', { size: 1000, isFile: true }]]));
    expect(r).toEqual({ present: 1, bytes: 1000, problems: [] });
  });

  it('a folder where a file should be is a problem', () => {
    const exp = expectedFiles('/d', [files[0]!], false);
    expect(checkFiles(exp, seen([['/d/Movie/a.mkv', { size: 4096, isFile: false }]])).problems).toEqual([
      'not a regular file: /d/Movie/a.mkv',
    ]);
  });
});

describe("--local-files auto: this machine sees qBittorrent's files only if every complete file matches", () => {
  const exp = expectedFiles('/downloads', files, false);
  it('all present with exact sizes: local', () => {
    expect(
      filesVisible(
        exp,
        seen([
          ['/downloads/Movie/a.mkv', { size: 100_000, isFile: true }],
          ['/downloads/Movie/b.srt', { size: 5_000, isFile: true }],
        ]),
      ),
    ).toBe(true);
  });
  it('one size differs or one is missing: not local', () => {
    expect(filesVisible(exp, seen([['/downloads/Movie/a.mkv', { size: 100_000, isFile: true }]]))).toBe(false);
  });
  it('a torrent with no complete file proves nothing', () => {
    expect(
      filesVisible(expectedFiles('/d', [{ name: 'x', size: 5, progress: 0.2, priority: 1 }], false), seen([])),
    ).toBe(false);
  });
});
