// `dlna-bridge stack apply`: render, check the cluster answers, then
// server-side apply every object. Exit 1 when an object was refused; a
// connection lost midway is an ApplyAbortedError (exit 2).
import { applyObjects, ApplyAbortedError, formatApplySummary } from '../apply.js';
import { loadValues } from '../load-values.js';
import { renderStack } from '../render.js';
import { clusterFor, type ClusterOptions, type StackIo, type ValueOptions } from './io.js';

export interface ApplyOptions extends ValueOptions, ClusterOptions {
  /** dryRun=All: the API server checks every object and persists nothing. */
  dryRun?: boolean;
  /** Take over fields another field manager owns. */
  forceConflicts?: boolean;
}

export async function run(options: ApplyOptions, io: StackIo): Promise<number> {
  const objects = renderStack(await loadValues(options.values, options.set));
  const kc = await clusterFor(options, io);
  const { createApplier } = await import('../cluster/server-side-apply.js');
  const dryRun = options.dryRun === true;
  const result = await applyObjects(createApplier(kc), objects, {
    dryRun,
    force: options.forceConflicts === true,
    onProgress: (line) => io.stdout.write(`${line}\n`),
  });
  if (result.aborted) {
    throw new ApplyAbortedError(
      `stack apply: lost the API server ${kc.getCurrentCluster()!.server} after ${result.applied.length} object(s): ${result.aborted}`,
    );
  }
  io.stdout.write(`${formatApplySummary(result, dryRun)}\n`);
  return result.failed.length > 0 ? 1 : 0;
}
