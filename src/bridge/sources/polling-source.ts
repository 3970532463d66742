// The loop shared by sources that look at one URL every few seconds (static
// description URL, Jellyfin). A probe says what is there now; this turns
// successive looks into 'up'/'down' events, emitted only on a change, so the
// catalog and the logs see transitions, not every poll. Every look is also
// reported to the upstream health tracker, which says why in the log and on
// /readyz (upstream-health.ts).
import type { SourceEvent } from '../catalog/types.js';
import type { Source } from './source.js';
import { createLogger, type Logger } from '../../util/logger.js';
import { describeProbeFailure } from './upstream-failure.js';
import { UpstreamHealth } from './upstream-health.js';

export interface ProbeResult {
  location: URL;
  descriptionText: string;
}

/** Looks once. Rejects with a plain reason when the server is not (or no longer) usable. */
export type Probe = () => Promise<ProbeResult>;

export interface PollingOptions {
  /** Time between the end of one look and the start of the next. */
  intervalMs?: number;
  logger?: Logger;
  /** Where looks are reported (the daemon's shared one); by default a private one that only logs. */
  health?: UpstreamHealth;
  /** This upstream's name there (default: the source's name). */
  healthName?: string;
}

export const DEFAULT_POLL_INTERVAL_MS = 10_000;

export class PollingSource implements Source {
  private readonly intervalMs: number;
  private readonly logger: Logger;
  private readonly health: UpstreamHealth;
  private readonly healthName: string;
  private emit: ((event: SourceEvent) => void) | undefined;
  private current: ProbeResult | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private stopped = false;

  constructor(
    readonly name: string,
    private readonly probe: Probe,
    options: PollingOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.logger = (options.logger ?? createLogger('silent')).child({ source: name });
    this.health = options.health ?? new UpstreamHealth({ logger: options.logger });
    this.healthName = options.healthName ?? name;
    this.health.register(this.healthName);
  }

  async start(emit: (event: SourceEvent) => void): Promise<void> {
    this.emit = emit;
    this.stopped = false;
    await this.look();
  }

  /** Stops polling. Emits nothing: on shutdown the advertiser says byebye for everything anyway. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  private look(): Promise<void> {
    this.inFlight = this.lookOnce().finally(() => {
      this.inFlight = undefined;
      if (!this.stopped) {
        this.timer = setTimeout(() => void this.look(), this.intervalMs);
        this.timer.unref();
      }
    });
    return this.inFlight;
  }

  private async lookOnce(): Promise<void> {
    let seen: ProbeResult;
    try {
      seen = await this.probe();
    } catch (err) {
      if (this.stopped) return;
      const failure = describeProbeFailure(err);
      // The warn line (first failure, a new reason) comes from the health tracker.
      this.health.failed(this.healthName, failure);
      if (this.current) {
        this.send({ kind: 'down', source: this.name, location: this.current.location, reason: failure.reason });
        this.current = undefined;
      }
      return;
    }
    if (this.stopped) return;
    this.health.up(this.healthName);
    const before = this.current;
    if (before && before.location.href === seen.location.href && before.descriptionText === seen.descriptionText)
      return;
    if (before && before.location.href !== seen.location.href) {
      // The same source now points elsewhere (a new Jellyfin server id): the old location is gone.
      this.send({
        kind: 'down',
        source: this.name,
        location: before.location,
        reason: `moved to ${seen.location.href}`,
      });
    }
    this.current = seen;
    this.logger.info({ location: seen.location.href }, before ? 'upstream description changed' : 'upstream up');
    this.send({ kind: 'up', source: this.name, location: seen.location, descriptionText: seen.descriptionText });
  }

  private send(event: SourceEvent): void {
    try {
      this.emit?.(event);
    } catch (err) {
      this.logger.error({ err: (err as Error).message }, 'source consumer failed');
    }
  }
}
