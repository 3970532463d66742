/** Exit codes shared by every command (see README "Exit codes"). */
export const EXIT_OK = 0;
/** Findings, failed checks, or a file that would reach the TV in a denied format. */
export const EXIT_FINDINGS = 1;
/** Usage errors, I/O errors, parse errors: the command could not do its job. */
export const EXIT_ERROR = 2;

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
