// `--advertise leader`: of all bridge replicas on one LAN, only the holder of a
// coordination.k8s.io Lease announces, so TVs see one server, not one per node.
//
// Timing (defaults as client-go's): the leader renews every renewInterval and
// steps down when it has not renewed for renewDeadline (< leaseDuration), so it
// stops announcing before anyone else may start. A follower re-reads the lease
// every retryInterval and, in the round that falls due, exactly when the lease
// it observed expires: a dead leader is replaced within leaseDuration plus one
// retryInterval of its last renewal. A leader that stops (SIGTERM) releases the
// lease, so a successor takes over at its next look instead of after expiry.
import type { Logger } from '../../util/logger.js';
import { systemClock, type Clock } from './clock.js';
import { decide, observe, releaseWrite, type Observation } from './lease-record.js';
import type { LeaseStore } from '../../k8s/lease-store.js';

export interface LeaderCallbacks {
  /** This replica now holds the lease: start announcing. */
  onStartedLeading(): void;
  /** This replica no longer holds (or can no longer prove it holds) the lease: send byebye, stop announcing. */
  onStoppedLeading(reason: string): void;
  /** Someone else holds the lease (for logs and /readyz). */
  onNewLeader?(identity: string): void;
}

export interface LeaderElectionOptions extends LeaderCallbacks {
  identity: string;
  store: LeaseStore;
  leaseDurationSeconds?: number;
  renewIntervalMs?: number;
  renewDeadlineMs?: number;
  retryIntervalMs?: number;
  clock?: Clock;
  logger?: Logger;
}

export const DEFAULT_LEASE_DURATION_SECONDS = 15;
export const DEFAULT_RENEW_INTERVAL_MS = 5_000;
export const DEFAULT_RENEW_DEADLINE_MS = 10_000;
export const DEFAULT_RETRY_INTERVAL_MS = 2_000;

export class LeaderElectionConfigError extends Error {
  override name = 'LeaderElectionConfigError';
}

export class LeaderElector {
  private readonly leaseDurationSeconds: number;
  private readonly renewIntervalMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryIntervalMs: number;
  private readonly clock: Clock;
  private observation: Observation | null = null;
  private leading = false;
  private lastRenew = 0;
  private knownLeader: string | undefined;
  private timer: unknown;
  private watchdog: unknown;
  private round: Promise<void> | undefined;
  private stopped = true;

  constructor(private readonly options: LeaderElectionOptions) {
    this.leaseDurationSeconds = options.leaseDurationSeconds ?? DEFAULT_LEASE_DURATION_SECONDS;
    this.renewIntervalMs = options.renewIntervalMs ?? DEFAULT_RENEW_INTERVAL_MS;
    this.renewDeadlineMs = options.renewDeadlineMs ?? DEFAULT_RENEW_DEADLINE_MS;
    this.retryIntervalMs = options.retryIntervalMs ?? DEFAULT_RETRY_INTERVAL_MS;
    this.clock = options.clock ?? systemClock;
    if (!options.identity) throw new LeaderElectionConfigError('leader election needs an identity (the pod name)');
    if (!Number.isInteger(this.leaseDurationSeconds) || this.leaseDurationSeconds < 1)
      throw new LeaderElectionConfigError('lease duration must be a whole number of seconds, 1 or more');
    if (this.renewDeadlineMs >= this.leaseDurationSeconds * 1000)
      throw new LeaderElectionConfigError('renew deadline must be shorter than the lease duration');
    if (this.renewIntervalMs >= this.renewDeadlineMs)
      throw new LeaderElectionConfigError('renew interval must be shorter than the renew deadline');
    if (this.retryIntervalMs <= 0) throw new LeaderElectionConfigError('retry interval must be positive');
  }

  get isLeader(): boolean {
    return this.leading;
  }

  get leader(): string | undefined {
    return this.leading ? this.options.identity : this.knownLeader;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stop electing; a leader releases the lease and steps down (its byebye goes out before this resolves). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.clock.clearTimeout(this.timer);
    await this.round;
    this.stepDown('shutting down');
    const obs = this.observation;
    if (obs && obs.record.holderIdentity === this.options.identity) {
      try {
        await this.options.store.update(releaseWrite(obs.record, this.clock.now()), obs.record.resourceVersion);
      } catch (err) {
        this.options.logger?.warn({ err: (err as Error).message }, 'could not release the lease; it expires by itself');
      }
    }
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(
      () => {
        this.round = this.runRound().finally(() => {
          this.round = undefined;
        });
      },
      Math.max(0, ms),
    );
  }

  private async runRound(): Promise<void> {
    const { store, identity, logger } = this.options;
    let next = this.retryIntervalMs;
    try {
      const record = await store.get();
      if (this.stopped) return;
      this.observation = observe(this.observation, record, this.clock.now());
      const d = decide({
        identity,
        now: this.clock.now(),
        leaseDurationSeconds: this.leaseDurationSeconds,
        current: this.observation,
      });
      switch (d.action) {
        case 'create':
        case 'takeover':
        case 'renew': {
          const result =
            d.action === 'create' ? await store.create(d.write) : await store.update(d.write, d.resourceVersion);
          if (this.stopped) {
            // stop() ran while the write was in flight: remember what we hold so it can release it.
            if (result !== 'conflict') this.observation = { record: result, observedAt: this.clock.now() };
            return;
          }
          if (result === 'conflict') {
            // Someone wrote first. Read again at once: it may be a new leader or a concurrent renew of ours.
            if (d.action === 'renew') this.stepDown('the lease was written by another replica');
            next = 0;
            this.observation = null;
            break;
          }
          this.observation = { record: result, observedAt: this.clock.now() };
          this.renewed();
          if (d.action === 'takeover')
            logger?.info({ previous: d.previousHolder || '(released)' }, 'took over the lease');
          next = this.renewIntervalMs;
          break;
        }
        case 'wait':
          if (this.leading) this.stepDown(`the lease is held by ${d.holder}`);
          if (this.knownLeader !== d.holder) {
            this.knownLeader = d.holder;
            this.options.onNewLeader?.(d.holder);
          }
          // Look again exactly when the observed lease runs out (+1 ms so it has), or at the next retry.
          next = Math.min(this.retryIntervalMs, d.expiresAt - this.clock.now() + 1);
          break;
      }
    } catch (err) {
      logger?.warn({ err: (err as Error).message, lease: store.description }, 'leader election round failed');
      // The watchdog steps a leader down once renewDeadline passes without a renewal.
    }
    this.schedule(next);
  }

  private renewed(): void {
    this.lastRenew = this.clock.now();
    if (!this.leading) {
      this.leading = true;
      this.knownLeader = this.options.identity;
      this.options.logger?.info({ identity: this.options.identity }, 'became the leader');
      this.options.onStartedLeading();
    }
    // A renewal that hangs must not keep a leader announcing past its deadline.
    this.armWatchdog(this.renewDeadlineMs);
  }

  private armWatchdog(ms: number): void {
    this.clock.clearTimeout(this.watchdog);
    this.watchdog = this.clock.setTimeout(() => {
      if (!this.leading) return;
      const left = this.lastRenew + this.renewDeadlineMs - this.clock.now();
      // Timers may fire a little early against the wall clock: re-arm rather than miss the deadline.
      if (left > 0) this.armWatchdog(left);
      else this.stepDown(`no renewal for ${this.renewDeadlineMs} ms`);
    }, ms);
  }

  private stepDown(reason: string): void {
    this.clock.clearTimeout(this.watchdog);
    if (!this.leading) return;
    this.leading = false;
    this.knownLeader = undefined;
    this.options.logger?.warn({ reason }, 'stepped down');
    this.options.onStoppedLeading(reason);
  }
}
