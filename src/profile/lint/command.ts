// `dlna-bridge profile lint`: the thin I/O adapter around the lint runner.
import type { CommandIo } from '../../util/command-io.js';
import { EXIT_FINDINGS, EXIT_OK } from '../../util/exit-codes.js';
import type { Policy } from '../../device-profile/model.js';
import { expandProfilePaths, readProfileFile } from '../profile-files.js';
import { formatLint, summarize, type LintFormat } from './format.js';
import { lintProfileSet, type FileLintResult } from './runner.js';

export interface LintCommandOptions {
  paths: readonly string[];
  format: LintFormat;
  policy: Policy;
}

/** Lint the given files and folders, print the report, and return the exit code. */
export async function run(options: LintCommandOptions, io: Pick<CommandIo, 'stdout' | 'stderr'>): Promise<number> {
  const results: FileLintResult[] = [];
  for (const group of await expandProfilePaths(options.paths)) {
    if (group.directory && group.files.length === 0) io.stderr.write(`dlna-bridge: ${group.arg}: no .xml files\n`);
    const sources = await Promise.all(group.files.map(async (file) => ({ file, text: await readProfileFile(file) })));
    results.push(...lintProfileSet(sources, options.policy));
  }
  io.stdout.write(formatLint(results, options.format));
  return summarize(results).errors > 0 ? EXIT_FINDINGS : EXIT_OK;
}
