import { pino, destination, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { redactUrlsInText } from './redact-url.js';

export type { Logger };

/**
 * Structured JSON logs on stderr, one line per notable event (pino). stdout
 * stays free for command output. "level" is the level's name ("warn"), not
 * pino's number, so a person and `jq 'select(.level=="warn")'` read it alike.
 *
 * Secrets never reach a line: credential fields are censored by path, and
 * every string in a line (message, fields, child bindings, error messages and
 * stacks) has its URLs' userinfo and query strings blanked, whoever logged it
 * (as in --upstream http://user:pass@host/?api_key=...).
 */
export function createLogger(
  level: LevelWithSilent = 'info',
  name = 'dlna-bridge',
  stream?: DestinationStream,
): Logger {
  const logger = pino(
    {
      name,
      level,
      redact: {
        paths: [
          'password',
          '*.password',
          'authorization',
          '*.authorization',
          'headers.cookie',
          'headers.authorization',
        ],
        censor: '[redacted]',
      },
      formatters: {
        level: (label) => ({ level: label }),
        bindings: (bindings) => scrub(bindings) as Record<string, unknown>,
        log: (object) => scrub(object) as Record<string, unknown>,
      },
      // Errors arrive here already scrubbed into plain objects (scrub below).
      serializers: { err: (e: unknown) => e },
      hooks: {
        logMethod(args, method) {
          // The message strings; merging objects go through formatters.log. An
          // Error given first becomes { err } with its message as the message,
          // as pino would do, but scrubbed.
          const [first, ...rest] = args as unknown[];
          const scrubbed =
            first instanceof Error ? [{ err: scrub(first) }, ...(rest.length > 0 ? rest : [first.message])] : args;
          method.apply(
            this,
            scrubbed.map((a) => (typeof a === 'string' ? redactUrlsInText(a) : a)) as Parameters<typeof method>,
          );
        },
      },
    },
    stream ?? destination({ fd: 2, sync: false }),
  );
  // Child bindings ({ source: name }) skip formatters.bindings in pino: scrub
  // them on the way in. Children inherit this child() from their prototype.
  const child = logger.child;
  logger.child = function (this: Logger, bindings: Record<string, unknown>, options?: object) {
    return child.call(this, scrub(bindings) as Record<string, unknown>, options);
  } as typeof logger.child;
  return logger;
}

const MAX_DEPTH = 6;

/** A copy of a log value with the URLs in its strings redacted; Errors become plain objects. */
export function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactUrlsInText(value);
  if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH) return value;
  if (value instanceof URL) return redactUrlsInText(value.href);
  if (value instanceof Error) {
    const out: Record<string, unknown> = { type: value.name, message: redactUrlsInText(value.message) };
    if (value.stack) out['stack'] = redactUrlsInText(value.stack);
    const code = (value as NodeJS.ErrnoException).code;
    if (code !== undefined) out['code'] = code;
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrub(v, depth + 1);
  return out;
}
