// The one place where an error becomes what the user sees: one line on stderr
// and an exit code. Library code throws DlnaBridgeError subclasses (src/util/
// errors.ts) and never decides exit codes or mentions flags.
import { DlnaBridgeError } from '../util/errors.js';
import { CliError, EXIT_ERROR, EXIT_FINDINGS } from './exit-codes.js';

export interface Reported {
  line: string;
  exitCode: number;
}

/**
 * How `err` is reported, or undefined for an error nobody threw on purpose
 * (a bug: the caller prints its stack). `flagFor` lets a command name the flag
 * behind an error code (`--config-dir: ...`) without the library knowing flags.
 */
export function reportError(err: unknown, flagFor?: (code: string) => string | undefined): Reported | undefined {
  if (err instanceof CliError) return { line: err.message, exitCode: err.exitCode };
  if (err instanceof DlnaBridgeError) {
    const flag = flagFor?.(err.code);
    return {
      line: flag ? `${flag}: ${err.message}` : err.message,
      exitCode: err.kind === 'finding' ? EXIT_FINDINGS : EXIT_ERROR,
    };
  }
  return undefined;
}
