// What dlna-bridge wrote last, per file: a SHA-256 of the content. It answers
// one question, "is the file still as we left it?". If yes, the next change
// needs no backup (the .bak already holds the version before us) and a curated
// profile may be replaced by a newer curated version; if no, someone else
// (the user, Jellyfin's dashboard, a plugin upgrade) wrote it, so its content
// is kept as `<file>.bak` before we touch it, and a curated profile the user
// edited is only policy-fixed, not replaced.
//
// Stored as JSON at {volume}/.dlna-bridge-sync.json; paths are relative to the
// volume, so the state stays valid when the volume is mounted elsewhere.

import { createHash } from 'node:crypto';
import path from 'node:path';

export const STATE_FILE_NAME = '.dlna-bridge-sync.json';

export interface SyncState {
  version: 1;
  /** Relative path (POSIX separators) -> sha256 hex of the content dlna-bridge wrote. */
  files: Record<string, string>;
}

export function emptyState(): SyncState {
  return { version: 1, files: {} };
}

export function contentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function stateKey(volume: string, file: string): string {
  return path.relative(volume, file).split(path.sep).join('/');
}

export function writtenByUs(state: SyncState, volume: string, file: string, text: string): boolean {
  return state.files[stateKey(volume, file)] === contentHash(text);
}

/** Parse the state file; a corrupt one is reported and treated as empty (the safe side: more backups). */
export function parseState(text: string): { state: SyncState; note?: string } {
  try {
    const raw = JSON.parse(text) as unknown;
    if (
      typeof raw === 'object' &&
      raw !== null &&
      (raw as { version?: unknown }).version === 1 &&
      typeof (raw as { files?: unknown }).files === 'object' &&
      (raw as { files?: unknown }).files !== null
    ) {
      const files: Record<string, string> = {};
      for (const [k, v] of Object.entries((raw as { files: Record<string, unknown> }).files)) {
        if (typeof v === 'string' && /^[0-9a-f]{64}$/.test(v)) files[k] = v;
      }
      return { state: { version: 1, files } };
    }
  } catch {
    // fall through
  }
  return {
    state: emptyState(),
    note: 'the state file is not valid; every file is treated as not written by dlna-bridge (backups kept)',
  };
}

/** Stable JSON (sorted keys) so an unchanged state serializes to the same bytes. */
export function serializeState(state: SyncState): string {
  const files: Record<string, string> = {};
  for (const k of Object.keys(state.files).sort()) files[k] = state.files[k]!;
  return `${JSON.stringify({ version: 1, files }, null, 2)}\n`;
}
