// Thin I/O around layout.ts: check the volume exists and is a readable
// folder, look for each image's markers, and resolve the paths.

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CliError, EXIT_ERROR } from '../cli/exit-codes.js';
import { LAYOUT_MARKERS, decideLayout, pathsFor, type JellyfinPaths, type LayoutRequest } from './layout.js';

export interface InspectedVolume {
  paths: JellyfinPaths;
  reason: string;
}

/** What went wrong with a file-system call, in plain words (without the path). */
export function fsErrorReason(err: unknown): string {
  switch ((err as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a file is where a folder is expected on this path';
    case 'EISDIR':
      return 'is a folder where a file is expected';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return (err as Error).message;
  }
}

/** `path: reason`, the form every file error takes in sync's output. */
export function describeFsError(err: unknown, p: string): string {
  return `${p}: ${fsErrorReason(err)}`;
}

export async function inspectVolume(volume: string, requested: LayoutRequest): Promise<InspectedVolume> {
  const abs = path.resolve(volume);
  let st;
  try {
    st = await fs.stat(abs);
  } catch (err) {
    throw new CliError(`--config-dir: ${describeFsError(err, abs)}`, EXIT_ERROR);
  }
  if (!st.isDirectory()) throw new CliError(`--config-dir: ${abs} is not a folder`, EXIT_ERROR);
  try {
    await fs.readdir(abs);
  } catch (err) {
    throw new CliError(`--config-dir: ${describeFsError(err, abs)}`, EXIT_ERROR);
  }
  const found = new Set<string>();
  for (const marker of [...LAYOUT_MARKERS.official, ...LAYOUT_MARKERS.linuxserver]) {
    const wantDir = marker.endsWith('/');
    try {
      const m = await fs.stat(path.join(abs, marker));
      if (m.isDirectory() === wantDir) found.add(marker);
    } catch {
      // absent: not a marker
    }
  }
  const decision = decideLayout(abs, requested, found);
  if (!decision.ok) throw new CliError(decision.message, EXIT_ERROR);
  return { paths: pathsFor(abs, decision.layout), reason: decision.reason };
}
