// A minimal .torrent builder for tests: bencode (BEP 3) and v1 metainfo with
// real SHA-1 piece hashes, so qBittorrent checks the data it is given and
// seeds it. Single-file ("name" is the file) and multi-file ("name" is the
// folder, "files" lists paths in it) layouts, like real torrents.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export type BValue = number | string | Buffer | BValue[] | { [key: string]: BValue };

export function bencode(v: BValue): Buffer {
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new Error(`bencode integers only: ${v}`);
    return Buffer.from(`i${v}e`);
  }
  if (typeof v === 'string') return bencode(Buffer.from(v, 'utf8'));
  if (Buffer.isBuffer(v)) return Buffer.concat([Buffer.from(`${v.length}:`), v]);
  if (Array.isArray(v)) return Buffer.concat([Buffer.from('l'), ...v.map(bencode), Buffer.from('e')]);
  // Keys sorted as raw byte strings (BEP 3), or the info hash differs between clients.
  const keys = Object.keys(v).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return Buffer.concat([Buffer.from('d'), ...keys.flatMap((k) => [bencode(k), bencode(v[k]!)]), Buffer.from('e')]);
}

export interface TestTorrentSpec {
  name: string;
  /** single-file torrent of this many bytes */
  size?: number;
  /** multi-file torrent: '/'-separated paths inside the folder `name` */
  files?: { path: string; size: number }[];
  pieceLength?: number;
}

export interface TestTorrent {
  torrent: Buffer;
  infoHash: string;
  /** paths relative to the save path, as qBittorrent's torrents/files names them */
  files: { name: string; size: number }[];
  totalSize: number;
}

/** Writes random data under `savePath` and returns a .torrent describing it. */
export async function createTestTorrent(savePath: string, spec: TestTorrentSpec): Promise<TestTorrent> {
  const pieceLength = spec.pieceLength ?? 32 * 1024;
  const layout = spec.files
    ? spec.files.map((f) => ({ name: `${spec.name}/${f.path}`, size: f.size }))
    : [{ name: spec.name, size: spec.size ?? 0 }];
  const blobs: Buffer[] = [];
  for (const f of layout) {
    const data = randomBytes(f.size);
    const file = path.join(savePath, ...f.name.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, data);
    blobs.push(data);
  }
  // Pieces run across file boundaries in v1 torrents: hash the concatenation.
  const all = Buffer.concat(blobs);
  const pieces: Buffer[] = [];
  for (let off = 0; off < all.length; off += pieceLength) {
    pieces.push(
      createHash('sha1')
        .update(all.subarray(off, off + pieceLength))
        .digest(),
    );
  }
  const info: Record<string, BValue> = { name: spec.name, 'piece length': pieceLength, pieces: Buffer.concat(pieces) };
  if (spec.files) info.files = spec.files.map((f) => ({ length: f.size, path: f.path.split('/') }));
  else info.length = spec.size ?? 0;
  return {
    torrent: bencode({ info, 'created by': 'dlna-bridge tests', 'creation date': 1_700_000_000 }),
    infoHash: createHash('sha1').update(bencode(info)).digest('hex'),
    files: layout,
    totalSize: all.length,
  };
}
