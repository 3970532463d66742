// How the daemon learns it must stop: SIGTERM (Kubernetes, systemd, docker
// stop) or SIGINT (Ctrl-C). The first signal starts a graceful stop (byebye
// on the wire, then servers closed); a second one means "now", for a person
// who does not want to wait for a stuck stream to drain.

export type ShutdownSignal = 'SIGTERM' | 'SIGINT';

export interface ShutdownWaiter {
  /** Resolves with the first signal received. */
  signal: Promise<ShutdownSignal>;
  /** Removes the handlers (after shutdown, so a third signal gets Node's default). */
  dispose(): void;
}

export function waitForShutdownSignal(
  onSecondSignal: (signal: ShutdownSignal) => void,
  target: NodeJS.EventEmitter = process,
): ShutdownWaiter {
  let seen = 0;
  let resolve!: (s: ShutdownSignal) => void;
  const signal = new Promise<ShutdownSignal>((r) => (resolve = r));
  const handlers = (['SIGTERM', 'SIGINT'] as const).map((name) => {
    const h = (): void => {
      seen++;
      if (seen === 1) resolve(name);
      else onSecondSignal(name);
    };
    target.on(name, h);
    return [name, h] as const;
  });
  return {
    signal,
    dispose: () => {
      for (const [name, h] of handlers) target.off(name, h);
    },
  };
}
