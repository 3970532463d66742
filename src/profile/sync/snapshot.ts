// Reads everything `profile sync` decides on into a SyncSnapshot: user and
// live system profiles, encoding.xml, the curated profiles, the state file.
// Read problems (permission, a file where a folder belongs) are collected, not
// thrown, so one unreadable profile does not stop the rest from being synced.
// With `settleMs`, every file is stat-ed again after that pause and marked
// unstable when its size or mtime moved: someone is writing it.

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describeFileError, errnoWords } from '../../util/errno-words.js';
import { DlnaBridgeError } from '../../util/errors.js';
import type { JellyfinPaths } from '../../jellyfin/layout.js';
import { dlnaFoldersNewestFirst } from '../../jellyfin/dlna-plugin-folders.js';
import { readRegularFile } from '../../util/read-regular-file.js';
import { STATE_FILE_NAME, emptyState, parseState } from './state.js';
import type { FileState, ReadProblem, SyncSnapshot, SystemFolder } from './types.js';

/** Profiles are a few KB; anything this large is not one, and is not read into memory. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

export interface SnapshotOptions {
  /** Folder of curated profiles to install. */
  curatedDir: string;
  /** Pause before re-checking sizes and mtimes (watch mode); 0 = no check. */
  settleMs?: number;
}

const isXml = (name: string): boolean => name.toLowerCase().endsWith('.xml');

export async function readSnapshot(
  paths: JellyfinPaths,
  layoutReason: string,
  opts: SnapshotOptions,
): Promise<SyncSnapshot> {
  const readProblems: ReadProblem[] = [];
  const read = async (file: string, optional: boolean): Promise<FileState | undefined> => {
    try {
      return await readFileState(file);
    } catch (err) {
      if (optional && (err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      readProblems.push({ path: file, message: errnoWords(err) });
      return undefined;
    }
  };
  const list = async (dir: string): Promise<string[] | undefined> => {
    try {
      return (await fs.readdir(dir, { withFileTypes: true }))
        .filter((e) => e.isFile() && isXml(e.name))
        .map((e) => e.name)
        .sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') readProblems.push({ path: dir, message: errnoWords(err) });
      return undefined;
    }
  };

  const userNames = await list(paths.userProfilesDir);
  const userProfiles = new Map<string, FileState>();
  for (const name of userNames ?? []) {
    const f = await read(path.join(paths.userProfilesDir, name), true);
    if (f) userProfiles.set(name, f);
  }

  const systemFolders: SystemFolder[] = [];
  let pluginEntries: string[] = [];
  try {
    pluginEntries = (await fs.readdir(paths.pluginsDir, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      readProblems.push({ path: paths.pluginsDir, message: errnoWords(err) });
  }
  for (const [i, folder] of dlnaFoldersNewestFirst(pluginEntries).entries()) {
    const profiles = new Map<string, FileState>();
    if (i === 0) {
      const dir = path.join(paths.pluginsDir, folder.name, 'profiles');
      for (const name of (await list(dir)) ?? []) {
        const f = await read(path.join(dir, name), true);
        if (f) profiles.set(name, f);
      }
    }
    systemFolders.push({ name: folder.name, profiles });
  }

  const encoding = await read(paths.encodingXml, true);
  const curated = await readCurated(opts.curatedDir);
  const { state, note } = await readState(path.join(paths.volume, STATE_FILE_NAME));

  const snap: SyncSnapshot = {
    paths,
    layoutReason,
    userDirExists: userNames !== undefined,
    userProfiles,
    systemFolders,
    encoding,
    curated,
    curatedDir: opts.curatedDir,
    state,
    readProblems,
  };
  if (note) snap.stateNote = note;
  if (opts.settleMs && opts.settleMs > 0) await markUnstable(snap, opts.settleMs);
  return snap;
}

export async function readFileState(file: string): Promise<FileState> {
  const f = await readRegularFile(file, MAX_FILE_BYTES);
  return { text: f.data.toString('utf8'), size: f.size, mtimeMs: f.mtimeMs, ino: f.ino };
}

/** The curated profiles to install cannot be listed: sync would silently do half its job. */
export class CuratedProfilesError extends DlnaBridgeError {
  constructor(
    readonly code: 'SYNC_CURATED_NOT_FOUND' | 'SYNC_CURATED_UNREADABLE',
    message: string,
  ) {
    super(message);
  }
}

async function readCurated(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let names: string[];
  try {
    names = (await fs.readdir(dir)).filter(isXml).sort();
  } catch (err) {
    // The curated set is part of the install; without it sync would silently do half its job.
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new CuratedProfilesError(
      missing ? 'SYNC_CURATED_NOT_FOUND' : 'SYNC_CURATED_UNREADABLE',
      missing ? `${dir}: does not exist` : describeFileError(err, dir),
    );
  }
  for (const name of names) out.set(name, (await readFileState(path.join(dir, name))).text);
  return out;
}

async function readState(file: string): Promise<{ state: SyncSnapshot['state']; note?: string }> {
  try {
    return parseState((await readRegularFile(file, MAX_FILE_BYTES)).data.toString('utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: emptyState() };
    return {
      state: emptyState(),
      note: `${describeFileError(err, file)}; every file is treated as not written by dlna-bridge (backups kept)`,
    };
  }
}

async function markUnstable(snap: SyncSnapshot, settleMs: number): Promise<void> {
  await new Promise((r) => setTimeout(r, settleMs));
  const check = async (file: string, f: FileState): Promise<void> => {
    try {
      const st = await fs.stat(file);
      if (st.size !== f.size || st.mtimeMs !== f.mtimeMs || st.ino !== f.ino) f.unstable = true;
    } catch {
      f.unstable = true; // gone or replaced meanwhile
    }
  };
  for (const [name, f] of snap.userProfiles) await check(path.join(snap.paths.userProfilesDir, name), f);
  if (snap.encoding) await check(snap.paths.encodingXml, snap.encoding);
}
