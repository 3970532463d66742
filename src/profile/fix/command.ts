// `dlna-bridge profile fix`: the thin I/O adapter around fixProfileText.
// Every file is checked before any is written, so a malformed file (exit 2)
// leaves all files untouched. Each file is fixed once however it was named
// (a file and its folder, a link and its target), written atomically keeping
// mode and owner, and only if nobody changed it since it was read.
import { promises as fs } from 'node:fs';
import { atomicWriteFile, FileChangedError, type FileIdentity } from '../../util/atomic-write.js';
import type { CommandIo } from '../../util/command-io.js';
import { errnoWords } from '../../util/errno-words.js';
import { DlnaBridgeError } from '../../util/errors.js';
import { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK } from '../../util/exit-codes.js';
import type { Policy } from '../../device-profile/model.js';
import { ProfileParseError } from '../../device-profile/parse.js';
import { cannotRead, expandProfilePaths, ProfileFileError, readProfileFileWithIdentity } from '../profile-files.js';
import { fixProfileText, type FixResult } from './fix.js';
import { unifiedDiff } from './unified-diff.js';

export interface FixCommandOptions {
  paths: readonly string[];
  policy: Policy;
  dryRun: boolean;
  backup: boolean;
}

/** A file to fix is not a profile Jellyfin can load: nothing is written, to any file. */
export class FixRefusedError extends DlnaBridgeError {
  readonly code = 'PROFILE_FIX_MALFORMED';
}

export async function run(opts: FixCommandOptions, io: Pick<CommandIo, 'stdout' | 'stderr'>): Promise<number> {
  const { policy } = opts;
  const files = await uniqueByRealPath((await expandProfilePaths(opts.paths)).flatMap((g) => g.files));
  const planned: { file: string; real: string; identity: FileIdentity; before: string; result: FixResult }[] = [];
  for (const { file, real } of files) {
    const { text: before, file: identity } = await readProfileFileWithIdentity(file);
    try {
      planned.push({ file, real, identity, before, result: fixProfileText(before, policy) });
    } catch (err) {
      if (err instanceof ProfileParseError)
        throw new FixRefusedError(`${file}:${err.line}:${err.column}: ${err.reason}; nothing was changed`, {
          cause: err,
        });
      throw err;
    }
  }
  let raced = 0;
  let unfixable = 0;
  for (const { file, real, identity, before, result } of planned) {
    // What the engine still finds after the fix: said, never hidden behind "fixed".
    if (result.remaining.length > 0) {
      unfixable++;
      io.stderr.write(
        `dlna-bridge: ${file}: the policy still does not hold after the fix:\n${result.remaining.map((r) => `  - ${r}\n`).join('')}`,
      );
    }
    if (!result.changed) {
      if (result.remaining.length === 0) io.stdout.write(`${file}: already fixed, nothing to change\n`);
      continue;
    }
    if (opts.dryRun) {
      io.stdout.write(unifiedDiff(before, result.text, file, file));
      continue;
    }
    let backupPath: string | undefined;
    try {
      ({ backupPath } = await atomicWriteFile(real, result.text, { backup: opts.backup === true, expect: identity }));
    } catch (err) {
      if (err instanceof FileChangedError) {
        io.stderr.write(`dlna-bridge: ${file} ${err.message}; not written (run again to fix the new content)\n`);
        raced++;
        continue;
      }
      throw new ProfileFileError('PROFILE_FILE_UNWRITABLE', `cannot write ${file}: ${errnoWords(err)}`, { cause: err });
    }
    io.stdout.write(
      `${file}: fixed${backupPath ? ` (previous version kept as ${backupPath})` : ''}\n${result.changes.map((c) => `  - ${c}\n`).join('')}`,
    );
  }
  if (opts.dryRun && planned.some((p) => p.result.changed)) io.stderr.write('dry run: nothing was written\n');
  if (raced > 0) return EXIT_ERROR;
  return unfixable > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * The files to fix, each once: `a.xml a.xml`, or a file and its folder, or a
 * link and its target name one file, and fixing it twice would back up the
 * first fix over the original. Writes go to the real path, so a profile that
 * is a link is fixed where it lives and the link stays.
 */
async function uniqueByRealPath(files: readonly string[]): Promise<{ file: string; real: string }[]> {
  const seen = new Set<string>();
  const out: { file: string; real: string }[] = [];
  for (const file of files) {
    let real: string;
    try {
      real = await fs.realpath(file);
    } catch (err) {
      throw cannotRead(file, err);
    }
    if (seen.has(real)) continue;
    seen.add(real);
    out.push({ file, real });
  }
  return out;
}
