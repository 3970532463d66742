// The data contract of `profile sync`: what the snapshot reader hands the
// planner (SyncSnapshot), what the planner hands the writer (SyncPlan), and the
// profile rules the planner applies (injected, so the planner stays pure).

import type { JellyfinPaths } from '../../jellyfin/layout.js';
import type { Policy } from '../../device-profile/model.js';
import type { SyncState } from './state.js';

/** One file as read: its text and the stat fields that tell whether it changed since. */
export interface FileState {
  text: string;
  size: number;
  mtimeMs: number;
  ino: number;
  /** Watch mode: size or mtime moved while it was being read twice; someone is writing it. */
  unstable?: boolean;
}

export interface SystemFolder {
  /** e.g. DLNA_10.0.0.0 */
  name: string;
  /** Profiles by file name; only read for the live (newest) folder. */
  profiles: Map<string, FileState>;
}

/** A file that could not be read (permission, a folder where a file belongs, ...). */
export interface ReadProblem {
  path: string;
  message: string;
}

export interface SyncSnapshot {
  paths: JellyfinPaths;
  /** How the layout was decided (shown to the user). */
  layoutReason: string;
  userDirExists: boolean;
  /** `*.xml` in the user profile folder (Jellyfin loads exactly those), by file name. */
  userProfiles: Map<string, FileState>;
  /** DLNA_{version} folders, newest (live) first. */
  systemFolders: SystemFolder[];
  /** encoding.xml; undefined when it does not exist. */
  encoding: FileState | undefined;
  /** Curated profiles to install, by file name, as shipped (placeholders not yet filled). */
  curated: Map<string, string>;
  /** Where they were read from (--profiles). */
  curatedDir: string;
  state: SyncState;
  /** The state file was unreadable or corrupt and is treated as empty. */
  stateNote?: string;
  readProblems: ReadProblem[];
}

/** A lint finding, as much of it as sync shows. */
export interface SyncFinding {
  rule: string;
  severity: 'error' | 'warning' | 'info' | string;
  line: number;
  column: number;
  message: string;
}

/** Profile rules from the lint and fix modules, injected into the planner. */
export interface ProfileRules {
  fix(text: string, policy: Policy): { text: string; changed: boolean; changes: string[] };
  lint(text: string, policy: Policy, file?: string): SyncFinding[];
}

export interface SyncOptions {
  policy: Policy;
  /** NVIDIA settings in encoding.xml (false: --no-gpu). */
  gpu: boolean;
  /** Leave encoding.xml alone entirely (--no-encoding). */
  encoding: boolean;
  /** Fills @TV_USER_AGENT@ in curated profiles; without it, such profiles are not installed. */
  tvUserAgent: string | undefined;
}

export type WriteKind = 'install' | 'update' | 'fix' | 'encoding';

/** One file to write, with what the planner saw, so the writer can refuse a file that moved meanwhile. */
export interface PlannedWrite {
  kind: WriteKind;
  path: string;
  text: string;
  /** Keep `<file>.bak`: the current content was not written by dlna-bridge. */
  backup: boolean;
  /** The file as planned against; undefined when it did not exist. */
  expected: Pick<FileState, 'size' | 'mtimeMs' | 'ino'> | undefined;
  changes: string[];
}

export type NoteKind = 'unchanged' | 'kept' | 'skipped' | 'retry' | 'inactive' | 'state';

export interface SyncNote {
  kind: NoteKind;
  path: string;
  message: string;
}

export interface ProfileReport {
  path: string;
  findings: SyncFinding[];
}

export interface SystemReport extends ProfileReport {
  /**
   * hidden: a user profile matches every client this one matches, and user profiles are tried first;
   * live: Jellyfin uses it for the clients it matches;
   * never-selected: no Identification headers, so DlnaManager never picks it.
   */
  reach: 'hidden' | 'live' | 'never-selected';
  /** For `hidden`: the user profile Jellyfin picks instead. */
  shadowedBy?: string;
}

/** A file sync had to leave alone because it cannot be read as what it should be. */
export interface SyncProblem {
  path: string;
  message: string;
  /** Possibly a write in progress (watch mode retries it). */
  transient: boolean;
}

export interface SyncPlan {
  writes: PlannedWrite[];
  notes: SyncNote[];
  /** User profiles that still have errors after fixing. */
  userFindings: ProfileReport[];
  /** Live system profiles that violate the policy (never edited). */
  systemFindings: SystemReport[];
  problems: SyncProblem[];
  /** The DLNA_{version} folder whose profiles Jellyfin loads; undefined when the plugin is not installed. */
  liveSystemFolder: string | undefined;
}
