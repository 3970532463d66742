// The file-system side of a relocation, for when this machine sees the same
// paths as qBittorrent (same host, or the same volume mounted). Thin adapter:
// stat, writability, free space. Decisions live in verify.ts and relocate.ts.
import { constants } from 'node:fs';
import { access, stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import type { ObservedFile } from './verify.js';

export interface DestinationProbe {
  /** the deepest folder of the destination that exists now (qBittorrent creates the rest) */
  existing: string;
  device: number;
  freeBytes: number;
}

export interface LocalFs {
  statFiles(paths: readonly string[]): Promise<Map<string, ObservedFile | null>>;
  /** st_dev of a path, or null if it does not exist here. */
  device(p: string): Promise<number | null>;
  /** Throws an Error with a user-facing reason when `dir` cannot be created or written. */
  probeDestination(dir: string): Promise<DestinationProbe>;
}

export const nodeLocalFs: LocalFs = {
  async statFiles(paths) {
    const out = new Map<string, ObservedFile | null>();
    // Sequential on purpose: a torrent can have thousands of files on a slow NFS mount.
    for (const p of paths) {
      try {
        const s = await stat(p);
        out.set(p, { size: s.size, isFile: s.isFile() });
      } catch {
        out.set(p, null);
      }
    }
    return out;
  },

  async device(p) {
    try {
      return (await stat(p)).dev;
    } catch {
      return null;
    }
  },

  async probeDestination(dir) {
    let current = path.resolve(dir);
    for (;;) {
      let s;
      try {
        s = await stat(current);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // ENOTDIR: a file sits where a folder should be; the walk up finds and names it.
        if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new Error(`${current}: ${(err as Error).message}`, { cause: err });
        const parent = path.dirname(current);
        if (parent === current) throw new Error(`${dir}: no part of it exists`, { cause: err });
        current = parent;
        continue;
      }
      if (!s.isDirectory()) throw new Error(`${current} is not a folder, so ${dir} cannot be created`);
      try {
        await access(current, constants.W_OK | constants.X_OK);
      } catch (err) {
        throw new Error(`${current} is not writable (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, {
          cause: err,
        });
      }
      const fs = await statfs(current);
      return { existing: current, device: s.dev, freeBytes: Number(fs.bavail) * Number(fs.bsize) };
    }
  },
};
