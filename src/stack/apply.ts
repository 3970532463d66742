// `stack apply`: server-side apply every rendered object in order, one line of
// progress per object, a summary, and a failure list. An object that fails
// offline validation is not sent; one failure does not stop the rest (later
// objects rarely depend on an earlier one's success, and the user wants the
// whole list of what is wrong at once), except a connection error (refused,
// reset, TLS): every later object would fail the same way, so it ends the run.
import { DlnaBridgeError } from '../util/errors.js';
import { apiErrorMessage, isConnectionError } from './cluster/api-errors.js';
import type { ObjectApplier } from './cluster/server-side-apply.js';
import { objectRef, type KubeObject } from './manifest.js';
import { validateObject } from './validate.js';

export interface ApplyRunOptions {
  dryRun: boolean;
  force: boolean;
  onProgress?: (line: string) => void;
}

export interface ApplyResult {
  applied: string[];
  failed: { object: string; error: string }[];
  /** The connection error that ended the run early (the objects after it were not tried). */
  aborted?: string;
}

/** The API server was lost midway (ApplyResult.aborted): the objects after it were not tried. */
export class ApplyAbortedError extends DlnaBridgeError {
  readonly code = 'STACK_APPLY_CONNECTION_LOST';
  override readonly kind = 'environment';
}

export async function applyObjects(
  apply: ObjectApplier,
  objects: KubeObject[],
  options: ApplyRunOptions,
): Promise<ApplyResult> {
  const result: ApplyResult = { applied: [], failed: [] };
  const width = String(objects.length).length;
  for (const [i, obj] of objects.entries()) {
    const ref = objectRef(obj);
    const counter = `[${String(i + 1).padStart(width)}/${objects.length}]`;
    const problems = validateObject(obj);
    if (problems.length > 0) {
      const error = `invalid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`;
      result.failed.push({ object: ref, error });
      options.onProgress?.(`${counter} FAILED  ${ref}: ${error}`);
      continue;
    }
    try {
      await apply(obj, { dryRun: options.dryRun, force: options.force });
      result.applied.push(ref);
      options.onProgress?.(`${counter} ${options.dryRun ? 'checked' : 'applied'} ${ref}`);
    } catch (err) {
      const error = apiErrorMessage(err);
      if (isConnectionError(err)) {
        result.aborted = error;
        break;
      }
      result.failed.push({ object: ref, error });
      options.onProgress?.(`${counter} FAILED  ${ref}: ${error}`);
    }
  }
  return result;
}

export function formatApplySummary(result: ApplyResult, dryRun: boolean): string {
  const verb = dryRun ? 'accepted by the server (dry run, nothing persisted)' : 'applied';
  const lines = [`${result.applied.length} ${verb}, ${result.failed.length} failed`];
  if (result.failed.some((f) => /conflict/i.test(f.error))) {
    lines.push('Conflicts: another field manager owns those fields; rerun with --force-conflicts to take them over.');
  }
  return lines.join('\n');
}
