// The one base class for errors dlna-bridge throws on purpose. Each area owns
// its subclasses (as undici's lib/core/errors.js does); callers tell them apart
// by `code`, which is stable across releases, never by message or class name.
// Only src/cli turns them into exit codes and printed lines (src/cli/errors.ts).

/**
 * Whose problem it is, which decides the exit code at the CLI boundary:
 * `input` (the user's arguments, files or settings: fix and rerun) and
 * `environment` (a server, cluster, tool or disk that did not do its part)
 * both make a command fail (exit 2); `finding` is a check that ran and found
 * something (exit 1).
 */
export type ErrorKind = 'input' | 'environment' | 'finding';

export abstract class DlnaBridgeError extends Error {
  /** Stable identifier, SCREAMING_SNAKE_CASE with an area prefix: PROFILE_NOT_FOUND, QBT_LOGIN_REFUSED. */
  abstract readonly code: string;
  /** Defaults to `input`; subclasses for servers and tools override it. */
  readonly kind: ErrorKind = 'input';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export function isDlnaBridgeError(err: unknown): err is DlnaBridgeError {
  return err instanceof DlnaBridgeError;
}
