// Carries out a SyncPlan: each file is written atomically (temp file, fsync,
// rename; util/atomic-write.ts), with a backup when the plan says the current
// content is not ours, and only if the file is still exactly as the planner
// saw it (same inode, size, mtime): a file someone wrote meanwhile is skipped,
// never overwritten. Nothing is written outside the volume, even through a
// folder that is a link out of it. New files and folders get the owner of the
// folder they are created in (so a root init container does not leave files
// Jellyfin cannot rewrite), set through their handles, never through a path a
// link could be swapped into.

import { promises as fs, constants as fsc } from 'node:fs';
import path from 'node:path';
import { atomicWriteFile, FileChangedError } from '../../util/atomic-write.js';
import { describeFileError, errnoWords } from '../../util/errno-words.js';
import { DlnaBridgeError } from '../../util/errors.js';
import { STATE_FILE_NAME, contentHash, serializeState, stateKey } from './state.js';
import type { PlannedWrite, SyncSnapshot } from './types.js';

export interface ApplyResult {
  written: PlannedWrite[];
  /** Changed by someone else since it was read: not written (watch mode retries). */
  raced: Array<{ write: PlannedWrite; reason: string }>;
  failed: Array<{ write: PlannedWrite; message: string }>;
  stateError?: string;
}

export async function applyPlan(snap: SyncSnapshot, writes: readonly PlannedWrite[]): Promise<ApplyResult> {
  const result: ApplyResult = { written: [], raced: [], failed: [] };
  const files = { ...snap.state.files };
  const volume = await fs.realpath(snap.paths.volume);
  for (const w of writes) {
    try {
      await ensureDir(path.dirname(w.path), volume);
      const owner = w.expected === undefined ? await ownerOf(path.dirname(w.path)) : undefined;
      await atomicWriteFile(w.path, w.text, {
        backup: w.backup,
        expect: w.expected ?? 'absent',
        ...(owner ? { owner } : {}),
      });
      files[stateKey(snap.paths.volume, w.path)] = contentHash(w.text);
      result.written.push(w);
    } catch (err) {
      if (err instanceof FileChangedError) result.raced.push({ write: w, reason: err.message });
      else result.failed.push({ write: w, message: errnoWords(err) });
    }
  }
  if (result.written.length > 0) {
    const stateFile = path.join(snap.paths.volume, STATE_FILE_NAME);
    try {
      const owner = await ownerOf(snap.paths.volume);
      await atomicWriteFile(stateFile, serializeState({ version: 1, files }), {
        mode: 0o644,
        ...(owner ? { owner } : {}),
      });
    } catch (err) {
      result.stateError = describeFileError(err, stateFile);
    }
  }
  return result;
}

/** Writes outside the volume are refused: a folder inside it may be a link to anywhere. */
export class OutsideVolumeError extends DlnaBridgeError {
  readonly code = 'SYNC_OUTSIDE_VOLUME';
}

/**
 * mkdir -p below the volume, giving each folder it creates the owner of its
 * parent; refuses when an existing folder on the way resolves outside it.
 */
async function ensureDir(dir: string, volumeReal: string): Promise<void> {
  let real: string | undefined;
  try {
    real = await fs.realpath(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (real !== undefined) {
    if (real !== volumeReal && !real.startsWith(volumeReal + path.sep)) {
      throw new OutsideVolumeError(
        `${dir} resolves to ${real}, outside the volume ${volumeReal}; nothing is written there`,
      );
    }
    return;
  }
  const parent = path.dirname(dir);
  if (parent === dir) throw new OutsideVolumeError(`${dir} is outside the volume ${volumeReal}`);
  await ensureDir(parent, volumeReal);
  try {
    await fs.mkdir(dir, { mode: 0o755 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return ensureDir(dir, volumeReal); // made meanwhile: check where it leads
  }
  const owner = await ownerOf(parent);
  if (!owner) return;
  // Through a handle opened without following links: a link swapped in for the
  // new folder cannot turn this into a chown of something else.
  const handle = await fs.open(dir, fsc.O_RDONLY | fsc.O_DIRECTORY | fsc.O_NOFOLLOW);
  try {
    await handle.chown(owner.uid, owner.gid);
  } finally {
    await handle.close();
  }
}

/** The owner new files in `dir` should get; undefined when we could not give files away anyway. */
async function ownerOf(dir: string): Promise<{ uid: number; gid: number } | undefined> {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined; // only root can give files away
  const st = await fs.stat(dir);
  return { uid: st.uid, gid: st.gid };
}
