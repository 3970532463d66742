// One sync pass: read the volume, plan, write, and decide the exit code.
// Used by the command (once) and by watch mode (on every settled change).

import { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK } from '../../util/exit-codes.js';
import type { InspectedVolume } from '../../jellyfin/inspect.js';
import { applyPlan, type ApplyResult } from './apply.js';
import { planSync } from './plan.js';
import { readSnapshot } from './snapshot.js';
import type { ProfileRules, SyncOptions, SyncPlan } from './types.js';

export interface SyncRunOptions extends SyncOptions {
  curatedDir: string;
  dryRun: boolean;
  /** Exit 1 also for system profiles that violate the policy and no user profile hides. */
  strict: boolean;
  /** Watch mode: transient problems are retried rather than final. */
  watching?: boolean;
  /** Watch mode: re-stat files after this pause and leave moving ones alone. */
  settleMs?: number;
  /** Re-plan this many times when a file changed between reading and writing (one-shot mode). */
  raceRetries?: number;
}

export interface SyncOutcome {
  volume: InspectedVolume;
  plan: SyncPlan;
  /** Undefined in a dry run. */
  applied?: ApplyResult;
  dryRun: boolean;
  watching: boolean;
  /** A file Jellyfin reads only at start was (or, in a dry run, would be) changed. */
  restartRequired: boolean;
  /** Something to retry soon: a file being written, or one that changed under us. */
  retry: boolean;
  exitCode: number;
}

export async function runSyncPass(
  volume: InspectedVolume,
  opts: SyncRunOptions,
  rules: ProfileRules,
): Promise<SyncOutcome> {
  const attempts = 1 + (opts.dryRun ? 0 : (opts.raceRetries ?? 0));
  let plan: SyncPlan | undefined;
  let applied: ApplyResult | undefined;
  const written: ApplyResult['written'] = [];
  for (let i = 0; i < attempts; i++) {
    const snap = await readSnapshot(volume.paths, volume.reason, {
      curatedDir: opts.curatedDir,
      settleMs: opts.settleMs ?? 0,
    });
    plan = planSync(snap, opts, rules);
    if (opts.dryRun) break;
    applied = await applyPlan(snap, plan.writes);
    written.push(...applied.written);
    if (applied.raced.length === 0) break;
  }
  if (applied) applied = { ...applied, written };
  const p = plan!;
  const restartRequired = opts.dryRun ? p.writes.length > 0 : written.length > 0;
  const retry = p.problems.some((x) => x.transient) || (applied?.raced.length ?? 0) > 0;
  return {
    volume,
    plan: p,
    ...(applied ? { applied } : {}),
    dryRun: opts.dryRun,
    watching: opts.watching === true,
    restartRequired,
    retry,
    exitCode: exitCodeOf(p, applied, opts.strict),
  };
}

/**
 * 2: something could not be read, parsed or written (the user must act);
 * 1: findings remain (a user profile still breaks the policy after fixing; with
 *    --strict also a live system profile no user profile hides);
 * 0: done, or nothing to do. System profiles alone do not fail the run by
 *    default: they cannot be fixed durably, and an init container that exits 1
 *    would keep Jellyfin from starting.
 */
export function exitCodeOf(plan: SyncPlan, applied: ApplyResult | undefined, strict: boolean): number {
  if (plan.problems.length > 0) return EXIT_ERROR;
  if (applied && (applied.failed.length > 0 || applied.raced.length > 0 || applied.stateError)) return EXIT_ERROR;
  if (plan.userFindings.length > 0) return EXIT_FINDINGS;
  if (strict && plan.systemFindings.some((s) => s.reach === 'live')) return EXIT_FINDINGS;
  return EXIT_OK;
}
