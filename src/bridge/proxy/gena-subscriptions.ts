// The event relay's table: which TV callback URLs each relay token stands for,
// which upstream may deliver to it, and until when. A token is made for each
// new SUBSCRIBE before it is forwarded (the upstream may send its initial
// NOTIFY before the proxy has read the SUBSCRIBE answer), confirmed with the
// upstream's SID and TIMEOUT, extended by renewals, dropped by UNSUBSCRIBE, by
// a refused SUBSCRIBE or when it expires. Bounded. Pure: time comes in.

export interface RelayedSubscription {
  token: string;
  /** The TV's own CALLBACK URLs, in its order (UDA: try each until one answers). */
  callbacks: string[];
  sid?: string;
  expiresAt: number;
}

/** How long a token waits for its SUBSCRIBE answer, and the grace after a subscription's TIMEOUT. */
export const PENDING_MS = 60_000;
export const GRACE_MS = 60_000;
export const DEFAULT_TIMEOUT_S = 1800;
export const MAX_SUBSCRIPTIONS = 1024;

/** "Second-300" -> 300; "infinite" or unreadable: the default (never forever: the table is bounded). */
export function parseTimeoutHeader(value: string | undefined): number {
  const m = /^\s*Second-(\d{1,9})\s*$/i.exec(value ?? '');
  return m ? Math.min(Number(m[1]), 7 * 24 * 3600) : DEFAULT_TIMEOUT_S;
}

export class SubscriptionTable {
  private readonly byToken = new Map<string, RelayedSubscription>();
  private readonly bySid = new Map<string, string>();

  constructor(private readonly max = MAX_SUBSCRIPTIONS) {}

  get size(): number {
    return this.byToken.size;
  }

  /** A new pending token; false when the table is full even after dropping expired ones. */
  add(entry: Omit<RelayedSubscription, 'expiresAt' | 'sid'>, now: number): boolean {
    this.sweep(now);
    if (this.byToken.size >= this.max) return false;
    this.byToken.set(entry.token, { ...entry, expiresAt: now + PENDING_MS });
    return true;
  }

  /** The upstream accepted the SUBSCRIBE: its SID and TIMEOUT. */
  confirm(token: string, sid: string, timeoutS: number, now: number): void {
    const sub = this.byToken.get(token);
    if (!sub) return;
    if (sub.sid) this.bySid.delete(sub.sid);
    sub.sid = sid;
    sub.expiresAt = now + timeoutS * 1000 + GRACE_MS;
    this.bySid.set(sid, token);
  }

  /** A renewal the upstream accepted. */
  renew(sid: string, timeoutS: number, now: number): void {
    const sub = this.lookupSid(sid);
    if (sub) sub.expiresAt = now + timeoutS * 1000 + GRACE_MS;
  }

  remove(token: string): void {
    const sub = this.byToken.get(token);
    if (!sub) return;
    this.byToken.delete(token);
    if (sub.sid) this.bySid.delete(sub.sid);
  }

  removeSid(sid: string): void {
    const token = this.bySid.get(sid);
    if (token) this.remove(token);
  }

  lookup(token: string, now: number): RelayedSubscription | undefined {
    const sub = this.byToken.get(token);
    if (sub && sub.expiresAt <= now) {
      this.remove(token);
      return undefined;
    }
    return sub;
  }

  private lookupSid(sid: string): RelayedSubscription | undefined {
    const token = this.bySid.get(sid);
    return token ? this.byToken.get(token) : undefined;
  }

  private sweep(now: number): void {
    for (const [token, sub] of this.byToken) if (sub.expiresAt <= now) this.remove(token);
  }
}
