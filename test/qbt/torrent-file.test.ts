import { createHash } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bencode, createTestTorrent } from './helpers/torrent-file.js';

describe('test helper: bencode (BEP 3)', () => {
  it('encodes integers, byte strings, lists and dictionaries with sorted keys', () => {
    expect(bencode({ spam: ['a', 'b'], cow: 'moo', n: -3 }).toString()).toBe('d3:cow3:moo1:ni-3e4:spaml1:a1:bee');
    expect(bencode(Buffer.from([0, 255])).toString('latin1')).toBe('2:\u0000\u00ff');
    expect(() => bencode(1.5)).toThrow(/integers only/);
  });
});

describe('test helper: a .torrent for local data', () => {
  it('multi-file: files land in the folder, pieces hash across file boundaries', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'qbt-torrent-'));
    const t = await createTestTorrent(dir, {
      name: 'Album',
      pieceLength: 16384,
      files: [
        { path: 'cd1/01.flac', size: 20000 },
        { path: 'cover.jpg', size: 1000 },
      ],
    });
    expect(t.files).toEqual([
      { name: 'Album/cd1/01.flac', size: 20000 },
      { name: 'Album/cover.jpg', size: 1000 },
    ]);
    const all = Buffer.concat([
      await readFile(path.join(dir, 'Album/cd1/01.flac')),
      await readFile(path.join(dir, 'Album/cover.jpg')),
    ]);
    const second = createHash('sha1').update(all.subarray(16384)).digest();
    expect(t.torrent.includes(second)).toBe(true);
    expect(t.infoHash).toMatch(/^[0-9a-f]{40}$/);
  });
});
