// `dlna-bridge profile sync`: inspect the volume, then one pass (print the
// report, its exit code) or, with `watch`, passes until stopped. The watch
// loop logs every pass as JSON on stderr and prints a report only when it
// says something new, so a sidecar's log stays readable.
import { fileURLToPath } from 'node:url';
import { inspectVolume, type InspectedVolume } from '../../jellyfin/inspect.js';
import type { LayoutRequest } from '../../jellyfin/layout.js';
import type { CommandIo } from '../../util/command-io.js';
import { EXIT_OK } from '../../util/exit-codes.js';
import type { Policy } from '../../device-profile/model.js';
import { runSyncPass, type SyncOutcome, type SyncRunOptions } from './pass.js';
import { formatSyncText, syncJson } from './report.js';
import { defaultProfileRules } from './rules.js';
import type { ProfileRules } from './types.js';

export interface SyncCommandOptions {
  configDir: string;
  layout: LayoutRequest;
  policy: Policy;
  /** Folder of curated profiles to install; default: the profiles/ shipped with dlna-bridge. */
  curatedDir?: string;
  gpu: boolean;
  encoding: boolean;
  tvUserAgent: string | undefined;
  dryRun: boolean;
  strict: boolean;
  format: 'text' | 'json';
  watch: boolean;
  /** Watch: quiet time after the last change before a pass. */
  debounceMs: number;
}

export interface SyncCommandIo extends Pick<CommandIo, 'stdout' | 'stderr'> {
  /** Ends the watch loop; without it, SIGTERM or SIGINT of this process does. */
  signal?: AbortSignal;
}

/** Where the curated profiles ship: profiles/ at the package root (dist/profile/sync/ -> ../../../). */
const SHIPPED_PROFILES = new URL('../../../profiles/', import.meta.url);

export async function run(options: SyncCommandOptions, io: SyncCommandIo): Promise<number> {
  const volume = await inspectVolume(options.configDir, options.layout);
  const opts: SyncRunOptions = {
    policy: options.policy,
    gpu: options.gpu,
    encoding: options.encoding,
    tvUserAgent: options.tvUserAgent,
    curatedDir: options.curatedDir ?? fileURLToPath(SHIPPED_PROFILES),
    dryRun: options.dryRun,
    strict: options.strict,
    raceRetries: 2,
  };
  const rules = defaultProfileRules();
  const print = (o: SyncOutcome): void => {
    io.stdout.write(options.format === 'json' ? `${JSON.stringify(syncJson(o))}\n` : formatSyncText(o));
  };
  if (!options.watch) {
    const outcome = await runSyncPass(volume, opts, rules);
    print(outcome);
    return outcome.exitCode;
  }
  await watch(volume, opts, rules, options.debounceMs, print, io);
  return EXIT_OK;
}

async function watch(
  volume: InspectedVolume,
  opts: SyncRunOptions,
  rules: ProfileRules,
  debounceMs: number,
  print: (o: SyncOutcome) => void,
  io: SyncCommandIo,
): Promise<void> {
  const [{ watchSync, WATCH_DEFAULTS }, { createLogger }] = await Promise.all([
    import('./watch.js'),
    import('../../util/logger.js'),
  ]);
  const log = createLogger('info', 'dlna-bridge-sync', io.stderr);
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    log.info({ signal }, 'stopping watch');
    stop.abort();
  };
  if (io.signal) {
    io.signal.addEventListener('abort', () => stop.abort(), { once: true });
    if (io.signal.aborted) stop.abort();
  } else {
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  log.info({ volume: volume.paths.volume, layout: volume.paths.layout }, 'watching');
  const printer = newsOnly(print);
  try {
    await watchSync(volume, opts, rules, {
      ...WATCH_DEFAULTS,
      debounceMs,
      signal: stop.signal,
      onPass: (o, trigger) => {
        log.info(
          { trigger, written: o.applied?.written.map((w) => w.path) ?? [], retry: o.retry, exitCode: o.exitCode },
          'sync pass',
        );
        printer(o);
      },
      onError: (err) => log.error({ err }, 'sync pass failed; retrying'),
    });
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}

/**
 * Print a watch pass only when something was written or the findings changed
 * (a new plugin folder, a new problem), not every quiet pass.
 */
export function newsOnly(print: (o: SyncOutcome) => void): (o: SyncOutcome) => void {
  let lastSignature: string | undefined;
  return (o) => {
    const wrote = (o.applied?.written.length ?? 0) > 0;
    const signature = JSON.stringify([
      o.plan.liveSystemFolder,
      o.plan.systemFindings.map((f) => [f.path, f.reach]),
      o.plan.problems,
      o.plan.userFindings.map((f) => f.path),
    ]);
    if (wrote || signature !== lastSignature) print(o);
    lastSignature = signature;
  };
}
