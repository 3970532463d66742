// What each upstream looks like to the bridge right now, and why: the state
// /readyz lists, the `dlna_bridge_upstream_up{upstream}` gauge, and the warn
// lines that say why an upstream is not usable (issue 11, "the daemon says
// why"). Sources report every look (up, or failed with a reason); this keeps
// the latest per upstream and decides what is worth a log line:
//   - the first failure of an upstream, and a failure after it was up: always;
//   - a change of reason while it stays down: at most one line per
//     `minWarnIntervalMs` per upstream (a flapping reason cannot flood the
//     log), the line counting the changes it stands for;
//   - the same reason again: nothing (the debug level has every look).
// Names are secret-free labels (src/util/redact-url.ts upstreamLabel), never
// URLs with userinfo or a query.
import type { Gauge } from 'prom-client';
import { createLogger, type Logger } from '../../util/logger.js';
import type { FailureKind, UpstreamFailure } from './upstream-failure.js';

export type UpstreamState = 'starting' | 'up' | 'down';

export interface UpstreamStatus {
  name: string;
  state: UpstreamState;
  /** ISO time of the last change of state. */
  since: string;
  /** The latest failure, kept after the upstream comes back (with when it happened). */
  lastError?: { kind: FailureKind; reason: string; at: string };
}

export interface UpstreamHealthOptions {
  logger?: Logger;
  /** Set to 1/0 per upstream name. */
  gauge?: Gauge<'upstream'>;
  minWarnIntervalMs?: number;
  now?: () => number;
}

export const DEFAULT_MIN_WARN_INTERVAL_MS = 60_000;

interface Tracked {
  status: UpstreamStatus;
  /** The reason of the last warn line, to tell a change from a repeat. */
  loggedReason?: string;
  lastWarnAt?: number;
  /** Reason changes not logged because of the rate limit. */
  unlogged: number;
}

export class UpstreamHealth {
  private readonly logger: Logger;
  private readonly gauge: Gauge<'upstream'> | undefined;
  private readonly minWarnIntervalMs: number;
  private readonly now: () => number;
  private readonly tracked = new Map<string, Tracked>();

  constructor(options: UpstreamHealthOptions = {}) {
    this.logger = (options.logger ?? createLogger('silent')).child({ component: 'upstreams' });
    this.gauge = options.gauge;
    this.minWarnIntervalMs = options.minWarnIntervalMs ?? DEFAULT_MIN_WARN_INTERVAL_MS;
    this.now = options.now ?? Date.now;
  }

  /** An upstream the bridge will look at; listed (as "starting") before its first look ends. */
  register(name: string): void {
    if (this.tracked.has(name)) return;
    this.tracked.set(name, { status: { name, state: 'starting', since: this.iso() }, unlogged: 0 });
    this.gauge?.set({ upstream: name }, 0);
  }

  /** A look found it usable. */
  up(name: string): void {
    const t = this.get(name);
    if (t.status.state !== 'up') {
      if (t.status.state === 'down')
        this.logger.info({ upstream: name, downSince: t.status.since }, 'upstream reachable again');
      t.status = { ...t.status, state: 'up', since: this.iso() };
    }
    // A later failure is a new story: its first line is logged, whatever the reason.
    t.loggedReason = undefined;
    t.unlogged = 0;
    this.gauge?.set({ upstream: name }, 1);
  }

  /** A look failed. Logs per the rules above. */
  failed(name: string, failure: UpstreamFailure): void {
    const t = this.get(name);
    const at = this.iso();
    const wasDown = t.status.state === 'down';
    t.status = { name, state: 'down', since: wasDown ? t.status.since : at, lastError: { ...failure, at } };
    this.gauge?.set({ upstream: name }, 0);
    const key = `${failure.kind}\n${failure.reason}`;
    if (wasDown && key === t.loggedReason) {
      this.logger.debug({ upstream: name, kind: failure.kind, reason: failure.reason }, 'upstream still unavailable');
      return;
    }
    const now = this.now();
    if (wasDown && t.lastWarnAt !== undefined && now - t.lastWarnAt < this.minWarnIntervalMs) {
      t.unlogged++;
      this.logger.debug(
        { upstream: name, kind: failure.kind, reason: failure.reason },
        'upstream unavailable, reason changed (warn rate-limited)',
      );
      return;
    }
    const fields = {
      upstream: name,
      kind: failure.kind,
      reason: failure.reason,
      ...(t.unlogged > 0 ? { changesNotLogged: t.unlogged } : {}),
    };
    this.logger.warn(fields, wasDown ? 'upstream still unavailable, for another reason' : 'upstream unavailable');
    t.loggedReason = key;
    t.lastWarnAt = now;
    t.unlogged = 0;
  }

  /** An upstream the bridge no longer looks at (a stopped source). */
  remove(name: string): void {
    this.tracked.delete(name);
    this.gauge?.remove({ upstream: name });
  }

  /** "name: reason; name: reason" for the upstreams that are down, or undefined when none is. */
  downReasons(): string | undefined {
    const down = [...this.tracked.values()].filter((t) => t.status.state === 'down' && t.status.lastError);
    return down.length === 0
      ? undefined
      : down.map((t) => `${t.status.name}: ${t.status.lastError!.reason}`).join('; ');
  }

  list(): UpstreamStatus[] {
    return [...this.tracked.values()].map((t) => ({ ...t.status }));
  }

  private get(name: string): Tracked {
    this.register(name);
    return this.tracked.get(name)!;
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }
}
