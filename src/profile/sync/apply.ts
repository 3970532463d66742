// Carries out a SyncPlan: each file is written atomically (temp file, fsync,
// rename; util/atomic-write.ts), with `<file>.bak` when the plan says the
// current content is not ours, and only if the file is still exactly as the
// planner saw it (same size, mtime, inode): a file someone wrote meanwhile is
// skipped, never overwritten. New files and folders get the owner of the
// folder they are created in, so a root init container does not leave files
// Jellyfin (running as its own user) cannot rewrite.

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { atomicWriteFile } from '../../util/atomic-write.js';
import { describeFsError, fsErrorReason } from '../../jellyfin/inspect.js';
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
  for (const w of writes) {
    try {
      const moved = await changedSincePlanned(w);
      if (moved) {
        result.raced.push({ write: w, reason: moved });
        continue;
      }
      await ensureDir(path.dirname(w.path));
      const existed = w.expected !== undefined;
      await atomicWriteFile(w.path, w.text, { backup: w.backup });
      if (!existed) await adoptParentOwner(w.path);
      if (w.backup) await adoptOwnerOf(`${w.path}.bak`, w.path);
      files[stateKey(snap.paths.volume, w.path)] = contentHash(w.text);
      result.written.push(w);
    } catch (err) {
      result.failed.push({ write: w, message: fsErrorReason(err) });
    }
  }
  if (result.written.length > 0) {
    const stateFile = path.join(snap.paths.volume, STATE_FILE_NAME);
    try {
      const existed = await exists(stateFile);
      await atomicWriteFile(stateFile, serializeState({ version: 1, files }), { mode: 0o644 });
      if (!existed) await adoptParentOwner(stateFile);
    } catch (err) {
      result.stateError = describeFsError(err, stateFile);
    }
  }
  return result;
}

/** Why the file no longer matches what was planned against, or undefined when it still does. */
async function changedSincePlanned(w: PlannedWrite): Promise<string | undefined> {
  let st;
  try {
    st = await fs.stat(w.path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return w.expected ? 'was removed after it was read' : undefined;
    throw err;
  }
  if (!w.expected) return 'was created by someone else after the folder was read';
  if (st.size !== w.expected.size || st.mtimeMs !== w.expected.mtimeMs || st.ino !== w.expected.ino) {
    return 'was written by someone else after it was read';
  }
  return undefined;
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.stat(p);
    return true;
  } catch {
    return false;
  }
}

/** mkdir -p, giving each folder it creates the owner of its parent. */
async function ensureDir(dir: string): Promise<void> {
  if (await exists(dir)) return;
  await ensureDir(path.dirname(dir));
  try {
    await fs.mkdir(dir, { mode: 0o755 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return;
  }
  await adoptParentOwner(dir);
}

async function adoptParentOwner(p: string): Promise<void> {
  await adoptOwnerOf(p, path.dirname(p));
}

async function adoptOwnerOf(p: string, model: string): Promise<void> {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return; // only root can give files away
  const [st, mine] = await Promise.all([fs.stat(model), fs.stat(p)]);
  if (st.uid !== mine.uid || st.gid !== mine.gid) await fs.chown(p, st.uid, st.gid);
}
