// The leader-election state as the bridge sees it, and the one pure decision
// every round makes. Times are milliseconds on the local clock.
//
// Expiry is judged from when THIS replica last saw the lease change (observedAt),
// not from the holder's renewTime: node clocks differ, and a skewed clock must
// neither steal a live lease nor keep a dead one (client-go does the same).
import type { LeaseRecord, LeaseWrite } from '../../k8s/lease-store.js';

export interface Observation {
  record: LeaseRecord;
  /** Local time at which this replica first saw this resourceVersion. */
  observedAt: number;
}

export type Decision =
  | { action: 'create'; write: LeaseWrite }
  | { action: 'renew'; write: LeaseWrite; resourceVersion: string }
  | { action: 'takeover'; write: LeaseWrite; resourceVersion: string; previousHolder: string }
  | { action: 'wait'; holder: string; expiresAt: number };

export interface DecideInput {
  identity: string;
  now: number;
  leaseDurationSeconds: number;
  current: Observation | null;
}

/** What to do this round: create a missing lease, renew ours, take over an expired or released one, or wait. */
export function decide({ identity, now, leaseDurationSeconds, current }: DecideInput): Decision {
  if (!current) {
    return {
      action: 'create',
      write: { holderIdentity: identity, leaseDurationSeconds, acquireTime: now, renewTime: now, leaseTransitions: 0 },
    };
  }
  const r = current.record;
  if (r.holderIdentity === identity) {
    return {
      action: 'renew',
      resourceVersion: r.resourceVersion,
      write: { ...withoutVersion(r), leaseDurationSeconds, renewTime: now, acquireTime: r.acquireTime ?? now },
    };
  }
  const duration = (r.leaseDurationSeconds > 0 ? r.leaseDurationSeconds : leaseDurationSeconds) * 1000;
  const expiresAt = current.observedAt + duration;
  if (r.holderIdentity === '' || now >= expiresAt) {
    return {
      action: 'takeover',
      resourceVersion: r.resourceVersion,
      previousHolder: r.holderIdentity,
      write: {
        holderIdentity: identity,
        leaseDurationSeconds,
        acquireTime: now,
        renewTime: now,
        leaseTransitions: r.leaseTransitions + 1,
      },
    };
  }
  return { action: 'wait', holder: r.holderIdentity, expiresAt };
}

/** The write that gives the lease up at once (the next replica need not wait for expiry). */
export function releaseWrite(r: LeaseRecord, now: number): LeaseWrite {
  return { ...withoutVersion(r), holderIdentity: '', leaseDurationSeconds: 1, renewTime: now };
}

/** Keep observedAt when the record did not change; restart the clock when it did. */
export function observe(previous: Observation | null, record: LeaseRecord | null, now: number): Observation | null {
  if (!record) return null;
  if (previous && previous.record.resourceVersion === record.resourceVersion) return previous;
  return { record, observedAt: now };
}

function withoutVersion(r: LeaseRecord): LeaseWrite {
  const { resourceVersion: _rv, ...rest } = r;
  return rest;
}
