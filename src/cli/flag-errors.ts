// A command's run() whose errors name the flag they came from (`--config-dir:
// /x: does not exist`): the library throws by code, the command says which of
// its flags each code belongs to, and main() prints the line as for any error.
import { CliError } from './exit-codes.js';
import { reportError } from './errors.js';

/** The exit code of `run`, or its error re-thrown as the line and exit code reportError gives with `flagFor`. */
export async function withFlagNames(run: () => Promise<number>, flagFor: (code: string) => string | undefined): Promise<number> {
  try {
    return await run();
  } catch (err) {
    const reported = reportError(err, flagFor);
    if (reported === undefined) throw err;
    throw new CliError(reported.line, reported.exitCode);
  }
}
