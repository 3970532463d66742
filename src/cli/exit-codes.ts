/** The exit codes (src/util/exit-codes.ts), for the CLI's modules. */
import { EXIT_ERROR } from '../util/exit-codes.js';

export { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK } from '../util/exit-codes.js';

/**
 * An error the CLI prints as one plain line (no stack) and maps to an exit code.
 * Library code throws it for conditions the user can fix (bad input, missing file).
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_ERROR,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
