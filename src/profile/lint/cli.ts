// `dlna-bridge profile lint`: the thin I/O adapter around the lint runner.
import { CliError, EXIT_FINDINGS, EXIT_OK } from '../../cli/exit-codes.js';
import { policyFromOptions } from '../policy-options.js';
import { expandProfilePaths, readProfileFile } from '../profile-files.js';
import { LINT_FORMATS, formatLint, summarize, type LintFormat } from './format.js';
import { lintProfileSet, type FileLintResult } from './runner.js';

export interface LintCommandOptions {
  format?: string;
  denyContainer?: string;
  denyCodec?: string;
}

/** Lint the given files and folders, print the report, and return the exit code. */
export async function runLintCommand(paths: readonly string[], opts: LintCommandOptions): Promise<number> {
  const format = (opts.format ?? 'text') as LintFormat;
  if (!LINT_FORMATS.includes(format)) throw new CliError(`unknown --format '${opts.format}': use ${LINT_FORMATS.join(', ')}`);
  const policy = policyFromOptions(opts);
  if (policy.denyContainers.length + policy.denyVideoCodecs.length === 0) {
    throw new CliError('the policy is empty: --deny-container and --deny-codec cannot both be empty');
  }
  const results: FileLintResult[] = [];
  for (const group of await expandProfilePaths(paths)) {
    if (group.directory && group.files.length === 0) process.stderr.write(`dlna-bridge: ${group.arg}: no .xml files\n`);
    const sources = await Promise.all(group.files.map(async (file) => ({ file, text: await readProfileFile(file) })));
    results.push(...lintProfileSet(sources, policy));
  }
  process.stdout.write(formatLint(results, format));
  return summarize(results).errors > 0 ? EXIT_FINDINGS : EXIT_OK;
}
