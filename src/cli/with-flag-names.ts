// A command's run() throws DlnaBridgeErrors that know nothing of flags; the
// command's CLI module knows which flag each error code belongs to. This runs
// the command so that main() prints `--url: not a URL: ...` for such a code
// (src/cli/errors.ts's flagFor) and the exit code run() returned otherwise.
import { DlnaBridgeError } from '../util/errors.js';
import { reportError } from './errors.js';
import { CliError } from './exit-codes.js';

/** The flag behind an error code, from a command's table: { QBT_URL_INVALID: '--url' }. */
export function flagTable(table: Readonly<Record<string, string>>): (code: string) => string | undefined {
  return (code) => (Object.hasOwn(table, code) ? table[code] : undefined);
}

/** Runs a command and sets process.exitCode from what it returns; an error whose code has a flag is thrown again with the flag in front. */
export async function runNamingFlags(
  flagFor: (code: string) => string | undefined,
  run: () => Promise<number>,
): Promise<void> {
  let exitCode: number;
  try {
    exitCode = await run();
  } catch (err) {
    if (err instanceof DlnaBridgeError && flagFor(err.code) !== undefined) {
      const reported = reportError(err, flagFor)!;
      throw new CliError(reported.line, reported.exitCode);
    }
    throw err;
  }
  if (exitCode !== 0) process.exitCode = exitCode;
}
