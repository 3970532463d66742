// Thin I/O around layout.ts: check the volume exists and is a readable
// folder, look for each image's markers, and resolve the paths.

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describeFileError } from '../util/errno-words.js';
import { DlnaBridgeError } from '../util/errors.js';
import {
  LAYOUT_MARKERS,
  decideLayout,
  pathsFor,
  type JellyfinPaths,
  type LayoutBasis,
  type LayoutRequest,
} from './layout.js';

export interface InspectedVolume {
  paths: JellyfinPaths;
  basis: LayoutBasis;
  reason: string;
}

/** The Jellyfin /config volume cannot be used: missing, not a folder, unreadable, or of both layouts. */
export class JellyfinVolumeError extends DlnaBridgeError {
  constructor(
    readonly code:
      | 'JELLYFIN_VOLUME_NOT_FOUND'
      | 'JELLYFIN_VOLUME_NOT_A_FOLDER'
      | 'JELLYFIN_VOLUME_UNREADABLE'
      | 'JELLYFIN_LAYOUT_AMBIGUOUS',
    message: string,
  ) {
    super(message);
  }
}

export async function inspectVolume(volume: string, requested: LayoutRequest): Promise<InspectedVolume> {
  const abs = path.resolve(volume);
  let st;
  try {
    st = await fs.stat(abs);
  } catch (err) {
    throw unusable(err, abs);
  }
  if (!st.isDirectory()) throw new JellyfinVolumeError('JELLYFIN_VOLUME_NOT_A_FOLDER', `${abs} is not a folder`);
  try {
    await fs.readdir(abs);
  } catch (err) {
    throw unusable(err, abs);
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
  if (!decision.ok) throw new JellyfinVolumeError('JELLYFIN_LAYOUT_AMBIGUOUS', decision.message);
  return { paths: pathsFor(abs, decision.layout), basis: decision.basis, reason: decision.reason };
}

function unusable(err: unknown, abs: string): JellyfinVolumeError {
  // "does not exist" rather than errno's words: the volume is named by the user, who needs to know it is missing.
  if ((err as NodeJS.ErrnoException).code === 'ENOENT')
    return new JellyfinVolumeError('JELLYFIN_VOLUME_NOT_FOUND', `${abs}: does not exist`);
  return new JellyfinVolumeError('JELLYFIN_VOLUME_UNREADABLE', describeFileError(err, abs));
}
