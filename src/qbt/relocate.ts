// Carries out a RelocationPlan: moves each torrent through qBittorrent's own
// setLocation (qBittorrent copies across file systems and removes the source
// only after a complete copy; this tool deletes nothing), waits for the move,
// checks the files, then changes the default paths. One torrent at a time, so
// the progress is readable and the first hard error stops the run early.
import type { QbtApi } from './client.js';
import { QbtEnvironmentError, QbtError } from './errors.js';
import type { LocalFs } from './local-fs.js';
import { isUnder, normalizeQbtPath } from './paths.js';
import type { DefaultChange, RelocationPlan, TorrentAction } from './plan.js';
import type { MoveProgress } from './progress.js';
import { BROKEN_STATES, MOVING_STATE, type TorrentFile, type TorrentInfo } from './types.js';
import { allCandidates, checkFiles, expectedFiles, filesVisible, type FileExpectation } from './verify.js';

export type LocalFilesMode = 'auto' | 'yes' | 'no';

export interface ExecuteOptions {
  localFiles: LocalFilesMode;
  /** per torrent: how long a move may take before it is reported as failed */
  moveTimeoutMs: number;
  pollMs: number;
  /** how long qBittorrent may take to start a queued move */
  startGraceMs: number;
  incompleteSuffix: boolean;
}

export interface ExecuteDeps {
  api: QbtApi;
  fs: LocalFs;
  progress: MoveProgress;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export type OutcomeStatus = 'moved' | 'done' | 'failed' | 'attention' | 'not-run';

export interface TorrentOutcome {
  hash: string;
  name: string;
  status: OutcomeStatus;
  from: string;
  to: string;
  detail: string;
}

export interface RelocationReport {
  outcomes: TorrentOutcome[];
  defaultsApplied: DefaultChange[];
  /** whether files were checked on this machine's file system; null when nothing needed checking */
  localFiles: boolean | null;
  /** the hard error that stopped the run (exit 2), after which nothing else was attempted */
  fatal: QbtError | null;
}

export const DEFAULT_EXECUTE_OPTIONS: ExecuteOptions = {
  localFiles: 'auto',
  moveTimeoutMs: 2 * 60 * 60 * 1000,
  pollMs: 500,
  startGraceMs: 15_000,
  incompleteSuffix: false,
};

export async function executePlan(
  plan: RelocationPlan,
  options: ExecuteOptions,
  deps: ExecuteDeps,
): Promise<RelocationReport> {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const report: RelocationReport = { outcomes: [], defaultsApplied: [], localFiles: null, fatal: null };
  const moves = plan.actions.filter((a): a is Extract<TorrentAction, { kind: 'move' }> => a.kind === 'move');

  for (const action of plan.actions) {
    if (action.kind === 'done')
      report.outcomes.push(
        outcome(action.torrent, 'done', action.torrent.save_path, `already in ${action.torrent.save_path}`),
      );
    if (action.kind === 'attention') report.outcomes.push(outcome(action.torrent, 'attention', '', action.reason));
  }

  try {
    const sources = await fileLists(deps.api, moves, options.incompleteSuffix);
    report.localFiles = await decideLocal(options.localFiles, sources, deps.fs);
    if (report.localFiles) await preflight(moves, sources, deps.fs);

    for (const action of moves) {
      try {
        report.outcomes.push(
          await moveOne(
            action,
            sources.get(action.torrent.hash) ?? null,
            report.localFiles === true,
            options,
            deps,
            now,
            sleep,
          ),
        );
      } catch (err) {
        // qBittorrent refused this torrent's move (409/403...): it is the one that failed, the rest were not tried.
        if (err instanceof QbtError)
          report.outcomes.push(outcome(action.torrent, 'failed', action.destination, err.message));
        throw err;
      }
    }
    if (plan.defaults.length > 0) {
      await deps.api.setPreferences(Object.fromEntries(plan.defaults.map((d) => [d.key, d.next])));
      const prefs = await deps.api.preferences();
      for (const change of plan.defaults) {
        const value = prefs[change.key];
        if (typeof value !== 'string' || normalizeQbtPath(value) !== normalizeQbtPath(change.next)) {
          throw new QbtEnvironmentError(
            'QBT_PREFERENCE_NOT_KEPT',
            `qBittorrent accepted the new ${change.label} but still reports ${String(value)}`,
          );
        }
        report.defaultsApplied.push(change);
      }
    }
  } catch (err) {
    if (!(err instanceof QbtError)) throw err;
    report.fatal = err;
    const reported = new Set(report.outcomes.map((o) => o.hash));
    for (const action of moves) {
      if (!reported.has(action.torrent.hash)) {
        report.outcomes.push(
          outcome(action.torrent, 'not-run', action.destination, 'not attempted: the run stopped at the error below'),
        );
      }
    }
  }
  return report;
}

function outcome(t: TorrentInfo, status: OutcomeStatus, to: string, detail: string): TorrentOutcome {
  return { hash: t.hash, name: t.name, status, from: t.save_path, to, detail };
}

type MoveAction = Extract<TorrentAction, { kind: 'move' }>;

/** A torrent's files as qBittorrent lists them (null: it no longer knows the torrent), where they are now. */
interface SourceFiles {
  raw: TorrentFile[] | null;
  files: FileExpectation[];
  bytes: number;
}

/** Each movable torrent's file list, fetched once before anything moves. */
async function fileLists(
  api: QbtApi,
  moves: readonly MoveAction[],
  suffix: boolean,
): Promise<Map<string, SourceFiles>> {
  const out = new Map<string, SourceFiles>();
  for (const action of moves) {
    const raw = await api.files(action.torrent.hash);
    const files = raw ? expectedFiles(action.torrent.save_path, raw, suffix) : [];
    out.set(action.torrent.hash, { files, bytes: (raw ?? []).reduce((s, f) => s + f.size, 0), raw });
  }
  return out;
}

async function decideLocal(
  mode: LocalFilesMode,
  sources: Map<string, SourceFiles>,
  fs: LocalFs,
): Promise<boolean | null> {
  if (mode === 'yes') return true;
  if (mode === 'no') return sources.size === 0 ? null : false;
  if (sources.size === 0) return null;
  // A few torrents are enough: every path and size matching by chance is not plausible.
  for (const { files } of [...sources.values()].slice(0, 3)) {
    if (filesVisible(files, await fs.statFiles(allCandidates(files)))) return true;
  }
  return false;
}

/** Before anything moves: each destination can be created and written, and the data fits. */
async function preflight(moves: readonly MoveAction[], sources: Map<string, SourceFiles>, fs: LocalFs): Promise<void> {
  const needByDevice = new Map<number, { need: number; free: number; where: string }>();
  for (const action of moves) {
    if (action.alreadyMoving) continue;
    let probe;
    try {
      probe = await fs.probeDestination(action.destination);
    } catch (err) {
      throw new QbtEnvironmentError(
        'QBT_DESTINATION_UNUSABLE',
        `cannot move ${action.torrent.name} to ${action.destination}: ${(err as Error).message}. Nothing was moved.`,
        { cause: err },
      );
    }
    // On the same file system the move is a rename and needs no space.
    const sourceDevice = await fs.device(action.torrent.save_path);
    if (sourceDevice === probe.device) continue;
    const entry = needByDevice.get(probe.device) ?? { need: 0, free: probe.freeBytes, where: probe.existing };
    entry.need += sources.get(action.torrent.hash)?.bytes ?? 0;
    needByDevice.set(probe.device, entry);
  }
  for (const { need, free, where } of needByDevice.values()) {
    if (need > free) {
      throw new QbtEnvironmentError(
        'QBT_NO_SPACE',
        `not enough space at ${where}: the torrents to move hold ${need} bytes, ${free} bytes are free there. Nothing was moved.`,
      );
    }
  }
}

async function moveOne(
  action: MoveAction,
  source: SourceFiles | null,
  local: boolean,
  options: ExecuteOptions,
  deps: ExecuteDeps,
  now: () => number,
  sleep: (ms: number) => Promise<void>,
): Promise<TorrentOutcome> {
  const { torrent, destination } = action;
  const fail = (detail: string): TorrentOutcome => outcome(torrent, 'failed', destination, detail);
  const target = source?.raw ? expectedFiles(destination, source.raw, options.incompleteSuffix) : [];
  const started = now();

  if (!action.alreadyMoving) await deps.api.setLocation([torrent.hash], destination);
  deps.progress.start(torrent.name, destination, local && source ? source.bytes : null);
  let sawMoving = action.alreadyMoving;
  let last: TorrentInfo | undefined;
  try {
    for (;;) {
      const elapsed = now() - started;
      [last] = await deps.api.torrents([torrent.hash]);
      if (!last) return fail('the torrent disappeared from qBittorrent during the move');
      const arrived = normalizeQbtPath(last.save_path) === normalizeQbtPath(destination);
      if (last.state === MOVING_STATE) {
        sawMoving = true;
      } else if (arrived) {
        break;
      } else if (sawMoving) {
        return fail(
          `the move failed: qBittorrent still has it at ${last.save_path}, where the data stays (its log says why: permissions? disk full?)`,
        );
      } else if (elapsed > options.startGraceMs) {
        return fail(
          `qBittorrent did not start the move within ${Math.round(options.startGraceMs / 1000)} s (it still reports ${last.save_path}, state ${last.state})`,
        );
      }
      if (elapsed > options.moveTimeoutMs) {
        return fail(
          `still moving after ${Math.round(elapsed / 1000)} s; qBittorrent carries on in the background: run this again later to check it`,
        );
      }
      deps.progress.update(
        local ? await deps.fs.statFiles(allCandidates(target)).then((m) => checkFiles(target, m).bytes) : null,
        elapsed,
      );
      await sleep(options.pollMs);
    }
  } finally {
    deps.progress.end();
  }

  const seconds = ((now() - started) / 1000).toFixed(1);
  if (BROKEN_STATES.has(last.state))
    return fail(`moved, but qBittorrent now reports state ${last.state}: check its log`);
  if (!isUnder(last.content_path || destination, destination)) {
    return fail(`qBittorrent reports save path ${last.save_path} but content at ${last.content_path}`);
  }
  const files = await deps.api.files(torrent.hash);
  if (!files) return fail('the torrent disappeared from qBittorrent after the move');
  const expected = expectedFiles(destination, files, options.incompleteSuffix);
  if (!local) {
    return outcome(
      torrent,
      'moved',
      destination,
      `in ${seconds} s; state ${last.state}. Files not checked on disk: this machine does not see qBittorrent's files ` +
        `(qBittorrent reports save path ${last.save_path}, ${files.length} files)`,
    );
  }
  const check = checkFiles(expected, await deps.fs.statFiles(allCandidates(expected)));
  if (check.problems.length > 0) {
    const more = check.problems.length > 3 ? ` (and ${check.problems.length - 3} more)` : '';
    return fail(
      `moved, but the files at the destination do not match: ${check.problems.slice(0, 3).join('; ')}${more}`,
    );
  }
  const notes = action.notes.length > 0 ? `; note: ${action.notes.join('; ')}` : '';
  return outcome(
    torrent,
    'moved',
    destination,
    `in ${seconds} s; ${check.present} files, ${check.bytes} bytes checked at the destination; state ${last.state}${notes}`,
  );
}
