// `dlna-bridge profile fix`: the thin I/O adapter around fixProfileText.
// Every file is checked before any is written, so a malformed file (exit 2)
// leaves all files untouched. Writes are atomic and keep mode and owner.
import { CliError, EXIT_OK } from '../../cli/exit-codes.js';
import { atomicWriteFile } from '../../util/atomic-write.js';
import { ProfileParseError } from '../parse.js';
import { policyFromOptions } from '../policy-options.js';
import { describeIoError, expandProfilePaths, readProfileFile } from '../profile-files.js';
import { fixProfileText, type FixResult } from './fix.js';
import { unifiedDiff } from './unified-diff.js';

export interface FixCommandOptions {
  dryRun?: boolean;
  backup?: boolean;
  denyContainer?: string;
  denyCodec?: string;
}

export async function runFixCommand(paths: readonly string[], opts: FixCommandOptions): Promise<number> {
  const policy = policyFromOptions(opts);
  const files = (await expandProfilePaths(paths)).flatMap((g) => g.files);
  const planned: { file: string; before: string; result: FixResult }[] = [];
  for (const file of files) {
    const before = await readProfileFile(file);
    try {
      planned.push({ file, before, result: fixProfileText(before, policy) });
    } catch (err) {
      if (err instanceof ProfileParseError) throw new CliError(`${file}:${err.line}:${err.column}: ${err.reason}; nothing was changed`);
      throw err;
    }
  }
  for (const { file, before, result } of planned) {
    if (!result.changed) {
      process.stdout.write(`${file}: already fixed, nothing to change\n`);
      continue;
    }
    if (opts.dryRun) {
      process.stdout.write(unifiedDiff(before, result.text, file, file));
      continue;
    }
    try {
      await atomicWriteFile(file, result.text, { backup: opts.backup === true });
    } catch (err) {
      throw new CliError(`cannot write ${file}: ${describeIoError(err)}`);
    }
    process.stdout.write(`${file}: fixed${opts.backup ? ` (previous version kept as ${file}.bak)` : ''}\n${result.changes.map((c) => `  - ${c}\n`).join('')}`);
  }
  if (opts.dryRun && planned.some((p) => p.result.changed)) process.stderr.write('dry run: nothing was written\n');
  return EXIT_OK;
}
