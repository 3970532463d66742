// The relocation plan: which torrents to move where, which are done, which
// need a human, and which default paths to change. Pure (no I/O): the
// executor (relocate.ts) carries it out, --dry-run only prints it.
import { QbtInputError } from './errors.js';
import { displayPath, isAbsoluteQbtPath, isUnder, joinQbtPath, normalizeQbtPath, rebase } from './paths.js';
import { BROKEN_STATES, MOVING_STATE, type Preferences, type TorrentInfo } from './types.js';

export type TorrentAction =
  /** setLocation to `destination` (or, with `alreadyMoving`, only wait for qBittorrent's own move). */
  | { kind: 'move'; torrent: TorrentInfo; destination: string; alreadyMoving: boolean; notes: string[] }
  /** Already under --to: nothing to do. */
  | { kind: 'done'; torrent: TorrentInfo }
  /** Trapped, but this command cannot rescue it safely: a human must look. */
  | { kind: 'attention'; torrent: TorrentInfo; reason: string };

export interface DefaultChange {
  /** qBittorrent preference key */
  key: 'save_path' | 'temp_path';
  label: string;
  current: string;
  next: string;
}

export interface RelocationPlan {
  /** null when --from was not given and the default save path is already under --to. */
  from: string | null;
  fromIsDefault: boolean;
  to: string;
  actions: TorrentAction[];
  /** Preference changes --set-default makes (empty without it). */
  defaults: DefaultChange[];
  warnings: string[];
}

export interface PlanInput {
  /** --from as given; undefined means "the current default save path". */
  from?: string;
  to: string;
  setDefault: boolean;
  preferences: Preferences;
  torrents: readonly TorrentInfo[];
}

export function planRelocation(input: PlanInput): RelocationPlan {
  const to = checkDestination(input.to);
  const fromIsDefault = input.from === undefined;
  const defaultSavePath = displayPath(input.preferences.save_path);
  let from: string | null = fromIsDefault ? defaultSavePath : checkSource(input.from!);
  if (fromIsDefault && (from === '' || isUnder(from, to))) from = null;
  if (from !== null) checkNoOverlap(from, to, fromIsDefault);

  const moves: TorrentAction[] = [];
  const attention: TorrentAction[] = [];
  const done: TorrentAction[] = [];
  for (const torrent of input.torrents) {
    const action = classify(torrent, from, to);
    if (!action) continue;
    ({ move: moves, attention, done })[action.kind].push(action);
  }
  const byName = (a: TorrentAction, b: TorrentAction): number => a.torrent.name.localeCompare(b.torrent.name);

  return {
    from,
    fromIsDefault,
    to,
    actions: [...moves.sort(byName), ...attention.sort(byName), ...done.sort(byName)],
    defaults: input.setDefault ? defaultChanges(input.preferences, from, to) : [],
    warnings: input.setDefault ? [] : defaultWarnings(input.preferences, from),
  };
}

const ABSOLUTE = 'must be an absolute path as qBittorrent sees it (e.g. /data/torrents), not';

/** The destination folder, displayed; checked before connecting too (the command), so a typo costs no login. */
export function checkDestination(p: string): string {
  if (!isAbsoluteQbtPath(p.trim())) throw new QbtInputError('QBT_DESTINATION_NOT_ABSOLUTE', `${ABSOLUTE} "${p}"`);
  return displayPath(p);
}

/** The trapped folder, displayed. */
export function checkSource(p: string): string {
  if (!isAbsoluteQbtPath(p.trim())) throw new QbtInputError('QBT_SOURCE_NOT_ABSOLUTE', `${ABSOLUTE} "${p}"`);
  return displayPath(p);
}

function checkNoOverlap(from: string, to: string, fromIsDefault: boolean): void {
  const fromLabel = fromIsDefault
    ? `the folder to move from (defaulting to the current default save path ${from})`
    : `the folder to move from ${from}`;
  if (normalizeQbtPath(from) === normalizeQbtPath(to)) {
    throw new QbtInputError(
      'QBT_FOLDERS_SAME',
      `${fromLabel} and the destination ${to} are the same folder: nothing would move`,
    );
  }
  // Either nesting makes "already there" ambiguous, and a second run could move things again.
  if (isUnder(to, from) || isUnder(from, to)) {
    throw new QbtInputError(
      'QBT_FOLDERS_NESTED',
      `${fromLabel} and the destination ${to} lie inside one another; pick folders that do not overlap`,
    );
  }
}

function classify(torrent: TorrentInfo, from: string | null, to: string): TorrentAction | null {
  const savePath = torrent.save_path;
  const contentPath = torrent.content_path || joinQbtPath(savePath, torrent.name);
  const downloadPath = torrent.download_path ?? '';
  const moving = torrent.state === MOVING_STATE;

  if (from !== null && isUnder(savePath, from)) {
    if (moving)
      return {
        kind: 'attention',
        torrent,
        reason: 'qBittorrent is moving it already; run this again when that move ends',
      };
    if (BROKEN_STATES.has(torrent.state)) return { kind: 'attention', torrent, reason: brokenReason(torrent.state) };
    const notes: string[] = [];
    if (downloadPath !== '' && isUnder(downloadPath, from) && torrent.progress < 1) {
      notes.push(`its incomplete data stays in ${displayPath(downloadPath)} until the download completes`);
    }
    return { kind: 'move', torrent, destination: rebase(savePath, from, to), alreadyMoving: false, notes };
  }
  if (from !== null && isUnder(contentPath, from)) {
    const reason =
      downloadPath !== '' && isUnder(downloadPath, from)
        ? `its incomplete data is in ${displayPath(downloadPath)} (under --from) while its save path is ${displayPath(savePath)}: ` +
          'qBittorrent moves it there when the download completes; change its incomplete-download folder to rescue it sooner'
        : `--from lies inside this torrent's own folder (save path ${displayPath(savePath)}): give the folder that holds save paths`;
    return { kind: 'attention', torrent, reason };
  }
  if (isUnder(savePath, to)) {
    // A move this command started and then lost sight of (interrupted): wait for it and check it.
    if (moving) return { kind: 'move', torrent, destination: displayPath(savePath), alreadyMoving: true, notes: [] };
    if (BROKEN_STATES.has(torrent.state)) return { kind: 'attention', torrent, reason: brokenReason(torrent.state) };
    return { kind: 'done', torrent };
  }
  return null;
}

function brokenReason(state: string): string {
  return state === 'missingFiles'
    ? 'qBittorrent reports its files missing (state missingFiles): the data is gone from that path, so there is nothing to move; ' +
        're-download it into --to, or point it at the data with "Set location" if you still have a copy'
    : `qBittorrent reports an error for it (state ${state}); see its log, fix that, then run this again`;
}

function defaultChanges(prefs: Preferences, from: string | null, to: string): DefaultChange[] {
  const changes: DefaultChange[] = [];
  if (normalizeQbtPath(prefs.save_path) !== normalizeQbtPath(to)) {
    changes.push({ key: 'save_path', label: 'default save path', current: displayPath(prefs.save_path), next: to });
  }
  // linuxserver's image ships temp_path /downloads/incomplete: it is in the same trap.
  if (from !== null && prefs.temp_path && isUnder(prefs.temp_path, from)) {
    changes.push({
      key: 'temp_path',
      label: 'incomplete-download folder',
      current: displayPath(prefs.temp_path),
      next: rebase(prefs.temp_path, from, to),
    });
  }
  return changes;
}

function defaultWarnings(prefs: Preferences, from: string | null): string[] {
  if (from === null) return [];
  const warnings: string[] = [];
  if (isUnder(prefs.save_path, from)) {
    warnings.push(
      `the default save path is still ${displayPath(prefs.save_path)} (under --from): new downloads land in the trap again; add --set-default`,
    );
  }
  if (prefs.temp_path_enabled && prefs.temp_path && isUnder(prefs.temp_path, from)) {
    warnings.push(
      `incomplete downloads still go to ${displayPath(prefs.temp_path)} (under --from); add --set-default to move that folder too`,
    );
  }
  return warnings;
}
