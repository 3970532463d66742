// The memory the proxy may spend on response bodies it holds to rewrite (XML
// answers are rewritten whole, so each is in memory until the client has
// taken it). One budget for the process, so no number of clients that ask and
// never read can push it past its memory limit, and a share per client, so
// one LAN host cannot take all of it. Bytes are taken before they are read
// from the upstream (a paused upstream response is the backpressure) and given
// back when the client's exchange ends. Waiting for room is bounded: the
// caller answers 503 when the wait runs out. No I/O.

export interface BudgetLimits {
  /** Bytes held by all exchanges together. */
  totalBytes: number;
  /** Bytes held by the exchanges of one client address. */
  perClientBytes: number;
}

interface Waiter {
  client: string;
  bytes: number;
  grant: (ok: boolean) => void;
}

export class BodyBudget {
  private usedTotal = 0;
  private readonly byClient = new Map<string, number>();
  private readonly waiters: Waiter[] = [];

  constructor(readonly limits: BudgetLimits) {
    if (!(limits.perClientBytes > 0 && limits.totalBytes >= limits.perClientBytes)) {
      throw new RangeError(
        `body budget: need 0 < perClientBytes (${limits.perClientBytes}) <= totalBytes (${limits.totalBytes})`,
      );
    }
  }

  get used(): number {
    return this.usedTotal;
  }

  usedBy(client: string): number {
    return this.byClient.get(client) ?? 0;
  }

  /** Whether `bytes` more would ever fit for one client (else waiting is pointless). */
  canEverFit(bytes: number): boolean {
    return bytes <= this.limits.perClientBytes;
  }

  /** Takes `bytes` for `client` now if both limits allow. */
  tryTake(client: string, bytes: number): boolean {
    if (!this.fits(client, bytes)) return false;
    this.add(client, bytes);
    return true;
  }

  /** Takes `bytes` whatever the limits say: for bytes already in memory (a rewrite that grew the body). */
  force(client: string, bytes: number): void {
    this.add(client, bytes);
  }

  /**
   * Takes `bytes` as soon as they fit, waiting at most `waitMs`. The returned
   * cancel() withdraws a pending wait (the client left); once `done` got true
   * the bytes are the caller's to give back.
   */
  take(client: string, bytes: number, waitMs: number, done: (ok: boolean) => void): () => void {
    if (this.tryTake(client, bytes)) {
      done(true);
      return () => {};
    }
    if (!this.canEverFit(bytes) || waitMs <= 0) {
      done(false);
      return () => {};
    }
    let settled = false;
    const waiter: Waiter = {
      client,
      bytes,
      grant: (ok) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.drop(waiter);
        done(ok);
      },
    };
    const timer = setTimeout(() => waiter.grant(false), waitMs);
    this.waiters.push(waiter);
    return () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      this.drop(waiter);
      this.wake();
    };
  }

  give(client: string, bytes: number): void {
    if (bytes <= 0) return;
    this.usedTotal -= bytes;
    const left = this.usedBy(client) - bytes;
    if (left > 0) this.byClient.set(client, left);
    else this.byClient.delete(client);
    this.wake();
  }

  private fits(client: string, bytes: number): boolean {
    return (
      this.usedTotal + bytes <= this.limits.totalBytes && this.usedBy(client) + bytes <= this.limits.perClientBytes
    );
  }

  private add(client: string, bytes: number): void {
    this.usedTotal += bytes;
    this.byClient.set(client, this.usedBy(client) + bytes);
  }

  private drop(waiter: Waiter): void {
    const i = this.waiters.indexOf(waiter);
    if (i >= 0) this.waiters.splice(i, 1);
  }

  /** Grants waiters in arrival order; one that does not fit yet does not hold up smaller ones behind it. */
  private wake(): void {
    for (const waiter of [...this.waiters]) {
      // A grant runs the waiter's callback, which may give bytes back and wake others first.
      if (!this.waiters.includes(waiter)) continue;
      if (this.fits(waiter.client, waiter.bytes)) {
        this.add(waiter.client, waiter.bytes);
        waiter.grant(true);
      }
    }
  }
}

/**
 * What one exchange holds of the budget: grows as the body arrives, given back
 * whole (once) when the exchange ends; a grant that arrives after the end is
 * given back at once.
 */
export class BudgetHold {
  private heldBytes = 0;
  private closed = false;
  private cancelWait: (() => void) | undefined;

  constructor(
    private readonly budget: BodyBudget,
    private readonly client: string,
  ) {}

  get held(): number {
    return this.heldBytes;
  }

  /** Grows by `bytes`, waiting at most `waitMs`; `done(false)`: no room in time (or the exchange ended). */
  grow(bytes: number, waitMs: number, done: (ok: boolean) => void): void {
    if (this.closed) return done(false);
    this.cancelWait = this.budget.take(this.client, bytes, waitMs, (ok) => {
      this.cancelWait = undefined;
      if (ok && this.closed) {
        this.budget.give(this.client, bytes);
        return done(false);
      }
      if (ok) this.heldBytes += bytes;
      done(ok);
    });
  }

  /** Counts bytes already in memory beyond what is held (never refused: they exist). */
  cover(total: number): void {
    if (this.closed || total <= this.heldBytes) return;
    this.budget.force(this.client, total - this.heldBytes);
    this.heldBytes = total;
  }

  release(): void {
    if (this.closed) return;
    this.closed = true;
    this.cancelWait?.();
    this.budget.give(this.client, this.heldBytes);
    this.heldBytes = 0;
  }
}
