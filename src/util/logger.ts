import { pino, destination, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

/**
 * Structured JSON logs on stderr, one line per notable event (pino). stdout
 * stays free for command output. Redacts credentials wherever they appear.
 */
export function createLogger(level: LevelWithSilent = 'info', name = 'dlna-bridge'): Logger {
  return pino(
    {
      name,
      level,
      redact: {
        paths: ['password', '*.password', 'authorization', '*.authorization', 'headers.cookie', 'headers.authorization'],
        censor: '[redacted]',
      },
    },
    destination({ fd: 2, sync: false }),
  );
}
