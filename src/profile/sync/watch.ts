// `profile sync --watch`: keep the volume in sync while Jellyfin runs. A
// plugin upgrade adds a DLNA_{version} folder, Jellyfin's dashboard rewrites
// a user profile or encoding.xml; each such change triggers a new pass.
//
// - Debounced: events restart a timer; a pass runs once things are quiet.
// - Never fights a write in progress: every pass re-stats files after a settle
//   pause and leaves moving or unparsable files alone (plan.ts), then retries
//   with backoff; writes only happen to files still exactly as read (apply.ts).
// - Never loops on its own writes: a pass is idempotent, so the events our own
//   writes cause lead to one quiet pass that writes nothing.
// - fs.watch can miss events (network and overlay file systems), so a slow
//   periodic pass backs it up.
// - Folders that do not exist yet are covered by watching their nearest
//   existing parent; the watch set is rebuilt after every pass.

import { watch, type FSWatcher } from 'node:fs';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { InspectedVolume } from '../../jellyfin/inspect.js';
import { STATE_FILE_NAME } from './state.js';
import { runSyncPass, type SyncOutcome, type SyncRunOptions } from './pass.js';
import type { ProfileRules } from './types.js';

export interface WatchOptions {
  /** Quiet time after the last event before a pass (default 2000 ms). */
  debounceMs: number;
  /** Pause between the two stats that tell a settled file from one being written (default 500 ms). */
  settleMs: number;
  /** Periodic pass even without events (default 60 s; 0 = off). */
  pollMs: number;
  /** Upper bound of the retry backoff for files being written (default 30 s). */
  maxRetryDelayMs: number;
  signal: AbortSignal;
  onPass(outcome: SyncOutcome, trigger: string): void;
  onError(err: unknown): void;
}

export const WATCH_DEFAULTS = { debounceMs: 2000, settleMs: 500, pollMs: 60_000, maxRetryDelayMs: 30_000 };

/** Runs until `signal` aborts; resolves then. A failing pass is reported and retried, never fatal. */
export async function watchSync(
  volume: InspectedVolume,
  opts: SyncRunOptions,
  rules: ProfileRules,
  w: WatchOptions,
): Promise<void> {
  const watchers = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | undefined;
  let poll: NodeJS.Timeout | undefined;
  let running = false;
  let again: string | undefined;
  let retries = 0;
  const runOpts: SyncRunOptions = { ...opts, dryRun: false, watching: true, settleMs: w.settleMs, raceRetries: 0 };

  const schedule = (trigger: string, delay: number): void => {
    if (w.signal.aborted) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void pass(trigger), delay);
  };

  const pass = async (trigger: string): Promise<void> => {
    timer = undefined;
    if (w.signal.aborted) return;
    if (running) {
      again = trigger; // one more pass after this one, never two at once
      return;
    }
    running = true;
    try {
      const outcome = await runSyncPass(volume, runOpts, rules);
      // Watch what the pass created (a user profile folder) before saying it is done: whoever
      // acts on that news (a Jellyfin writing a profile, a test) must not change a folder nobody watches yet.
      await rewatch();
      w.onPass(outcome, trigger);
      if (outcome.retry) {
        retries++;
        schedule('retry', Math.min(w.debounceMs * 2 ** retries, w.maxRetryDelayMs));
      } else {
        retries = 0;
      }
    } catch (err) {
      w.onError(err);
      retries++;
      schedule('retry after error', Math.min(w.debounceMs * 2 ** retries, w.maxRetryDelayMs));
    } finally {
      running = false;
    }
    await rewatch();
    if (again !== undefined) {
      const t = again;
      again = undefined;
      schedule(t, w.debounceMs);
    }
  };

  const onEvent =
    (dir: string) =>
    (_event: string, filename: string | Buffer | null): void => {
      const name = filename === null ? '' : filename.toString();
      if (ignored(name)) return;
      schedule(`change in ${path.join(dir, name)}`, w.debounceMs);
    };

  const rewatch = async (): Promise<void> => {
    if (w.signal.aborted) return;
    const wanted = new Set<string>();
    for (const dir of await foldersToWatch(volume)) wanted.add(await nearestExisting(dir));
    for (const [dir, watcher] of watchers) {
      if (!wanted.has(dir)) {
        watcher.close();
        watchers.delete(dir);
      }
    }
    for (const dir of wanted) {
      if (watchers.has(dir)) continue;
      try {
        const watcher = watch(dir, { persistent: true }, onEvent(dir));
        watcher.on('error', () => {
          // The folder went away (plugin folder removed): rebuild on the next pass.
          watcher.close();
          watchers.delete(dir);
          schedule(`watch error on ${dir}`, w.debounceMs);
        });
        watchers.set(dir, watcher);
      } catch {
        // Vanished between listing and watching; the next pass rebuilds.
      }
    }
  };

  await rewatch(); // a change during the first pass leads to one more
  await pass('start');
  if (w.pollMs > 0) poll = setInterval(() => schedule('periodic check', 0), w.pollMs);

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      if (timer) clearTimeout(timer);
      if (poll) clearInterval(poll);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
      resolve();
    };
    if (w.signal.aborted) stop();
    else w.signal.addEventListener('abort', stop, { once: true });
  });
  // A pass in flight finishes its writes (each atomic) before the process exits.
  while (running) await new Promise((r) => setTimeout(r, 20));
}

/** Temporary files of atomic writes, our backups and state: changes there need no pass. */
function ignored(name: string): boolean {
  return name.endsWith('.tmp') || name.endsWith('.bak') || name === STATE_FILE_NAME;
}

/** The folders whose changes matter: user profiles, plugins (new DLNA_* folders), each DLNA profiles folder, encoding.xml's. */
async function foldersToWatch(volume: InspectedVolume): Promise<string[]> {
  const { paths } = volume;
  const dirs = [paths.userProfilesDir, paths.pluginsDir, paths.configDir];
  try {
    for (const e of await fs.readdir(paths.pluginsDir, { withFileTypes: true })) {
      if (e.isDirectory() && /^DLNA_/i.test(e.name)) dirs.push(path.join(paths.pluginsDir, e.name, 'profiles'));
    }
  } catch {
    // no plugins folder yet: its parent is watched instead
  }
  return dirs;
}

async function nearestExisting(dir: string): Promise<string> {
  for (let d = dir; ; d = path.dirname(d)) {
    try {
      if ((await fs.stat(d)).isDirectory()) return d;
    } catch {
      // keep climbing
    }
    if (path.dirname(d) === d) return d;
  }
}
